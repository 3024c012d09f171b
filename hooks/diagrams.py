"""Diagrams: the ```mermaid flowcharts editors write, drawn while the site is built, never in the browser.

Editors keep writing what they write today, a fenced block:

    ```mermaid
    flowchart TD
        A[You notice something] --> B{Immediate danger?}
        B -- Yes --> C[Call 999]
        B -->|No| D["Talk to your safeguarding lead<br>the same day"]
        D -.-> E(Record what you did)
    ```

and the page gets a static figure: the picture as inline SVG (no script, no `style=` attribute, so a
strict Content-Security-Policy allows it; it prints, and WeasyPrint puts it in the threshold PDF) and
the same steps as a numbered list in words, with each decision's answers ("If Yes: go to step 3, ...").
The list is the text equivalent for screen readers and for phones: on a narrow screen a picture that
would have to shrink below its label size is not shown, and a link opens it at full size instead (a
left-to-right chart is redrawn top to bottom for phones when that fits).

The renderer is Graphviz (`dot`, Debian package `graphviz`), called as a plain subprocess. Why: it is a
small, long-maintained C program that runs offline in a fraction of a second and writes plain SVG with
presentation attributes only. The alternative, the mermaid CLI, needs an npm tree of hundreds of
packages and a headless Chromium for every diagram (seconds each, and fragile on a shared machine), and
its SVG carries a <style> element and inline styles that a strict CSP blocks. The price is that we read
the mermaid source ourselves: only the flowchart subset below (`SUPPORTED`), with a small parser that
also gives the text list. Anything else is an error at the fence's line saying what is supported.

Each drawing is cached in diagrams/<hash>.svg (committed), keyed by a hash of its source, the
direction it is drawn in and `VERSION`. So builds stay fast and byte-identical, and a machine without
Graphviz still builds the site; only a new or changed diagram needs `dot` (`make diagrams`, or any
build on a machine that has it). `make diagrams` also removes drawings no page uses any more.
"""
from __future__ import annotations

import hashlib
import html
import re
import shutil
import subprocess
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from model import Problem

# Bump when the drawing changes for the same source (the translation to dot, the post-processing).
VERSION = "2"
CACHE = "diagrams"  # folder at the repository root, committed
SITE_DIR = "assets/diagrams"  # where the drawings are published, for the "full size" link
LANGUAGE = "mermaid"
LABEL_SIZE = 16  # px: the label size of the picture at its natural size (the body text size on phones)
NARROW = 288  # px: the content width on a 320 px screen; a picture wider than this would shrink
WRAP = 24  # characters per line of a node's label
INSTALL = "install Graphviz (`apt-get install graphviz`), then run `make diagrams` and commit the diagrams/ folder"
SUPPORTED = (
    "supported: a first line `flowchart TD` (or TB, or LR), then one statement a line: nodes written "
    '`A[text]`, `A(text)`, `A{question}` or `A["text"]` (with <br> for a new line), joined by arrows '
    "`-->`, `-- text -->`, `-->|text|`, `-.->` or `-. text .->`; `%%` starts a comment"
)


class DiagramError(ValueError):
    """A mistake in a diagram's source, `line` counted from the fence's first line of content (0)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Node:
    id: str
    text: str = ""  # lines joined by "\n"
    shape: str = "box"  # box | round | decision
    defined: bool = False  # given a text somewhere, not only named


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str = ""
    dotted: bool = False


@dataclass
class Flowchart:
    direction: str  # "TB" or "LR"
    nodes: dict[str, Node] = field(default_factory=dict)  # in order of first appearance
    edges: list[Edge] = field(default_factory=list)


# --- parsing ---------------------------------------------------------------------------------------

HEADER = re.compile(r"^(?:flowchart|graph)\s+(\w+)\s*;?\s*$")
DIRECTIONS = {"TD": "TB", "TB": "TB", "LR": "LR"}
NODE_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
SHAPES = {"[": ("]", "box"), "(": (")", "round"), "{": ("}", "decision")}
EDGE = re.compile(
    r"\s*(?:"
    r"--\s+(?P<solid>[^-|][^|]*?)\s+-->"  # -- text -->
    r"|-\.\s+(?P<dot>[^.][^|]*?)\s+\.->"  # -. text .->
    r"|(?P<plain>-->|-\.->)(?:\|(?P<pipe>[^|]*)\|)?"  # --> or -.->, with an optional |text|
    r")\s*"
)
BREAK = re.compile(r"<br\s*/?>", re.I)
UNSUPPORTED_WORDS = ("subgraph", "end", "style", "classDef", "class", "click", "linkStyle", "direction")


def _text(raw: str, line: int) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        raw = raw[1:-1]
    elif '"' in raw:
        raise DiagramError(line, f"a text with a quote in it must be quoted as a whole, like A[\"{raw.replace(chr(34), '')}\"]")
    if "<" in BREAK.sub("", raw) or ">" in BREAK.sub("", raw):
        raise DiagramError(line, f"only <br> is allowed inside a text, not other HTML: {raw!r}")
    lines = [" ".join(part.split()) for part in BREAK.split(raw)]
    return "\n".join(part for part in lines if part)


def _node(chart: Flowchart, statement: str, pos: int, line: int) -> int:
    """Read one node (`A`, `A[text]`, ...) at pos; return the position after it."""
    m = NODE_ID.match(statement, pos)
    if not m:
        got = statement[pos:].strip() or "the end of the line"
        raise DiagramError(line, f"expected a node such as A[text] but found {got!r}; {SUPPORTED}")
    node_id, pos = m.group(0), m.end()
    node = chart.nodes.setdefault(node_id, Node(node_id, text=node_id))
    opening = statement[pos:pos + 1]
    if opening in SHAPES:
        closing, shape = SHAPES[opening]
        if statement[pos + 1:pos + 2] in ("[", "(", "{", "/", "\\", ">"):  # [[..]], ([..]), {{..}}, [/../] ...
            raise DiagramError(line, f"node {node_id}: this node shape is not supported; {SUPPORTED}")
        if statement[pos + 1:pos + 2] == '"':
            end = statement.find('"', pos + 2)
            end = statement.find(closing, end) if end != -1 else -1
        else:
            end = statement.find(closing, pos + 1)
        if end == -1:
            raise DiagramError(line, f"node {node_id}: the text is not closed with {closing!r}")
        text = _text(statement[pos + 1:end], line)
        if not text:
            raise DiagramError(line, f"node {node_id} has an empty text")
        if node.defined and (node.text, node.shape) != (text, shape):
            raise DiagramError(line, f"node {node_id} is given a second, different text or shape: write its text once, then use just {node_id}")
        node.text, node.shape, node.defined = text, shape, True
        pos = end + 1
    elif opening and opening not in " -;&":
        raise DiagramError(line, f"node {node_id}: {opening!r} does not start a supported shape; {SUPPORTED}")
    if statement[pos:].lstrip().startswith("&"):
        raise DiagramError(line, f"`&` (several nodes at once) is not supported: write one arrow a line; {SUPPORTED}")
    return pos


def parse(source: str) -> Flowchart:
    """The flowchart in a mermaid fence's source. Raises DiagramError for anything outside SUPPORTED."""
    lines = source.split("\n")
    chart: Flowchart | None = None
    for number, raw in enumerate(lines):
        statement = raw.split("%%", 1)[0].strip()
        if not statement:
            continue
        if chart is None:
            m = HEADER.match(statement)
            if not m:
                raise DiagramError(number, f"a diagram must start with `flowchart TD` or `flowchart LR`, not {statement!r}; {SUPPORTED}")
            if m.group(1) not in DIRECTIONS:
                raise DiagramError(number, f"direction {m.group(1)!r} is not supported: write TD (top to bottom) or LR (left to right)")
            chart = Flowchart(DIRECTIONS[m.group(1)])
            continue
        statement = statement.rstrip(";").rstrip()
        first = statement.split(None, 1)[0]
        if first in UNSUPPORTED_WORDS:
            raise DiagramError(number, f"`{first}` is not supported in diagrams here; {SUPPORTED}")
        pos = _node(chart, statement, 0, number)
        source_id = NODE_ID.match(statement).group(0)
        while pos < len(statement):
            m = EDGE.match(statement, pos)
            if not m or m.end() == pos:
                raise DiagramError(number, f"cannot read {statement[pos:].strip()!r}: an arrow is written -->, -- text -->, -->|text|, -.-> or -. text .->; {SUPPORTED}")
            label = m.group("solid") or m.group("dot") or m.group("pipe") or ""
            dotted = m.group("dot") is not None or m.group("plain") == "-.->"
            pos = m.end()
            target = NODE_ID.match(statement, pos)
            pos = _node(chart, statement, pos, number)
            chart.edges.append(Edge(source_id, target.group(0), _text(label, number).replace("\n", " "), dotted))
            source_id = target.group(0)
    if chart is None:
        raise DiagramError(0, f"the diagram is empty; {SUPPORTED}")
    if not chart.nodes:
        raise DiagramError(0, "the diagram has no nodes: add lines like A[First step] --> B[Next step]")
    return chart


# --- the text equivalent ---------------------------------------------------------------------------

def _one_line(text: str) -> str:
    """A label's lines as one: "Level 1<br>Universal" reads "Level 1, Universal"; "Tom &<br>Jerry", "Tom & Jerry"."""
    out = ""
    for line in text.split("\n"):
        out += (", " if out[-1:].isalnum() else " ") + line if out else line
    return out


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _answer(label: str) -> str:
    """A decision's answer after "If": "Yes" and "No" as written, "Child in need" as "child in need"."""
    first = label.split(None, 1)[0]
    if first in ("Yes", "No") or not first[1:].islower():
        return label
    return label[:1].lower() + label[1:]


def steps(chart: Flowchart) -> list[tuple[str, list[str]]]:
    """The chart in words: each node in order, with where each of its arrows leads.
    Decisions' answers read "If Yes: step 3 (Call 999)"."""
    number = {node_id: i for i, node_id in enumerate(chart.nodes, 1)}
    out = []
    for node in chart.nodes.values():
        ways = []
        for edge in (e for e in chart.edges if e.source == node.id):
            target = f"step {number[edge.target]} ({_one_line(chart.nodes[edge.target].text)})"
            if edge.label and node.shape == "decision":
                ways.append(f"If {_answer(edge.label)}: {target}")
            elif edge.label:
                ways.append(f"{_cap(edge.label)}: {target}")
            elif edge.dotted:
                ways.append(f"Alongside: {target}")
            else:
                ways.append(f"Next: {target}")
        out.append((_one_line(node.text), ways))
    return out


def steps_html(chart: Flowchart) -> str:
    items = []
    for text, ways in steps(chart):
        inner = "".join(f"<li>{html.escape(w, quote=False)}</li>" for w in ways)
        items.append(f"<li>{html.escape(text, quote=False)}{f'<ul>{inner}</ul>' if inner else ''}</li>")
    return f'<ol class="llr-diagram__steps">{"".join(items)}</ol>'


# --- drawing ---------------------------------------------------------------------------------------

def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _wrapped(text: str) -> str:
    return "\n".join(w for line in text.split("\n") for w in (textwrap.wrap(line, WRAP) or [""]))


def to_dot(chart: Flowchart, direction: str | None = None) -> str:
    """The chart in Graphviz's language, drawn in `direction` (TB or LR; default as written)."""
    shapes = {"box": 'shape=box', "round": 'shape=box, style="rounded"', "decision": "shape=diamond, margin=0.02"}
    out = [
        "digraph {",
        f"  rankdir={direction or chart.direction}; nodesep=0.3; ranksep=0.35; bgcolor=transparent;",
        f'  node [fontname="DejaVu Sans", fontsize={LABEL_SIZE}, margin="0.15,0.08", penwidth=1.3];',
        f'  edge [fontname="DejaVu Sans", fontsize={LABEL_SIZE}, penwidth=1.3, arrowsize=0.8];',
    ]
    for i, node in enumerate(chart.nodes.values()):
        out.append(f"  n{i} [label={_dot_string(_wrapped(node.text))}, {shapes[node.shape]}];")
    index = {node_id: i for i, node_id in enumerate(chart.nodes)}
    for edge in chart.edges:
        attrs = []
        if edge.label:
            attrs.append(f"label={_dot_string(_wrapped(edge.label))}")
        if edge.dotted:
            attrs.append('style="dashed"')
        out.append(f"  n{index[edge.source]} -> n{index[edge.target]}{' [' + ', '.join(attrs) + ']' if attrs else ''};")
    out.append("}")
    return "\n".join(out) + "\n"


def renderer() -> str | None:
    """The path of Graphviz's `dot`, or None when it is not installed."""
    return shutil.which("dot")


def draw(dot_source: str, dot: str = "dot") -> str:
    """SVG from dot, made fit to inline in a page: no XML prolog or comments, no ids (a page may hold
    several), no tooltips, sizes in CSS pixels (1 unit = 1 px, so labels are LABEL_SIZE px at natural
    size). Raises RuntimeError with dot's message when it fails."""
    result = subprocess.run([dot, "-Tsvg"], input=dot_source, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise RuntimeError((result.stderr.strip() or f"dot exited with {result.returncode}").splitlines()[0])
    svg = result.stdout[result.stdout.index("<svg"):]
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.S)
    svg = re.sub(r"<title>.*?</title>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\s(?:id|xmlns:xlink)="[^"]*"', "", svg)
    svg = re.sub(r'(<svg[^>]*?)\swidth="([\d.]+)pt"\s+height="([\d.]+)pt"', lambda m: f'{m.group(1)} width="{round(float(m.group(2)))}" height="{round(float(m.group(3)))}"', svg, count=1)
    return "\n".join(line.rstrip() for line in svg.strip().splitlines()) + "\n"


def width(svg: str) -> int:
    m = re.search(r'<svg[^>]*\swidth="(\d+)"', svg)
    return int(m.group(1)) if m else 0


# --- the fences of the manual, their drawings and their problems --------------------------------------

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w-]*)[^\n]*$", re.M)


def fences(body: str, first_line: int = 1) -> list[tuple[int, str]]:
    """(file line of the fence's first line of content, source) for every ```mermaid block of a body."""
    found, lines, i = [], body.split("\n"), 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, j = m.group("fence"), i + 1
        while j < len(lines) and not (lines[j].strip().startswith(fence) and set(lines[j].strip()) == {fence[0]}):
            j += 1
        if m.group("lang") == LANGUAGE:
            indent = len(m.group("indent"))
            found.append((first_line + i + 1, "\n".join(line[indent:] for line in lines[i + 1:j])))
        i = j + 1
    return found


def key_of(chart: Flowchart, direction: str) -> str:
    """The cache key of one drawing: what is drawn (the dot text, so spacing in the source does not
    matter), by which version of this module."""
    return hashlib.sha256(f"{VERSION}\n{to_dot(chart, direction)}".encode()).hexdigest()[:20]


def variants(chart: Flowchart) -> list[str]:
    """The directions a chart is drawn in: as written, and top to bottom for phones when written LR."""
    return [chart.direction] + (["TB"] if chart.direction == "LR" else [])


class Cache:
    """diagrams/<key>.svg under the repository root; draws what is missing when `dot` is installed."""

    def __init__(self, root: Path, dot: str | None = None):
        self.folder = Path(root) / CACHE
        self.dot = dot

    def path(self, k: str) -> Path:
        return self.folder / f"{k}.svg"

    def get(self, chart: Flowchart, direction: str) -> str | None:
        p = self.path(key_of(chart, direction))
        if p.is_file():
            return p.read_text(encoding="utf-8")
        if not self.dot:
            return None
        svg = draw(to_dot(chart, direction), self.dot)
        self.folder.mkdir(parents=True, exist_ok=True)
        p.write_text(svg, encoding="utf-8")
        return svg


@dataclass
class Rendered:
    """Everything the page needs for one diagram's source."""

    chart: Flowchart
    pictures: dict[str, str]  # direction -> svg
    keys: dict[str, str]  # direction -> cache key


def prepare(documents, root: Path, draw_missing: bool = True) -> tuple[dict[str, Rendered], list[Problem]]:
    """Parse every diagram of the documents and find (or draw) its pictures.
    Returns {source: Rendered} for the page renderer, and the problems, at the fence's lines."""
    cache = Cache(root, renderer() if draw_missing else None)
    have_dot = bool(renderer())
    table: dict[str, Rendered] = {}
    problems: list[Problem] = []
    for doc in documents:
        if not getattr(doc, "readable", True):
            continue
        for line, source in fences(doc.body, doc.body_line):
            if source in table:
                continue
            try:
                chart = parse(source)
            except DiagramError as e:
                problems.append(Problem(doc.path, line + e.line, "error", f"this diagram cannot be read: {e.message}"))
                continue
            pictures, keys = {}, {}
            for direction in variants(chart):
                keys[direction] = key_of(chart, direction)
                try:
                    svg = cache.get(chart, direction)
                except (RuntimeError, OSError, subprocess.SubprocessError) as e:
                    problems.append(Problem(doc.path, line - 1, "error", f"Graphviz could not draw this diagram: {e}"))
                    break
                if svg is None:
                    why = "is not installed here" if not have_dot else "was not asked to draw it"
                    problems.append(Problem(doc.path, line - 1, "error", f"this diagram is new or has changed, and Graphviz, which draws it, {why}: {INSTALL}"))
                    break
                pictures[direction] = svg
            else:
                table[source] = Rendered(chart, pictures, keys)
    return table, problems


def check(documents, root: Path) -> list[Problem]:
    """For `make check`: every diagram readable, and drawn already or drawable here. Draws nothing."""
    _, problems = prepare(documents, root, draw_missing=False)
    if renderer():  # the build will draw what is missing
        problems = [p for p in problems if "is new or has changed" not in p.message]
    return problems


def prune(table: dict[str, Rendered], root: Path) -> list[Path]:
    """Remove the cached drawings no diagram uses any more; return what was removed."""
    used = {k for r in table.values() for k in r.keys.values()}
    folder = Path(root) / CACHE
    gone = [p for p in sorted(folder.glob("*.svg")) if p.stem not in used] if folder.is_dir() else []
    for p in gone:
        p.unlink()
    return gone


# --- the figure on the page ----------------------------------------------------------------------------

def _inline(svg: str) -> str:
    return svg.replace("<svg", '<svg role="img" aria-label="Flowchart. The same steps are listed in words below it." focusable="false"', 1)


def drawings() -> list[str]:
    """This build's pictures as they are put on pages. They are made by Graphviz from the diagrams'
    text, which it escapes, so the HTML allow-list (hooks/safehtml.py) sets them aside, not refuses them."""
    return sorted({_inline(svg) for r in Current.table.values() for svg in r.pictures.values()}, key=len, reverse=True)


def figure(rendered: Rendered, full_size_href: str) -> str:
    """The figure: the picture for wide screens and print, a phone picture when one fits, a link to the
    picture at full size when none does, and the steps in words."""
    chart, pictures = rendered.chart, rendered.pictures
    main = pictures[chart.direction]
    fits = width(main) <= NARROW
    narrow = next((d for d in variants(chart)[1:] if width(pictures[d]) <= NARROW), None)
    parts = [f'<figure class="llr-diagram{" llr-diagram--fits" if fits else ""}">']
    parts.append(f'<div class="llr-diagram__picture llr-diagram__picture--main">{_inline(main)}</div>')
    if not fits and narrow:
        parts.append(f'<div class="llr-diagram__picture llr-diagram__picture--narrow">{_inline(pictures[narrow])}</div>')
    elif not fits:
        parts.append(f'<p class="llr-diagram__full"><a href="{html.escape(full_size_href)}">Open the diagram at full size</a> '
                     "(the steps are the same as in the list below)</p>")
    parts.append('<p class="llr-diagram__words">The diagram in words:</p>')
    parts.append(steps_html(chart))
    parts.append("</figure>")
    return "".join(parts)


class Current:
    """Set by the hook: the diagrams of this build, and the site URL of the page being rendered."""

    table: dict[str, Rendered] = {}
    page_url: str = ""


def fence(source, language, class_name, options, md, **kwargs) -> str:
    """pymdownx.superfences custom fence formatter for ```mermaid (wired up by hooks/site.py)."""
    rendered = Current.table.get(source)
    if rendered is None:  # not found by prepare (e.g. a generated page): parse and draw it now
        table, problems = prepare([_Source(source)], _root(), draw_missing=True)
        if problems:  # reported with its line by the check; `build` has stopped, `serve` shows this
            return ('<div class="admonition failure"><p class="admonition-title">This diagram cannot be drawn</p>'
                    f"<p>{html.escape(problems[0].message)}</p></div>")
        rendered = table[source]
    depth = Current.page_url.count("/")
    href = "../" * depth + f"{SITE_DIR}/{rendered.keys[rendered.chart.direction]}.svg"
    return figure(rendered, href)


@dataclass
class _Source:
    body: str
    path: str = "(generated page)"
    body_line: int = 0
    readable: bool = True

    def __post_init__(self):
        self.body = f"```{LANGUAGE}\n{self.body}\n```"


def _root() -> Path:
    return Path(__file__).resolve().parent.parent
