"""What a page's body must hold for the site to show it as the editor meant: some text, HTML elements
that are closed, comments that end, and heading ids used once.

Python-Markdown does not complain about any of these: an unclosed `<div>` makes the rest of the page raw
text, an unclosed `<!--` hides it (or shows the editor's note to readers), and a second `{#id}` makes
links go to the wrong heading. Code blocks and code spans are left out, as the site shows them as typed.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import scan

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
# A comment as browsers end it: also at `<!-->`, `<!--->` and `--!>` (hooks/safehtml.py refuses those).
_READ_COMMENT = re.compile(r"<!--(?:-?>|.*?(?:--!?>|\Z))", re.S)
# Elements whose end tag is never optional, so an unclosed or stray one is a mistake. Void elements
# (br, img, hr, ...) have no end tag, and p, li, td and the like may leave theirs out.
CLOSED = frozenset(
    "div span details summary section article aside nav header footer main figure figcaption blockquote "
    "table ul ol dl pre form fieldset label button a abbr strong em b i u s q cite code kbd samp var small "
    "sub sup mark del ins time dfn bdi bdo h1 h2 h3 h4 h5 h6 center font".split()
)


def has_text(body: str) -> bool:
    """Whether anything but whitespace and HTML comments is left, as a browser reads the comments."""
    return bool(_READ_COMMENT.sub("", body).strip()) if "<!--" in body else bool(body.strip())


def _visible(body: str) -> str:
    """The body with code blocks and code spans blanked out, lines kept."""
    lines = body.split("\n")
    code = scan._code_mask(lines)
    return "\n".join(
        "" if code[i] else (scan._CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line) if "`" in line else line)
        for i, line in enumerate(lines)
    )


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, int]] = []
        self.problems: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in CLOSED:
            self.open.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag, attrs):
        pass  # <div/>: nothing left open

    def handle_endtag(self, tag):
        if tag not in CLOSED:
            return
        line = self.getpos()[0]
        if not any(name == tag for name, _ in self.open):
            self.problems.append((line, f"`</{tag}>` closes nothing: there is no `<{tag}>` open before it; remove it, or add the opening tag"))
            return
        while self.open:
            name, opened = self.open.pop()
            if name == tag:
                break
            self.problems.append((opened, _unclosed(name)))


def _unclosed(tag: str) -> str:
    return f"`<{tag}>` is never closed: add `</{tag}>` where it should end, or the rest of the page may be shown as raw text"


def check(body: str, first_line: int = 1) -> list[tuple[int, str]]:
    """(file line, message) for every unclosed or stray tag and every unclosed comment."""
    if "<" not in body:
        return []
    text = _visible(body)
    if "<" not in text:
        return []
    problems = []
    if "<!--" in text:
        def blank(m: re.Match) -> str:
            if not m.group(0).endswith("-->") or len(m.group(0)) < 7:
                line = text.count("\n", 0, m.start()) + first_line
                problems.append((line, "this HTML comment `<!--` is never closed: add `-->` where the note ends, or the rest of the page is hidden (and the note may be shown to readers)"))
            return re.sub(r"[^\n]", " ", m.group(0))

        text = _COMMENT.sub(blank, text)
    parser = _Tags()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on a few malformed declarations
        return problems
    problems += [(line + first_line - 1, message) for line, message in parser.problems]
    problems += [(line + first_line - 1, _unclosed(tag)) for tag, line in parser.open]
    return sorted(problems)


def duplicate_ids(headings: list[scan.Heading]) -> list[tuple[int, str]]:
    """An id given to two headings, or an explicit `{#id}` that takes an automatic one: at the second."""
    problems = []
    explicit: dict[str, scan.Heading] = {}
    for h in headings:
        if h.explicit:
            if h.id in explicit:
                problems.append((h.line, f'the heading id "{h.id}" is already used by the heading at line {explicit[h.id].line}: give this heading another id'))
            explicit.setdefault(h.id, h)
    for h in headings if explicit else ():
        other = explicit.get(scan.slugify(h.text)) if not h.explicit else None
        if other is not None:
            first, second = sorted((h, other), key=lambda x: x.line)
            problems.append((second.line, f'the heading id "{other.id}" is already the id of the heading at line {first.line}: give one of them another id, like `{{#{other.id}-2}}`'))
    return problems
