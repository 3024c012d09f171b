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
    numbers as strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_FENCE = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(---|\.\.\.)[ \t]*$")


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
    loader = _Loader(source)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = (mark.line + 2) if mark else 1
        what = e.problem or e.context or "unreadable YAML"
        raise FrontMatterError(line, f"the front matter is not valid YAML ({what}): check the indentation, and put quotes around a value that contains a colon") from None
    finally:
        loader.dispose()
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
            if key in seen:
                parsed.duplicates.append((path + (key,), key_node.start_mark.line + 2))
            seen.add(key)
            parsed.lines[path + (key,)] = key_node.start_mark.line + 2
            _walk(value_node, path + (key,), parsed)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            parsed.lines[path + (i,)] = item.start_mark.line + 2
            _walk(item, path + (i,), parsed)


def load_yaml_file(text: str):
    """Parse a data file (contacts, glossary, owners) with the same rules as front matter."""
    return yaml.load(text, Loader=_Loader)
