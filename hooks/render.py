"""HTML put on every page: the title, the metadata block and the draft notice.

Pure functions of a Document; the hook only calls them.
"""
from __future__ import annotations

from html import escape

import dates
import paths
from model import Document

STATUS_LABEL = {"draft": "Draft", "approved": "Approved", "superseded": "Superseded", "retired": "Withdrawn"}


def header(doc: Document) -> str:
    """The page title and the compact metadata block under it."""
    meta = doc.meta
    status = STATUS_LABEL.get(meta.get("status"), str(meta.get("status", "")))
    first = [f"Status: {status}", f"Version {escape(str(meta.get('version', '')))}"]
    if meta.get("effective_from"):
        first.append(f"Effective {dates.uk(meta['effective_from'])}")
    elif meta.get("status") == "draft":
        first.append("Not yet in force")
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
    notice = draft_notice(doc)
    return f'<h1>{escape(str(meta.get("title", "")))}</h1>\n<div class="llr-meta">{block}</div>\n{notice}'


def draft_notice(doc: Document) -> str:
    if doc.meta.get("status") != "draft":
        return ""
    owner = escape(str(doc.meta.get("owner", "its owner")))
    return f'<div class="admonition warning llr-draft"><p class="admonition-title">Draft – not yet approved by {owner}</p><p>This document has not been approved yet. Use it with care and check with your safeguarding lead.</p></div>'


def page_list(heading: str, css: str, page: str, docs: list[Document]) -> str:
    """A titled list of links to other documents, titles read from each target (typed once)."""
    if not docs:
        return ""
    items = "".join(
        f'<li><a href="{escape(paths.site_href(page, d.path))}">{escape(str(d.meta.get("title", d.path)))}</a></li>' for d in docs
    )
    return f'<nav class="llr-links {css}" aria-label="{escape(heading)}"><h2 class="llr-links__title">{escape(heading)}</h2><ul>{items}</ul></nav>'


def footer(doc: Document, related: list[Document], referenced_by: list[Document]) -> str:
    return page_list("Related", "llr-related", doc.path, related) + page_list("Referenced by", "llr-referenced-by", doc.path, referenced_by)
