"""HTML put on every page: the title, the metadata block, notices, version history and link lists.
The hook adds all but the title after Material's search has indexed the page, so that search finds the
procedures themselves, not the same metadata and link lists on every page.

Pure functions of a Document; the hook only calls them.
"""
from __future__ import annotations

from html import escape

import dates
import paths
from model import Document


def slot(i: int) -> str:
    """Where block i of a generated page goes. A generated page's long lists and tables are HTML that
    Markdown has no need to see (its HTML parser costs about a second on a 3,000-row table): the page's
    Markdown holds this comment, which it passes through, and the hook puts the block in its place."""
    return f"<!-- llr-block-{i} -->"


def fill(html: str, blocks: list[str]) -> str:
    for i, block in enumerate(blocks):
        html = html.replace(slot(i), block, 1)
    return html


STATUS_LABEL = {"draft": "Draft", "approved": "Approved", "superseded": "Superseded", "retired": "Withdrawn"}


def title(doc: Document) -> str:
    return f'<h1>{escape(str(doc.meta.get("title", "")))}</h1>\n'


def header(doc: Document, banners: str = "") -> str:
    """The document's facts in one compact line under the title (status, version, in force or not),
    which opens to show the rest (dates, owner), then any notices. Printed open, without the line.
    Drafts get no box of their own: while the whole manual is draft, one notice says so on every page
    (site_notice); once some of it is approved, a draft says so in this line."""
    meta = doc.meta
    status = escape(STATUS_LABEL.get(meta.get("status"), str(meta.get("status", ""))))
    version = escape(str(meta.get("version", "")))
    first = [f"Status: {status}", f"Version {version}"]
    if meta.get("effective_from"):
        in_force = f"Effective {dates.uk(meta['effective_from'])}"
    elif meta.get("status") == "draft":
        in_force = "Not yet in force"
    else:
        in_force = ""
    if in_force:
        first.append(in_force)
    second = []
    if meta.get("last_reviewed"):
        second.append(f"Last reviewed {dates.uk(meta['last_reviewed'])}")
    if meta.get("review_due"):
        second.append(f'Next review due <time datetime="{escape(str(meta["review_due"]))}">{dates.uk(meta["review_due"])}</time>')
    rows = [" · ".join(first)]
    if second:
        rows.append(" · ".join(second))
    rows.append(f"Owner: {escape(str(meta.get('owner', '')))}")
    block = "".join(f'<p class="llr-meta__row">{row}</p>' for row in rows)
    line = " · ".join(filter(None, [status, f"version {version}", in_force.lower() if in_force.startswith("Not") else in_force]))
    summary = f'<summary class="llr-meta__summary">{line}<span class="llr-visually-hidden"> (about this document)</span></summary>'
    return f'<details class="llr-meta">{summary}{block}</details>\n{banners}'


def site_notice(documents: list[Document]) -> str:
    """The one notice on every page while every published document is a draft; nothing otherwise."""
    statuses = {d.meta.get("status") for d in documents if d.meta.get("status") not in ("superseded", "retired")}
    if statuses != {"draft"}:
        return ""
    return ('<p class="llr-strip__draft"><strong>Draft</strong><span class="llr-strip__wide">: these procedures are not yet approved, and</span>'
            '<span class="llr-strip__narrow">,</span> not yet in force</p>')


def page_list(heading: str, css: str, page: str, docs: list[Document]) -> str:
    """A titled list of links to other documents, titles read from each target (typed once)."""
    if not docs:
        return ""
    items = "".join(
        f'<li><a href="{escape(paths.site_href(page, d.path))}">{escape(str(d.meta.get("title", d.path)))}</a></li>' for d in docs
    )
    return f'<nav class="llr-links {css}" aria-label="{escape(heading)}"><h2 class="llr-links__title">{escape(heading)}</h2><ul>{items}</ul></nav>'


def footer(doc: Document, related: list[Document], referenced_by: list[Document], earlier: list[Document] = ()) -> str:
    return history(doc, list(earlier)) + page_list("Related", "llr-related", doc.path, related) + page_list("Referenced by", "llr-referenced-by", doc.path, referenced_by)


def overdue_banner(doc: Document, overdue_now: bool) -> str:
    """Shown when the review date has passed: decided at build time, and again in the reader's browser
    (assets/llr-page.js) from the date in the page, so a page built before its due date still shows it
    afterwards. A draft is not in force, so it never "remains in force"."""
    due = doc.meta.get("review_due")
    status = doc.meta.get("status")
    if not due or status not in ("draft", "approved"):
        return ""
    hidden = "" if overdue_now else ' hidden=""'  # as the sanitiser writes it, so a page passes its quick test
    if status == "draft":
        text = f"This draft was due for review on {dates.uk(due)}. It is not yet in force."
    else:
        text = f"This document was due for review on {dates.uk(due)}. It remains in force until it is replaced."
    return (f'<div class="admonition danger llr-overdue" role="note" data-review-due="{escape(str(due))}"{hidden}>'
            f'<p class="admonition-title">{text}</p></div>')


def superseded_banner(doc: Document, successor: Document | None) -> str:
    if doc.meta.get("status") != "superseded":
        return ""
    changes = doc.meta.get("changes") or [{}]
    until = dates.uk(changes[-1].get("date")) if isinstance(changes[-1], dict) else ""
    link = f'<a href="{escape(paths.site_href(doc.path, successor.path))}">{escape(str(successor.meta.get("title")))}</a>' if successor else "a newer document"
    return (f'<div class="admonition warning llr-superseded"><p class="admonition-title">This document has been replaced</p>'
            f"<p>It has been replaced by {link}. It is kept as a record of what was in force{' until ' + until if until else ''}. Do not use it for current practice.</p></div>")


def history(doc: Document, earlier: list[Document]) -> str:
    """The version history, collapsed at the foot of the page, with links to superseded editions."""
    changes = [c for c in doc.meta.get("changes") or [] if isinstance(c, dict)]
    rows = "".join(
        f"<tr><td>{escape(str(c.get('version')))}</td><td>{dates.uk(c.get('date'))}</td><td>{escape(str(c.get('summary', '')))}</td></tr>"
        for c in reversed(changes)
    )
    editions = ""
    if earlier:
        items = "".join(f'<li><a href="{escape(paths.site_href(doc.path, e.path))}">{escape(str(e.meta.get("title")))}</a> (version {escape(str(e.meta.get("version")))})</li>' for e in earlier)
        editions = f"<p>Earlier editions, kept as a record:</p><ul>{items}</ul>"
    return (f'<details class="llr-history"><summary>Version history</summary>'
            f"<table><thead><tr><th>Version</th><th>Date</th><th>What changed</th></tr></thead><tbody>{rows}</tbody></table>{editions}</details>")


def redirect_page(title: str, href: str) -> str:
    """A page left at an old address that sends the reader on to the new one."""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}: moved</title>'
            f'<meta http-equiv="refresh" content="0; url={escape(href)}"><link rel="canonical" href="{escape(href)}"></head>'
            f'<body><p>This page has moved to <a href="{escape(href)}">{escape(title)}</a>.</p></body></html>')


def withdrawn_page(doc: Document, successor: Document | None, href: str | None) -> str:
    """The page left at a retired document's address: a redirect to its successor, or a notice."""
    title = escape(str(doc.meta.get("title")))
    changes = doc.meta.get("changes") or [{}]
    when = dates.uk(changes[-1].get("date")) if isinstance(changes[-1], dict) else ""
    if successor and href:
        return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}: moved</title>'
                f'<meta http-equiv="refresh" content="0; url={escape(href)}"><link rel="canonical" href="{escape(href)}"></head>'
                f'<body><p>{title} was withdrawn on {when} and replaced by <a href="{escape(href)}">{escape(str(successor.meta.get("title")))}</a>.</p></body></html>')
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}: withdrawn</title></head>'
            f"<body><h1>{title}</h1><p>This document was withdrawn on {when}. It is no longer in force.</p></body></html>")
