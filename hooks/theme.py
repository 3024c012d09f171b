"""Material's own files as the site ships them, with one rule taken out of its palette stylesheet.

Material marks the page `data-md-color-switching` while it applies a colour scheme, and its palette
stylesheet turns off every transition on every element while that mark is there
(`[data-md-color-switching] *`). It applies the scheme on every page load, not only when a reader
switches, so the mark comes and goes once per page; a rule on all of the page's elements makes the browser
work out the style of the whole page again each time, which on a long page (the glossary) is about a
tenth of a slow phone's work before it can be used (bench/pages.py).

The rule can go because the page already has its scheme before it is first painted
(docs/overrides/partials/llr-palette.html), so Material's setting on load changes nothing. Without that
script, a dark device's page would start light and its link colours would still be fading when read
(tests/browser/test_colour_scheme.py, and the dark sweeps' colour contrast). A reader who switches the
scheme sees link colours fade for an eighth of a second; nothing else changes.

Tables arrive in the wrappers Material's script would put them in (`tables`). The script wraps every
`table:not([class])` when it runs, and a table laid out before that (Material styles a bare table as an
inline block) has other column widths than after: a wide table's columns jumped under the reader's eyes
whenever the page was painted before the script ran. The script still wraps them once more; the inner
wrappers are laid out as if they were not there (docs/assets/llr.css). A table also changes its column
widths while its rows are still arriving, so a page with a table on show is first painted when the last
one has arrived (TABLES_END); a page without one is painted as soon as its header has arrived.
"""
from __future__ import annotations

import re

from mkdocs.structure.files import File, Files

PALETTE = re.compile(r"assets/stylesheets/palette\.[0-9a-f]+\.min\.css")
SWITCHING = re.compile(r"\[data-md-color-switching\][^{}]*\{[^{}]*\}")
TAG = re.compile(r"<(/?)(table|details)\b([^>]*)>")
CLASS = re.compile(r"\sclass(?![\w-])")
OPEN = re.compile(r"\sopen(?![\w-])")
WRAP = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
# The page is not painted before this mark has arrived (docs/overrides/main.html): a table painted while
# its rows were still arriving changed its column widths as the rest came.
TABLES_END = '<span id="llr-tables-end"></span>'


def palette_css(text: str) -> str:
    """Material's palette stylesheet without its rules for the switching mark."""
    return SWITCHING.sub("", text)


def tables(html: str) -> str:
    """The page with each table that has no class inside Material's two wrappers, as its script leaves it,
    and TABLES_END after the last table on show (not in a closed <details>)."""
    out: list[str] = []
    opened: list[tuple[str, bool]] = []  # (tag, wrapped table / open details) for each element still open
    end = None  # where the last table on show ends, in out
    at = 0
    for m in TAG.finditer(html):
        out.append(html[at:m.start()])
        at = m.end()
        closing, name, attrs = m.groups()
        if not closing:
            flag = not CLASS.search(attrs) if name == "table" else bool(OPEN.search(attrs))
            opened.append((name, flag))
            out.append(WRAP + m[0] if name == "table" and flag else m[0])
            continue
        if not opened or opened[-1][0] != name:  # a stray closing tag
            out.append(m[0])
            continue
        flag = opened.pop()[1]
        out.append(m[0] + "</div></div>" if name == "table" and flag else m[0])
        if name == "table" and all(f for t, f in opened if t == "details"):
            end = len(out)
    out.append(html[at:])
    if end is not None:
        out.insert(end, TABLES_END)
    return "".join(out)


def trim(files: Files, config) -> None:
    """Put the trimmed palette stylesheet in place of Material's (in on_files, so `serve` has it too)."""
    for f in [f for f in files if PALETTE.fullmatch(f.src_uri)]:
        files.remove(f)
        files.append(File.generated(config, f.src_uri, content=palette_css(f.content_string)))
