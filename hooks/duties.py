""""Must" is for a legal or statutory duty (procedures/using-this-manual/must-and-should.md).

Two warnings, each at the line of the word:
- a sentence with "must" in a procedure, guidance or threshold page whose `sources:` name no legal or
  statutory source;
- the old editorial placeholder ("The partnership must confirm ...", "must confirm", "must give us"),
  in any page: a fact still to be supplied is an open question (`[[question: ...]]`), not a duty.

What counts as a legal or statutory source (LEGAL, below), plainly: a source naming an Act or
Regulations (or an Order, a Bill being an Act to be), a section of one ("s47", "section 16M"),
legislation.gov.uk, or statutory guidance: any source with "statutory" in its name, Working Together to
Safeguard Children (any edition), Keeping Children Safe in Education (KCSIE), or the Child Death Review
Statutory and Operational Guidance. The check asks whether the document lists one at all, not whether it
is the right one for each sentence: that is for the reviewer.

Not checked, to keep false alarms low: fenced code, inline code, block quotes (a quoted definition),
link addresses, HTML comments, and the text of an open question.
"""
from __future__ import annotations

import re

import scan
from model import Document, Problem

CHECKED_TYPES = ("procedure", "guidance", "threshold")
LEGAL = re.compile(
    r"\bAct\b|\bActs\b|\bRegulations?\b|\bOrder\s+\d{4}\b|\bstatutory\b|legislation\.gov\.uk|\bsection\s+\d+[A-Z]*\b|(?<![\w'’])ss?\.?\s?\d+[A-Z]{0,2}\b"
    r"|Working Together|Keeping Children Safe in Education|\bKCSIE\b|Child Death Review",
    re.I,
)
MUST = re.compile(r"\bmust\b", re.I)
PLACEHOLDER = re.compile(r"\b(?:the\s+)?partnerships?\s+must\b|\bmust\s+(?:first\s+)?(?:confirm|give\s+us|tell\s+us)\b", re.I)
_QUESTION = re.compile(r"\[\[\s*question\s*:[^\]]*\]\]", re.I)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def has_legal_source(doc: Document) -> bool:
    sources = doc.meta.get("sources")
    return isinstance(sources, list) and any(isinstance(s, str) and LEGAL.search(s) for s in sources)


def _blank(m: re.Match) -> str:
    return re.sub(r"[^\n]", " ", m.group(0))


def prose(doc: Document) -> str:
    """The body with everything that is not running text blanked out (line breaks kept, so a match's
    position gives its line)."""
    lines = doc.body.split("\n")
    code = scan._code_mask(lines)
    kept = ["" if code[i] or line.lstrip().startswith(">") else line for i, line in enumerate(lines)]
    text = "\n".join(kept)
    for pattern in (_COMMENT, scan._CODE_SPAN, _QUESTION, _LINK_TARGET):
        text = pattern.sub(_blank, text)
    return text


def check(doc: Document) -> list[Problem]:
    if not doc.readable or doc.meta.get("status") in ("retired", "superseded"):
        return []
    text = prose(doc)
    if "must" not in text.lower():
        return []
    line_of = lambda pos: doc.body_line + text.count("\n", 0, pos)
    out: dict[int, Problem] = {}
    for m in PLACEHOLDER.finditer(text):
        line = line_of(m.start())
        out[line] = Problem(doc.path, line, "warning", f'"{" ".join(m.group(0).split())}" is the old way of asking for a missing fact: write it as an open question, `[[question: What is ...? | who: who can answer]]`, and keep "must" for legal duties')
    if doc.meta.get("type") in CHECKED_TYPES and not has_legal_source(doc):
        for m in MUST.finditer(text):
            line = line_of(m.start())
            out.setdefault(line, Problem(doc.path, line, "warning", '"must" is for a legal or statutory duty, but this document\'s sources list no Act, regulations or statutory guidance: add the law or statutory guidance the duty rests on to `sources:`, or write "should"'))
    return sorted(out.values())
