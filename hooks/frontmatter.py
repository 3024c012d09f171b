"""Read a Markdown file's YAML front matter, keeping the line of every field.

MkDocs swallows YAML errors (a broken block leaves the page with no metadata and no message), so we
parse front matter ourselves. Dates and versions stay as the text the editor wrote: the schema judges
them, so that "2026-02-30" is reported as an impossible date rather than crashing the YAML library, and
`version: 1.10` is not silently read as the number 1.1.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The safe loader (libyaml's, when installed: several times faster) leaving dates and decimal
    numbers as strings, and every field name as the text the editor wrote: `yes:` is the name "yes",
    not True, and `1:` the name "1", so that messages name them and their lines are known."""

    def construct_mapping(self, node, deep=False):
        self.flatten_mapping(node)
        mapping = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
            else:
                raise yaml.constructor.ConstructorError(None, None, "a field name is a list or a set of fields", key_node.start_mark)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# What may be an anchor (&name) or an alias (*name): not the "&" of "Policy & Procedures" or "Q&A".
_ANCHOR = re.compile(r"(?:^|[\s\[{,])[&*][^\s\[\]{},]", re.M)
_FENCE = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(---|\.\.\.)[ \t]*$")


ANCHORS = "the YAML anchor or alias (&name or *name) is not accepted here: write the value out in full"


class FrontMatterError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Parsed:
    data: dict
    lines: dict = field(default_factory=dict)  # key path tuple -> line in the file (1-based)
    body: str = ""
    body_line: int = 1  # the file line on which the body starts
    duplicates: list = field(default_factory=list)  # (key, line) of keys written twice


def split(text: str) -> tuple[str, str, int] | None:
    """Return (yaml text, body, first body line), or None when the file has no front matter."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0].lstrip("\ufeff")):
        return None
    for i in range(1, len(lines)):
        if _END.match(lines[i]):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return None


def parse(text: str) -> Parsed:
    """Parse front matter; raise FrontMatterError with a file line for anything an editor must fix."""
    parts = split(text)
    if parts is None:
        first = text.split("\n", 1)[0]
        if _FENCE.match(first.lstrip("\ufeff")):
            raise FrontMatterError(1, "the front matter has no closing line: add a line containing only --- after the last field")
        raise FrontMatterError(1, "the file has no front matter: start it with a line ---, the fields (id, title, type, ...), then another line ---")
    source, body, body_line = parts
    node, data = _load(source, first_line=2)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(2, "the front matter must be a list of fields, one per line, written as `name: value`")
    parsed = Parsed(data=data, body=body, body_line=body_line)
    _walk(node, (), parsed)
    return parsed


def _walk(node, path: tuple, parsed: Parsed) -> None:
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if not key.strip():
                raise FrontMatterError(key_node.start_mark.line + 2, "a line starts with a colon and has no field name: write the name before the colon, like `title: ...`")
            if key in seen:
                parsed.duplicates.append((path + (key,), key_node.start_mark.line + 2))
            seen.add(key)
            parsed.lines[path + (key,)] = key_node.start_mark.line + 2
            _walk(value_node, path + (key,), parsed)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            parsed.lines[path + (i,)] = item.start_mark.line + 2
            _walk(item, path + (i,), parsed)


def _load(source: str, first_line: int, what_file: str = "the front matter"):
    """The YAML node tree and its value; FrontMatterError (with the file line) for anything wrong.
    Anchors and aliases are refused before anything is built from them: editors never need them, and a
    few lines of aliases can stand for billions of values (a "billion laughs")."""
    if ("&" in source or "*" in source) and _ANCHOR.search(source):
        try:
            for event in yaml.parse(source, Loader=_Loader):
                if getattr(event, "anchor", None) is not None:
                    raise FrontMatterError(event.start_mark.line + first_line, ANCHORS)
        except yaml.YAMLError:
            pass  # reported with its place below
    loader = _Loader(source)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        index = mark.line if mark else 0
        lines = source.split("\n")
        quote = _unclosed_quote(lines[: index + 1])
        if quote is not None or "quoted scalar" in (e.context or ""):  # an unclosed quote: where it was opened
            index = quote if quote is not None else e.context_mark.line
            raise FrontMatterError(index + first_line, f'{what_file} has a quote that is opened and never closed on this line: add the closing quote at the end of the value') from None
        if index < len(lines) and lines[index].lstrip().startswith(":"):
            raise FrontMatterError(index + first_line, "a line starts with a colon and has no field name: write the name before the colon, like `title: ...`") from None
        line = index + first_line
        what = e.problem or e.context or "unreadable YAML"
        raise FrontMatterError(line, f"{what_file} is not valid YAML ({what}): check the indentation, and put quotes around a value that contains a colon") from None
    except yaml.YAMLError as e:  # a reader error: a character YAML does not allow
        position = getattr(e, "position", None)
        line = source.count("\n", 0, position) + first_line if isinstance(position, int) else first_line
        raise FrontMatterError(line, f"{what_file} is not valid YAML ({getattr(e, 'reason', None) or e}): retype the line") from None
    except (RecursionError, MemoryError):
        raise FrontMatterError(first_line, f"{what_file} is nested too deeply to read: write one field per line") from None
    finally:
        loader.dispose()
    _refuse_deep(node, first_line, what_file)
    return node, data


# A value that starts with a quote, after "name:", "- " or "[" / ", " in a list.
_OPENING_QUOTE = re.compile(r"""(?:^\s*(?:-\s+)?[\w-]+:\s*|^\s*-\s*|[\[,]\s*)(["'])""")


def _unclosed_quote(lines: list[str]) -> int | None:
    """The index of the first line where a quoted value starts and does not end. YAML lets a quoted
    value run over several lines, so the parser only stumbles lines later (at the next quote); a field
    of the manual is never meant to."""
    for i, line in enumerate(lines):
        m = _OPENING_QUOTE.search(line)
        while m:
            quote = m.group(1)
            closed = re.compile(r'(?<!\\)"' if quote == '"' else r"'(?!')").search(line.replace("''", "  "), m.end())
            if not closed:
                return i
            m = _OPENING_QUOTE.search(line, closed.end())
    return None


MAX_DEPTH = 20  # front matter needs 3 levels (changes, an entry, its fields)


def _refuse_deep(node, first_line: int, what_file: str) -> None:
    """Values nested deeper than any file of the manual needs: refused before anything walks them."""
    level, depth = [node] if node is not None else [], 1
    while level:
        if depth > MAX_DEPTH:
            raise FrontMatterError(level[0].start_mark.line + first_line, f"{what_file} nests lists or fields more than {MAX_DEPTH} levels deep: write one field per line, as the editors' guide shows")
        below = []
        for n in level:
            if isinstance(n, yaml.MappingNode):
                below += [value for _, value in n.value]
            elif isinstance(n, yaml.SequenceNode):
                below += n.value
        level, depth = below, depth + 1


def load_yaml_file(text: str):
    """Parse a data file (contacts, glossary, owners) with the same rules as front matter; raises
    FrontMatterError with the file line."""
    return _load(text, first_line=1, what_file="this data file")[1]


def load_yaml_nodes(text: str):
    """The node tree (for the line of each entry) and the value of a data file; as load_yaml_file."""
    return _load(text, first_line=1, what_file="this data file")
