"""Amendments: every change across the manual, newest first, as a page and as an Atom feed.
Made from the `changes` lists in front matter, so it is always current."""
from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from html import escape

import dates
import render
from content import Manual, page_url
from paths import site_href

NEW, UPDATED, WITHDRAWN = "new", "updated", "withdrawn"


@dataclass(frozen=True)
class Amendment:
    date: str
    kind: str
    doc_id: str
    title: str
    path: str
    version: str
    summary: str
    built: bool  # False for a withdrawn document, which has no page of its own


def collect(manual: Manual, include=lambda doc: True) -> list[Amendment]:
    out = []
    for doc in manual.documents:
        changes = doc.meta.get("changes")
        if not doc.readable or not include(doc) or not isinstance(changes, list):
            continue
        retired = doc.meta.get("status") == "retired"
        for i, change in enumerate(c for c in changes if isinstance(c, dict)):
            last = i == len(changes) - 1
            kind = WITHDRAWN if retired and last else NEW if i == 0 else UPDATED
            out.append(Amendment(str(change.get("date")), kind, str(doc.meta.get("id")), str(doc.meta.get("title")), doc.path,
                                 str(change.get("version")), str(change.get("summary", "")).strip(), not retired))
    return sorted(out, key=lambda a: (a.date, a.title), reverse=True)


def page_markdown(amendments: list[Amendment], page: str) -> tuple[str, list[str]]:
    """The Amendments page: Markdown for the headings (the page's contents list) and the text, and each
    month's list as an HTML block (render.slot). The lists are added after search has indexed the page,
    where they would repeat every document's title."""
    out = ["# Amendments", "",
           "Every change to the manual, newest first. Each page also shows its own version history at its foot.",
           f"Subscribe to the [amendments feed]({posixpath.relpath('docs/amendments.xml', posixpath.dirname(page))}) (Atom) to hear about changes as they are published.", ""]
    months: dict[tuple, list[str]] = {}
    for a in amendments:
        day = dates.parse(a.date)
        if day is None:
            continue
        title = f'<a href="{escape(site_href(page, a.path))}">{escape(a.title)}</a>' if a.built else escape(a.title)
        item = f"<li><strong>{a.kind.capitalize()}</strong>: {title}, version {escape(a.version)}, {dates.uk(day)}. {escape(a.summary)}</li>"
        months.setdefault((day.year, day.month), [f"## {day:%B %Y}"]).append(item)
    blocks = []
    for heading, *items in months.values():
        out += [heading, "", render.slot(len(blocks)), ""]
        blocks.append("\n".join(["<ul>", *items, "</ul>"]))
    return "\n".join(out), blocks


def atom(amendments: list[Amendment], site_url: str = "") -> bytes:
    """A valid Atom feed; links are relative to the feed's own address unless site_url is set."""
    from feedgen.feed import FeedGenerator

    base = site_url.rstrip("/") + "/" if site_url else ""
    fg = FeedGenerator()
    fg.id(f"{base}amendments.xml" if base else "urn:llr-safeguarding-procedures:amendments")
    fg.title("LLR safeguarding children procedures: amendments")
    fg.author({"name": "LLR Safeguarding Children Partnerships"})
    fg.link(href=f"{base}amendments/", rel="alternate")
    fg.language("en-GB")
    newest = max((dates.parse(a.date) for a in amendments if dates.parse(a.date)), default=dt.date(2000, 1, 1))
    fg.updated(dt.datetime.combine(newest, dt.time(), dt.timezone.utc))
    for a in reversed(amendments):  # feedgen lists the last added first
        day = dates.parse(a.date)
        if day is None:
            continue
        entry = fg.add_entry()
        entry.id(f"urn:llr-safeguarding-procedures:{a.doc_id}:{a.version}")
        entry.title(f"{a.kind.capitalize()}: {a.title} (version {a.version})")
        entry.link(href=f"{base}{page_url(a.path)}" if a.built else f"{base}amendments/")
        entry.updated(dt.datetime.combine(day, dt.time(), dt.timezone.utc))
        entry.summary(a.summary or a.kind)
    return fg.atom_str(pretty=True)
