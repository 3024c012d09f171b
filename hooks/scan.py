"""Headings (with the ids the site will give them), links and includes of a Markdown body, with their
lines.

A fast line scanner rather than a full Markdown render, so that `make check` stays quick; a test on the
real manual proves that the ids and links found here are exactly those in the built HTML.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from markdown.util import BLOCK_LEVEL_ELEMENTS


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str
    line: int
    explicit: bool = False  # the id was written as {#id}


@dataclass(frozen=True)
class Link:
    url: str
    line: int
    image: bool = False


class Include(NamedTuple):
    kind: str  # [[kind: arg]], as in [[phone: city-duty]] or [[glossary]]
    arg: str | None
    line: int


class Outline(NamedTuple):
    headings: list[Heading]
    links: list[Link]
    includes: list[Include]
    near_includes: list[tuple[str, int]] = []  # (text, line) of what looks like an include but is not one


# [[kind]] or [[kind: argument]]; an argument may hold spaces ([[question: ... | who: ...]]).
INCLUDE = re.compile(r"\[\[\s*([a-z-]+)\s*(?::\s*([^\]]*?)\s*)?\]\]")
# What an editor may have meant as an include ([[Phone: x]], [[phone x]], [[phone: x], {{phone: x}}),
# but not a link whose text is in brackets ([[1]](#note)).
NEAR_INCLUDE = re.compile(r"\[\[[^\[\]\n]*(?:\]\](?!\()|\](?![\]\(]))|\{\{[^{}\n]*\}\}?")
_FENCE_OPEN = re.compile(r"^(\s*)(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$|^ {0,3}(#{1,6})[ \t]*$")
_ATTR = re.compile(r"\s*\{\s*([^}]*)\}\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
# An inline code span: a run of backticks, the code, the same run. Written to start with a literal backtick
# (the rest of the opening run is group 1), which the regex engine looks for many times faster than a group.
_CODE_SPAN = re.compile(r"`(`*)(.+?)`\1", re.S)
# [text](url "title") and [text][ref], with one level of brackets inside the text. The scanner uses the
# forms that start with a literal "[", which the regex engine finds many times faster than "(!?)\[", and
# tells an image by the "!" before it; plain() uses the forms that take the "!" with them.
# The destination as Python-Markdown reads it: <in angle brackets>, or up to an optional "title", with
# balanced parentheses and spaces allowed (a pasted no-break space is a space too: the check names it).
_DEST = r"""\(\s*(?:<([^>\n]*)>|((?:[^()\s]|\([^()\s]*\))*(?:[^\S\n]+(?!["'])(?:[^()\s]|\([^()\s]*\))+)*))(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)"""
_LINK_TAIL = r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]" + _DEST
_REF_TAIL = r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\[([^\]]*)\]"
_LINK, _REF = re.compile(_LINK_TAIL), re.compile(_REF_TAIL)
_DEST_AT = re.compile(_DEST)
_IMG_OR_LINK, _REF_USE = re.compile("(!?)" + _LINK_TAIL), re.compile("(!?)" + _REF_TAIL)
_REF_DEF = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*(?:<([^>]*)>|(\S+))(?:\s+.*)?$")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_HTML_ATTR = re.compile(r"<(a|img)\b[^>]*?\b(href|src)=[\"']([^\"']+)[\"']", re.I)
_TAG = re.compile(r"<[^>]+>")
_MARKUP = re.compile(r"[`\[<*_\\&]")  # any sign that heading text is more than plain words
_EMPH = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def slugify(value: str, separator: str = "-") -> str:
    """Python-Markdown's toc slugify, as the site uses it."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(rf"[{separator}\s]+", separator, value)


def plain(text: str) -> str:
    """Heading Markdown reduced to the text the site shows (links to their text, code to its content)."""
    if not _MARKUP.search(text):  # most headings are plain words
        return " ".join(text.split())
    spans: list[str] = []

    def keep(m):
        spans.append(html.escape(m.group(2).strip(), quote=False))
        return f"\x00{len(spans) - 1}\x00"

    text = _CODE_SPAN.sub(keep, text)
    text = _IMG_OR_LINK.sub(lambda m: "" if m.group(1) else m.group(2), text)
    text = _REF_USE.sub(lambda m: m.group(2), text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", text)
    for _ in range(2):
        text = _EMPH.sub(r"\2", text)
    text = _TAG.sub("", text)
    text = re.sub(r"\x00(\d+)\x00", lambda m: spans[int(m.group(1))], text)
    return html.unescape(" ".join(text.split()))


def _unique(base: str, used: set[str]) -> str:
    if base in used or not base:
        n = 1
        while f"{base}_{n}" in used:
            n += 1
        base = f"{base}_{n}"
    used.add(base)
    return base


def _code_mask(lines: list[str]) -> list[bool]:
    """True for each line inside a fenced code block (fence lines included)."""
    joined = "\n".join(lines)
    if "```" not in joined and "~~~" not in joined:  # most pages have no code at all
        return [False] * len(lines)
    mask, fence = [], None
    for line in lines:
        if fence:
            mask.append(True)
            stripped = line.strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = None
            continue
        m = _FENCE_OPEN.match(line) if line.lstrip()[:1] in ("`", "~") else None
        if m:
            fence = m.group(2)
            mask.append(True)
        else:
            mask.append(False)
    return mask


_BLOCK_TAG = re.compile(r"^ {0,3}<(" + "|".join(sorted(BLOCK_LEVEL_ELEMENTS, key=len, reverse=True)) + r")(?=[\s/>]|$)([^>]*)", re.I)
_BOX = re.compile(r" {0,3}(?:!!!|\?\?\?\+?)[ \t]")
_MARKDOWN_ATTR = re.compile(r"""\bmarkdown(?:\s*=\s*["']?(?!0["'\s>])[^"'\s>]*["']?)?(?=[\s/>]|$)""")
MARKDOWN, RAW_HTML, COMMENT = 0, 1, 2
_LINE_TAG = re.compile(r"^ {0,3}<[!a-zA-Z]", re.M)  # a line that may start an HTML block or comment


def _html_mask(lines: list[str], code: list[bool]) -> list[int]:
    """For each line: MARKDOWN, RAW_HTML (inside an HTML block without the `markdown` attribute, where
    Python-Markdown reads no Markdown: a heading there has no id, a [link](x.md) is not a link) or
    COMMENT (inside an HTML comment that starts a line: nothing in it is shown or is a link). An
    unclosed comment is not one: Python-Markdown shows it as text."""
    mask = [MARKDOWN] * len(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        head = line.lstrip(" ")
        if code[i] or not head.startswith("<") or len(line) - len(head) > 3:
            i += 1
            continue
        if head.startswith("<!--"):
            j = i
            while j < len(lines) and "-->" not in (head[4:] if j == i else lines[j]):
                j += 1
            if j < len(lines):
                mask[i : j + 1] = [COMMENT] * (j + 1 - i)
                i = j + 1
                continue
            i += 1
            continue
        m = _BLOCK_TAG.match(line)
        if not m or _MARKDOWN_ATTR.search(m.group(2)):
            i += 1
            continue
        tag = m.group(1).lower()
        opens, closes = re.compile(rf"<{tag}(?=[\s/>]|$)", re.I), re.compile(rf"</{tag}\s*>", re.I)
        depth, j = 0, i
        while j < len(lines):
            depth += len(opens.findall(lines[j])) - len(closes.findall(lines[j]))
            if depth <= 0 or tag in ("hr",) or m.group(2).rstrip().endswith("/"):
                break
            j += 1
        j = min(j, len(lines) - 1)
        mask[i : j + 1] = [RAW_HTML] * (j + 1 - i)
        i = j + 1
    return mask


def _stray_links(lines: list[str], i: int, text: str, covered: list[tuple[int, int]], code: list[bool]) -> list[tuple[str, bool]]:
    """Links the one-line pattern cannot see, that Python-Markdown renders: text that wraps onto the line
    of its destination ("[a long\nname](x.md)"), or brackets nested deeper than one level. Each "](" not
    inside a link already found is followed back to its "[", over the lines of its paragraph."""
    found = []
    at = text.find("](")
    while at >= 0:
        if not any(a <= at < b for a, b in covered):
            dest = _DEST_AT.match(text, at + 1)
            if dest:
                before, k = text[:at], i
                while True:  # walk back to the "[" that opens this link text, balancing brackets
                    depth, pos = 0, None
                    for n in range(len(before) - 1, -1, -1):
                        if before[n] == "]":
                            depth += 1
                        elif before[n] == "[":
                            if depth == 0:
                                pos = n
                                break
                            depth -= 1
                    if pos is not None or k == 0 or not lines[k - 1].strip() or code[k - 1] or i - k >= 5:
                        break
                    k -= 1
                    before = lines[k] + "\n" + before
                if pos is not None:
                    found.append((dest.group(1) if dest.group(1) is not None else dest.group(2), before[pos - 1 : pos] == "!"))
        at = text.find("](", at + 2)
    return found


def scan(body: str, first_line: int = 1) -> Outline:
    """Headings with their rendered ids, every link and image, and every include, each with its file
    line. Nothing in code counts, nor headings and Markdown links in raw HTML blocks and comments."""
    lines = body.split("\n")
    code = _code_mask(lines)
    may_have_html = body.startswith(("<", " <", "  <", "   <")) or "\n<" in body or "\n <" in body or "\n  <" in body or "\n   <" in body
    blocks = _html_mask(lines, code) if may_have_html and _LINE_TAG.search(body) else [MARKDOWN] * len(lines)
    raw: list[tuple[int, str, str | None, int]] = []  # level, text, explicit id, line
    links: list[Link] = []
    refs: dict[str, str] = {}
    ref_uses: list[tuple[str, int, bool]] = []
    includes: list[Include] = []
    boxes: list[int] = []  # the content indents of the admonitions and details the line is inside
    near: list[tuple[str, int]] = []
    for i, line in enumerate(lines):
        if code[i] or not line:
            continue
        number = first_line + i
        start = line.lstrip()[:1]  # cheap tests first: most lines are plain text
        if blocks[i]:
            text = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line) if "`" in line else line
            if "[[" in text:
                includes += [Include(m.group(1), m.group(2), number) for m in INCLUDE.finditer(text)]
            if blocks[i] == RAW_HTML:  # its <a href> and <img src> are links all the same
                links += [Link(html.unescape(m.group(3)), number, m.group(1).lower() == "img") for m in _HTML_ATTR.finditer(text)]
            continue
        if start == "[":
            m = _REF_DEF.match(line)
            if m:
                refs.setdefault(m.group(1).lower(), m.group(2) if m.group(2) is not None else m.group(3))
                continue
        inner = line
        if boxes or start in ("!", "?"):  # admonitions and details: their content is indented, headings too
            indent = len(line) - len(line.lstrip(" "))
            while boxes and indent < boxes[-1]:
                boxes.pop()
            inner = line[boxes[-1]:] if boxes else line
            if _BOX.match(inner):
                boxes.append((boxes[-1] if boxes else 0) + len(inner) - len(inner.lstrip(" ")) + 4)
        m = _ATX.match(inner) if start == "#" else None
        if m:
            level = len(m.group(1) or m.group(3))
            raw.append((level, *_split_attr(m.group(2) or ""), number))
        elif (
            i + 1 < len(lines) and lines[i + 1][:4].strip()[:1] in ("=", "-") and not code[i + 1] and _SETEXT.match(lines[i + 1])
            and (i == 0 or not lines[i - 1].strip()) and start not in ("-", "*", "+", "|", ">", "!", "?")
            and not re.match(r"^\s*\d+[.)]\s", line) and not line.startswith("    ")
        ):
            raw.append((1 if lines[i + 1].strip()[0] == "=" else 2, *_split_attr(line.strip()), number))
        if "[" not in line and "<" not in line and "]" not in line and "{{" not in line:
            continue
        text = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line) if "`" in line else line
        if "[[" in text or "{{" in text:
            exact = {m.start(): m for m in INCLUDE.finditer(text)}
            includes += [Include(m.group(1), m.group(2), number) for m in exact.values()]
            near += [(m.group(0), number) for m in NEAR_INCLUDE.finditer(text) if m.start() not in exact]
        if "[" in text or "](" in text:
            covered = []
            for m in _LINK.finditer(text):
                links.append(Link(m.group(2) if m.group(2) is not None else m.group(3), number, text[m.start() - 1 : m.start()] == "!"))
                covered.append(m.span())
            if "](" in text:
                links += [Link(url, number, image) for url, image in _stray_links(lines, i, text, covered, code)]
            for m in _REF.finditer(text):
                ref_uses.append(((m.group(2) or m.group(1)).lower(), number, text[m.start() - 1 : m.start()] == "!"))
        if "<" in text:
            for m in _AUTOLINK.finditer(text):
                links.append(Link(m.group(1), number))
            for m in _HTML_ATTR.finditer(text):
                links.append(Link(html.unescape(m.group(3)), number, m.group(1).lower() == "img"))
    for key, number, image in ref_uses:
        if key in refs:
            links.append(Link(refs[key], number, image))
    used = {explicit for _, _, explicit, _ in raw if explicit}
    headings = []
    for level, text, explicit, number in raw:
        shown = plain(text)
        ident = explicit or _unique(slugify(shown), used)
        headings.append(Heading(level, shown, ident, number, bool(explicit)))
    return Outline(headings, sorted(links, key=lambda l: l.line), includes, near)


def _split_attr(text: str) -> tuple[str, str | None]:
    """Heading text and its explicit `{#id}`, if any (attr_list)."""
    m = _ATTR.search(text)
    if not m:
        return text, None
    ident = next((part[1:] for part in m.group(1).split() if part.startswith("#")), None)
    return text[: m.start()], ident
