"""The measured accessibility result, for the accessibility statement.

`make a11y-report` runs axe-core in Chromium over every page of the built site (tests/browser/sweep.py)
and writes RESULTS (pages tested, date, violations by rule); a browser test fails when a fresh run no
longer matches the committed file. The statement shows it through the `[[accessibility-results]]`
include, rendered by `results_html` below: a pure function, so the words are tested without a browser.
"""
from __future__ import annotations

from html import escape

import dates

RESULTS = "data/accessibility-results.json"


def results_html(data: dict) -> str:
    """The result in plain words: what was tested, how, when, and what was found."""
    if not data or not data.get("pages"):
        return (
            '<div class="llr-a11y-results"><p>The automated check has not been run yet, so there is no '
            "result to show.</p></div>"
        )
    when = dates.uk(data.get("date")) or escape(str(data.get("date", "")))
    ways = data.get("configurations") or []
    rows = [
        f"<p>Latest automated check: <strong>{when}</strong>, using {escape(str(data.get('tool', 'axe-core')))} "
        f"in the {escape(str(data.get('browser', 'Chromium')))} web browser.</p>",
        f"<p>We checked all {int(data['pages'])} pages of this website, each one in {len(ways)} ways:</p>",
        "<ul>" + "".join(f"<li>{escape(str(w))}</li>" for w in ways) + "</ul>",
        f"<p>The check uses every rule the tool has for {escape(_standard(data))}.</p>",
    ]
    violations = data.get("violations") or {}
    if not violations:
        rows.append("<p><strong>Result: the check found no failures.</strong></p>")
    else:
        count = len(violations)
        rows.append(f"<p><strong>Result: the check found {count} kind{'s' if count != 1 else ''} of failure.</strong> "
                    "We are fixing them. They are:</p>")
        items = []
        for rule, v in violations.items():
            pages = v.get("pages") or []
            items.append(
                f"<li>{escape(str(v.get('help', rule)))} (axe-core rule <code>{escape(rule)}</code>), "
                f"on {len(pages)} page{'s' if len(pages) != 1 else ''}</li>"
            )
        rows.append("<ul>" + "".join(items) + "</ul>")
    rows.append(
        "<p>An automated check can find only some kinds of accessibility problem. A page with no failures "
        "here can still be hard to use, which is why we also check pages by hand.</p>"
    )
    return '<div class="llr-a11y-results">' + "\n".join(rows) + "</div>"


def _standard(data: dict) -> str:
    text = str(data.get("standard") or "WCAG 2.2 level AA")
    return text.split(" (", 1)[0]  # the tag list in brackets is for developers, not readers
