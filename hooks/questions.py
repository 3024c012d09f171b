"""Open questions: facts the partnership has still to supply, written where they belong.

A page writes `[[question: What is the out-of-hours number for the Rutland LADO? | who: Rutland County
Council]]`; readers see a calm note (includes.OPEN_QUESTION_NOTE), and this module turns every marker
into a record for editors: counted by `make check` and the review schedule, listed on the generated page
docs/editors/open-questions.md, and refused in an approved document when the site is published. Contacts
and local resources carry their own open questions (`questions:` in data/contacts.yml and
data/resources.yml), listed on the same page.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape

import dates
import render
from content import Manual
from model import Document, Problem
from paths import site_href

PAGE = "docs/editors/open-questions.md"
# Where the questions of the data files are grouped on the editors' page.
DATA_GROUP = "Contacts and local resources (data files)"


@dataclass(frozen=True)
class Question:
    path: str  # repository path of the file holding the marker (or the data file)
    line: int
    question: str
    who: str | None
    doc_id: str = ""  # the document's id, title and owner; empty for a data file's question
    title: str = ""
    owner: str = ""


def parse(arg: str | None) -> tuple[str, str | None]:
    """An open question's text and who can answer it: `What is ...? | who: Rutland LADO`."""
    text, _, who = (arg or "").partition("|")
    who = who.strip()
    who = who[len("who:"):].strip() if who.lower().startswith("who:") else who
    return text.strip(), who or None


def in_document(doc: Document) -> list[Question]:
    """Every open question marker in one document (never in code), in page order."""
    if not doc.readable:
        return []
    out = []
    for include in doc.outline().includes:
        if include.kind != "question":
            continue
        text, who = parse(include.arg)
        if text:
            out.append(Question(doc.path, include.line, text, who, str(doc.meta.get("id") or ""), str(doc.meta.get("title") or doc.path), str(doc.meta.get("owner") or "")))
    return out


def collect(manual: Manual, include=lambda doc: True) -> list[Question]:
    """Every open question of the manual's documents, by owner, then file and line."""
    found = [q for doc in manual.documents if include(doc) and doc.meta.get("status") not in ("retired", "superseded") for q in in_document(doc)]
    return sorted(found, key=lambda q: (q.owner, q.path, q.line))


def from_data(name: str, entries: list[tuple[str, str, list[int], list]]) -> list[Question]:
    """The open questions of a data file's entries: (id, name, the line of each question, questions), each
    question written as `{question: ..., who: ...}` or as text in the marker's form ("What ...? | who: ...")."""
    out = []
    for ident, title, lines, items in entries:
        for line, item in zip(lines, items or []):
            text, who = (str(item.get("question") or ""), item.get("who")) if isinstance(item, dict) else parse(str(item))
            if text.strip():
                out.append(Question(f"data/{name}", line, text.strip(), str(who).strip() if who else None, ident, title, DATA_GROUP))
    return out


def counts(found: list[Question]) -> Counter:
    """How many open questions each file holds."""
    return Counter(q.path for q in found)


def check_publish(manual: Manual) -> list[Problem]:
    """In publish mode: an approved document may not carry an open question."""
    return [Problem(q.path, q.line, "error", f'this approved document still has an open question ("{q.question}") and the site is being published: write the answer in place of the marker, or set the document back to status: draft')
            for doc in manual.documents if doc.meta.get("status") == "approved" for q in in_document(doc)]


def summary(found: list[Question]) -> str:
    files = len(counts(found))
    if not found:
        return "No open questions."
    plural = lambda n, word: f"{n} {word}{'' if n == 1 else 's'}"
    return f"{plural(len(found), 'open question')} in {plural(files, 'file')}."


def report(found: list[Question]) -> str:
    """What `make check` prints: the total, then the count per document (most first)."""
    lines = [f"Open questions: {summary(found)}"]
    titles = {q.path: ("(the questions recorded on its entries)" if q.path.startswith("data/") else q.title) for q in found}
    for path, n in sorted(counts(found).items(), key=lambda item: (-item[1], item[0])):
        lines.append(f"  {n:3}  {path}  {titles[path]}")
    if found:
        lines.append(f"  Every one, with its line and who can answer it: {PAGE} on the built site.")
    return "\n".join(lines) + "\n"


def page_markdown(found: list[Question], today, page: str = PAGE) -> tuple[str, list[str]]:
    """The editors' page of every open question, grouped by owner: Markdown for the headings and text,
    each owner's table as an HTML block (render.slot), as the review schedule does."""
    out = [
        "---", "search:", "  exclude: true", "---", "",
        "# Open questions", "",
        f"Facts the partnership has still to supply, as of {dates.uk(today)}: {summary(found)}",
        "Readers see \u201cLocal detail to be confirmed.\u201d where each one is written. To answer one, write the fact",
        "in place of its `[[question: ...]]` marker (or, for a contact or a local resource, in its data file) and",
        f"remove the question. An approved document with an open question stops a publishing build. The editors' guide explains how to write one.", "",
    ]
    blocks = []
    groups = sorted({q.owner for q in found}, key=lambda o: (o == DATA_GROUP, o))
    for owner in groups:
        mine = [q for q in found if q.owner == owner]
        out += [f"## {owner}", "", f"{len(mine)} open question{'' if len(mine) == 1 else 's'}.", "", render.slot(len(blocks)), ""]
        table = ["<table>", "<thead><tr><th>Question</th><th>Who can answer</th><th>Page</th><th>File and line</th></tr></thead>", "<tbody>"]
        for q in mine:
            target = {"data/contacts.yml": ("docs/editors/contacts.md", f"contact-{q.doc_id}"), "data/resources.yml": ("docs/local-resources.md", f"resource-{q.doc_id}")}.get(q.path, (q.path, ""))
            where = f'<a href="{escape(site_href(page, *target))}">{escape(q.title)}</a>'
            table.append(f"<tr><td>{escape(q.question)}</td><td>{escape(q.who or 'Not known yet')}</td><td>{where}</td><td><code>{escape(q.path)}:{q.line}</code></td></tr>")
        blocks.append("\n".join(table + ["</tbody>", "</table>"]))
    return "\n".join(out), blocks
