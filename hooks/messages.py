"""Every message the checks can print, for the editors' page "What this message means".

The messages are written where the checks are (f-strings in hooks/*.py), so this module finds them by
reading that code: each `Problem(path, line, severity, message)`, each `FrontMatterError(line, message)`,
each `yield line, message` of the schema's explanations and each `return` of a function whose name says
it makes a message. A part worked out while checking (a field name, a date) becomes "…". The guide's
words for each message (an example and the fix) are in data/messages.yml, which editors can extend; a
test fails when a message has no entry there, so a new check cannot reach editors unexplained.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from frontmatter import load_yaml_file

DATA = "data/messages.yml"
PAGE = "docs/editors/messages.md"
GAP = "…"
# Small local helpers that wrap Problem(...) and take the message as their first argument.
HELPERS = ("err", "where")


@dataclass(frozen=True)
class Template:
    text: str  # the message with every computed part as "…"
    severity: str  # error | warning | "" when computed
    where: str  # hooks/module.py:line


@dataclass(frozen=True)
class Entry:
    match: str  # a piece of the message's own words that identifies it
    example: str  # the message as an editor sees it
    fix: str  # what to do, in plain words
    severity: str = "error"


def _texts(node: ast.AST) -> list[str]:
    """The message a node writes, as templates; none when it is a variable made elsewhere."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        out = [""]
        for part in node.values:
            pieces = _texts(part) if isinstance(part, ast.Constant) else [GAP]
            out = [o + p for o in out for p in pieces]
        return [re.sub(f"({GAP})+", GAP, o) for o in out]
    if isinstance(node, ast.IfExp):
        return _texts(node.body) + _texts(node.orelse)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _texts(node.left) or [GAP], _texts(node.right) or [GAP]
        if left == [GAP] and right == [GAP]:
            return []
        return [re.sub(f"({GAP})+", GAP, a + b) for a in left for b in right]
    return []


def _call_name(node: ast.Call) -> str:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def scan(hooks: Path) -> list[Template]:
    found: set[Template] = set()
    for path in sorted(Path(hooks).glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = lambda node: f"hooks/{path.name}:{node.lineno}"
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _call_name(node) == "Problem":
                args = list(node.args) + [k.value for k in node.keywords if k.arg in ("severity", "message")]
                if len(args) >= 4:
                    sev = args[2].value if isinstance(args[2], ast.Constant) and isinstance(args[2].value, str) else ""
                    found |= {Template(t, sev, where(node)) for t in _texts(args[3])}
            elif isinstance(node, ast.Call) and _call_name(node) == "FrontMatterError" and len(node.args) >= 2:
                found |= {Template(t, "error", where(node)) for t in _texts(node.args[1])}
            elif isinstance(node, ast.Call) and _call_name(node) in HELPERS and node.args:
                found |= {Template(t, "", where(node)) for t in _texts(node.args[0])}
            elif isinstance(node, (ast.Yield,)) and isinstance(node.value, ast.Tuple) and len(node.value.elts) == 2:
                found |= {Template(t, "error", where(node)) for t in _texts(node.value.elts[1])}
            elif isinstance(node, ast.FunctionDef) and ("message" in node.name or node.name == "_unpublishable"):
                for ret in ast.walk(node):
                    if isinstance(ret, ast.Return) and ret.value is not None:
                        found |= {Template(t, "error", where(ret)) for t in _texts(ret.value)}
    # A message made only of computed parts (a library's own words) cannot be explained by its text.
    return sorted((t for t in found if t.text.strip(GAP + " :") and not t.text.startswith("(")), key=lambda t: (t.where, t.text))


def entries(root: Path) -> list[Entry]:
    raw = load_yaml_file((Path(root) / DATA).read_text(encoding="utf-8")) or []
    return [Entry(str(e["match"]), str(e["example"]), str(e["fix"]), str(e.get("severity", "error"))) for e in raw]


def matches(entry: Entry, template: Template) -> bool:
    return entry.match in template.text


def unexplained(templates: list[Template], known: list[Entry]) -> list[Template]:
    return [t for t in templates if not any(matches(e, t) for e in known)]


def unused(templates: list[Template], known: list[Entry]) -> list[Entry]:
    return [e for e in known if not any(matches(e, t) for t in templates)]


def page_markdown(known: list[Entry]) -> str:
    out = [
        "---",
        "id: check-messages",
        "title: What this message means",
        "type: reference",
        "status: draft",
        'version: "0.1"',
        "owner: Policy and Procedures Group",
        "audience: editors",
        "order: 20",
        "related: [editors, front-matter-reference]",
        "sources:",
        '  - "The messages of this site\'s own checks (hooks/ in the repository), explained in data/messages.yml"',
        "changes:",
        '  - version: "0.1"',
        "    date: 2026-11-28",
        "    summary: First version, made from the checks' own messages.",
        "---",
        "",
        "<!-- Made by `make messages` from data/messages.yml: edit that file, not this page. -->",
        "",
        "Every message the checks print starts with the file and the line, then `error` (the site is not",
        "published until it is fixed) or `warning` (worth fixing; publishing goes on). This page lists every",
        "message, with an example and what to do. The words in the example that are particular to your page",
        "(a field, a date, an id) will be your own.",
        "",
    ]
    for e in sorted(known, key=lambda e: e.match.lower().lstrip('"“`')):
        out += [f"## {_heading(e.match)}", "", "```text", f"procedures/child-protection/making-a-referral.md:7: {e.severity}: {e.example}", "```", "", e.fix, ""]
    return "\n".join(out)


def _heading(match: str) -> str:
    text = match.strip().strip(":").replace("`", "").replace("[[", "").replace("]]", "").strip()
    return text[0].upper() + text[1:] if text else match


def write_page(root: Path) -> int:
    import report

    known = entries(root)
    missing = unexplained(scan(Path(root) / "hooks"), known)
    for t in missing:
        print(f"{DATA}:1: error: the message \"{t.text}\" ({t.where}) has no entry: add one with match, example and fix")
    (Path(root) / PAGE).write_text(page_markdown(known), encoding="utf-8")
    print(f"Wrote {PAGE} ({len(known)} messages)")
    return 1 if missing else 0
