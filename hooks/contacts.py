"""The editors' contacts page: every contact with what readers never see (where each detail was found,
when it was checked, where sources disagree, open questions) and the pages that use it.

Generated like the review schedule, at docs/editors/contacts.md; data/contacts.yml stays the one source.
"""
from __future__ import annotations

import datetime as dt
from html import escape

import dates
import render
from content import Manual
from includes import Data
from paths import site_href

PAGE = "docs/editors/contacts.md"


def uses(manual: Manual, data: Data) -> dict[str, list[tuple[str, int]]]:
    """Per contact id, where it is used: (repository path, line) of every [[contact:]] and [[phone:]],
    and ("data/contacts.yml", line) where another contact names it as its out-of-hours contact."""
    found: dict[str, list[tuple[str, int]]] = {}
    for doc in manual.documents:
        if doc.readable and doc.meta.get("status") not in ("retired", "superseded"):
            for kind, arg, line in doc.outline().includes:
                if kind in ("contact", "phone") and arg in data.contacts:
                    found.setdefault(arg, []).append((doc.path, line))
    for ident, item in data.contacts.items():
        other = item.get("out_of_hours_contact")
        if other in data.contacts:
            found.setdefault(other, []).append(("data/contacts.yml", data.contact_lines[ident]))
    return found


def _questions(item: dict) -> list[str]:
    out = []
    for q in item.get("questions") or []:
        text, who = (q.get("question"), q.get("who")) if isinstance(q, dict) else (str(q), None)
        out.append(escape(str(text)) + (f" <em>({escape(str(who))})</em>" if who else ""))
    return out


def page_markdown(manual: Manual, data: Data, today: dt.date, page: str = PAGE) -> tuple[str, list[str]]:
    used = uses(manual, data)
    unverified = [i for i, item in data.contacts.items() if dates.parse(item.get("last_verified")) is None]
    out = [
        "---", "search:", "  exclude: true", "---", "",
        "# Contacts: sources and checks", "",
        f"Every contact in `data/contacts.yml`, as of {dates.uk(today)}: {len(data.contacts)} contacts, "
        f"{len(unverified)} not yet verified against the service's own live page. Readers see only the number, who it is for and when",
        "it is open; what is below is for editors. To change a contact, edit `data/contacts.yml` (its first lines",
        "list the fields); after checking a number with the service, set `last_verified` to the date.", "",
        render.slot(0), "",
    ]
    rows = []
    for ident, item in data.contacts.items():
        checked = dates.parse(item.get("last_verified"))
        numbers = ", ".join(escape(str(p.get("number"))) for p in item.get("phones") or []) or "none"
        lines: dict[str, list[str]] = {}  # page -> the lines that use the contact
        for p, n in used.get(ident, []):
            lines.setdefault(p, []).append(str(n))
        listed = "".join(
            f'<li><a href="{escape(site_href(page, p))}">{escape(str(manual.by_path[p].meta.get("title") or p))}</a> '
            f'(<code>{escape(p)}:{",".join(lines[p])}</code>)</li>' if p in manual.by_path
            else f"<li><code>{escape(p)}:{','.join(lines[p])}</code> (out of hours of another contact)</li>"
            for p in sorted(lines))
        facts = [
            ("Numbers", numbers),
            ("Audience", escape(str(item.get("audience") or "not set"))),
            ("Checked", dates.uk(checked) if checked else "<strong>Not verified</strong>"),
            ("Source", escape(str(item.get("source") or "none recorded"))),
        ]
        if item.get("disagreement"):
            facts.append(("Sources disagree", escape(str(item["disagreement"]))))
        if item.get("editor_note"):
            facts.append(("Note", escape(str(item["editor_note"]))))
        qs = _questions(item)
        if qs:
            facts.append(("Open questions", "<ul>" + "".join(f"<li>{q}</li>" for q in qs) + "</ul>"))
        facts.append(("Used on", f"<ul>{listed}</ul>" if listed else "not used on any page"))
        rows.append(f'<dt id="contact-{escape(ident)}">{escape(str(item["name"]))} (<code>{escape(ident)}</code>, '
                    f'<code>data/contacts.yml:{data.contact_lines[ident]}</code>)</dt>\n<dd><dl class="llr-editor-facts">'
                    + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl></dd>")
    return "\n".join(out), ['<dl class="llr-editor-contacts">\n' + "\n".join(rows) + "\n</dl>"]
