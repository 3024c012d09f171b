"""The content model: every front-matter field declared once, the JSON Schema made from it, and validation.

The JSON Schema built here is the one the validator runs and the one exported to
schema/front-matter.schema.json for editors' tools, so the two cannot drift apart. fastjsonschema (the
schema compiled to Python) says quickly whether a document is valid, as nearly all are; a document it
rejects goes through the jsonschema library, which finds every mistake, and each of its errors is turned
into one line an editor can act on.
"""
from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema

from frontmatter import FrontMatterError, load_yaml_file

if TYPE_CHECKING:
    import jsonschema

TYPES = ("procedure", "guidance", "threshold", "public", "reference")
STATUSES = ("draft", "approved", "superseded", "retired")
AUDIENCES = ("practitioners", "public", "editors")
AREAS = ("leicester", "leicestershire", "rutland")
REVIEWED_TYPES = ("procedure", "guidance", "threshold", "public")
HIDE = ("navigation", "toc", "footer", "path")

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
VERSION_PATTERN = r"^[0-9]+\.[0-9]+$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


@dataclass(frozen=True)
class Field:
    kind: str  # text | id | ids | date | version | choice | choices | texts | changes | number
    help: str  # one line for editors: what the field is for
    example: str  # how to write it, as it appears after "name: "
    required: bool = False
    choices: tuple = ()


def _fields(owners: tuple[str, ...]) -> dict[str, Field]:
    return {
        "id": Field("id", "Stable identifier, unique across the manual. Never change it: other pages refer to it.", "making-a-referral", True),
        "title": Field("text", "The title shown on the page, in the navigation and in every list that names the page.", "Making a referral to children's social care", True),
        "type": Field("choice", "What kind of document this is.", "procedure", True, TYPES),
        "status": Field("choice", "Where the document is in its life: draft until approved; superseded or retired when replaced or withdrawn.", "draft", True, STATUSES),
        "version": Field("version", "MAJOR.MINOR, in quotes. Raise MINOR for a small change, MAJOR for a change of practice.", '"1.0"', True),
        "owner": Field("choice", "The group that owns the document and keeps it under review.", owners[0] if owners else "Policy and Procedures Group", True, owners),
        "approved_by": Field("text", "Who approved this version (required when status is approved).", "Policy and Procedures Group"),
        "approved_on": Field("date", "The date this version was approved (required when status is approved).", "2026-03-01"),
        "effective_from": Field("date", "The date this version comes into force (required when status is approved).", "2026-04-01"),
        "last_reviewed": Field("date", "The date the owner last reviewed the whole document.", "2026-03-01"),
        "review_due": Field("date", "The date by which the owner must review it again.", "2027-03-01"),
        "audience": Field("choice", "Who the document is written for.", "practitioners", True, AUDIENCES),
        "applies_to": Field("choices", "The areas the document covers (leave out for all three).", "[leicester, leicestershire, rutland]", False, AREAS),
        "order": Field("number", "Position in the navigation among the pages of the same folder (smaller comes first).", "20"),
        "related": Field("ids", "Ids of related documents; the page lists them with their titles.", "[strategy-discussions, early-help]"),
        "sources": Field("texts", "The statutory guidance and local documents this document relies on, one per line.", '["Working Together to Safeguard Children 2023, chapter 3"]'),
        "changes": Field("changes", "The version history, oldest first: one entry per version with version, date and summary.", '[{version: "1.0", date: 2026-03-01, summary: First approved version.}]', True),
        "superseded_by": Field("id", "The id of the document that replaces this one (required when status is superseded).", "making-a-referral"),
        "redirect_from": Field("texts", "Old paths of this file (relative to the repository), so that published addresses keep working after a move.", "[procedures/referrals.md]"),
        "hide": Field("choices", "Parts of the page layout to hide (navigation, toc, footer, path).", "[toc]", False, HIDE),
    }


# (field, values that trigger, fields then required, why) — read by the schema and by the messages.
CONDITIONS = (
    ("status", ("approved",), ("approved_by", "approved_on", "effective_from"), "an approved document must say who approved it, when, and when it takes effect"),
    ("status", ("superseded",), ("superseded_by",), "a superseded document must name the document that replaces it"),
    ("type", REVIEWED_TYPES, ("last_reviewed", "review_due", "sources"), "procedures, guidance, threshold and public pages must carry review dates and their sources"),
)


def load_owners(root: Path) -> tuple[str, ...]:
    path = root / "data" / "owners.yml"
    if not path.is_file():
        return ()
    try:  # a broken file lists no owners: content.load reports why
        owners = load_yaml_file(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, FrontMatterError):
        return ()
    return tuple(o for o in owners if isinstance(o, str)) if isinstance(owners, list) else ()


def json_schema(owners: tuple[str, ...]) -> dict[str, Any]:
    """The front-matter schema as JSON Schema (draft 2020-12)."""
    props = {name: _property(f) for name, f in _fields(owners).items()}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "front-matter.schema.json",
        "title": "LLR safeguarding children procedures: document front matter",
        "type": "object",
        "properties": props,
        "required": [n for n, f in _fields(owners).items() if f.required],
        "additionalProperties": False,
        "allOf": [
            {"if": {"properties": {key: {"enum": list(values)}}, "required": [key]}, "then": {"required": list(needs)}}
            for key, values, needs, _ in CONDITIONS
        ],
    }


def _property(f: Field) -> dict[str, Any]:
    date = {"type": "string", "pattern": DATE_PATTERN, "format": "date"}
    ident = {"type": "string", "pattern": ID_PATTERN}
    out: dict[str, Any] = {
        "text": {"type": "string", "minLength": 1},
        "id": ident,
        "ids": {"type": "array", "items": ident, "uniqueItems": True},
        "date": date,
        "version": {"type": "string", "pattern": VERSION_PATTERN},
        # With no owners listed (data/owners.yml unreadable, reported there), any owner passes: one mistake, one message.
        "choice": {"type": "string", "enum": list(f.choices)} if f.choices else {"type": "string"},
        "choices": {"type": "array", "items": {"type": "string", "enum": list(f.choices)}, "minItems": 1, "uniqueItems": True},
        "texts": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
        "number": {"type": "integer"},
        "changes": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "properties": {
                    "version": {"type": "string", "pattern": VERSION_PATTERN},
                    "date": date,
                    "summary": {"type": "string", "minLength": 1},
                },
                "required": ["version", "date", "summary"],
                "additionalProperties": False,
            },
        },
    }[f.kind]
    out["description"] = f.help
    return out


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    severity: str  # "error" | "warning"
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


@dataclass
class Document:
    path: str  # repository-relative, e.g. "procedures/child-protection/making-a-referral.md"
    meta: dict
    lines: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    readable: bool = True  # False when the front matter could not be read at all
    _outline: tuple | None = field(default=None, repr=False, compare=False)

    def outline(self):
        """The headings, links and includes of the body (scan.Outline), scanned once and kept."""
        if self._outline is None:
            import scan

            self._outline = scan.scan(self.body, self.body_line)
        return self._outline

    def line(self, *key) -> int:
        """The file line of a field (or of its nearest written parent), else 1."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return 1

    def __getattr__(self, name):  # meta fields read as attributes: doc.title, doc.status ...
        if name.startswith("_"):
            raise AttributeError(name)
        meta = self.__dict__.get("meta", {})
        if name in meta:
            return meta[name]
        if name not in FIELD_NAMES:
            raise AttributeError(name)
        return None


FIELD_NAMES = frozenset(_fields(()))


@functools.lru_cache(maxsize=8)
def _validator(owners: tuple[str, ...]) -> jsonschema.Draft202012Validator:
    import jsonschema  # only for a document with a mistake: most builds never need it

    return jsonschema.Draft202012Validator(json_schema(owners), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@functools.lru_cache(maxsize=8)
def _quick_check(owners: tuple[str, ...]):
    """The same schema compiled by fastjsonschema, which stops at the first mistake: about ten times
    quicker to pass a valid document. Its newest draft is 7, which has every keyword the schema uses."""
    schema = {**json_schema(owners), "$schema": "http://json-schema.org/draft-07/schema#"}
    return fastjsonschema.compile(schema, formats={"date": _real_date})


def _real_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_valid(meta: dict, owners: tuple[str, ...]) -> bool:
    try:
        _quick_check(owners)(meta)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def validate(doc: Document, owners: tuple[str, ...]) -> list[Problem]:
    """Every problem with one document's front matter, never stopping at the first."""
    if is_valid(doc.meta, owners):
        return []
    validator = _validator(owners)
    fields = _fields(owners)
    problems = []
    for error in validator.iter_errors(doc.meta):
        for line, message in _explain(error, doc, fields):
            problems.append(Problem(doc.path, line, "error", message))
    return sorted(set(problems))


def _name(path: tuple) -> str:
    """How a field is named in a message: `review_due`, or `date of changes entry 2`."""
    if len(path) >= 3 and path[0] == "changes":
        return f"{path[2]} of changes entry {path[1] + 1}"
    if len(path) == 2 and isinstance(path[1], int):
        return f"entry {path[1] + 1} of {path[0]}"
    if len(path) == 2 and path[0] == "changes":
        return f"changes entry {path[1] + 1}"
    return str(path[0]) if path else "the front matter"


def did_you_mean(word: str, options, quote: bool = False, cutoff: float = 0.6) -> str:
    """ (did you mean X?) with the nearest option, or nothing when none is near: for every message."""
    close = difflib.get_close_matches(str(word), list(options), n=1, cutoff=cutoff)
    if not close:
        return ""
    return f' (did you mean "{close[0]}"?)' if quote else f" (did you mean {close[0]}?)"


def _explain(error: jsonschema.ValidationError, doc: Document, fields: dict[str, Field]):
    path = tuple(error.absolute_path)
    top = fields.get(path[0]) if path else None
    name = _name(path)
    value = error.instance
    line = doc.line(*path)
    example = top.example if top else ""
    kind = error.validator
    if kind == "additionalProperties":
        allowed = fields if not path else ("version", "date", "summary")
        for extra in sorted(set(value) - set(error.schema.get("properties", {}))):
            yield doc.line(*path, extra), f'unknown field "{extra}"{did_you_mean(extra, allowed)}: remove it, or correct its name (the editors\' guide lists every field)'
    elif kind == "required":
        reason = ""
        schema_path = list(error.absolute_schema_path)
        if "then" in schema_path:
            key, values, _, why = CONDITIONS[schema_path[schema_path.index("allOf") + 1]]
            reason = f" ({why})"
            line = doc.line(key)
        for missing in error.validator_value:
            if missing not in value:
                hint = fields[missing].example if not path and missing in fields else "..."
                yield line, f'missing field "{missing}"{reason}: add a line such as `{missing}: {hint}`'
    elif kind == "type":
        wanted = {"string": "text", "array": "a list", "object": "a set of fields", "integer": "a whole number"}.get(error.validator_value, error.validator_value)
        yield line, f"{name} should be {wanted}, not {_show(value)}: write it like `{path[-1] if path else 'field'}: {_example(path, fields)}`"
    elif kind == "enum":
        yield line, f'{name} "{value}" is not one of: {", ".join(error.validator_value)}{did_you_mean(value, error.validator_value)}'
    elif kind == "pattern":
        yield line, _pattern_message(name, value, error.validator_value, path, fields)
    elif kind == "format":
        yield line, f'{name} "{value}" is not a real date (write it as YYYY-MM-DD, like 2026-03-01)'
    elif kind == "minItems":
        yield line, f"{name} is empty: list at least one entry, like `{path[-1]}: {example}`"
    elif kind == "uniqueItems":
        yield line, f"{name} lists the same entry more than once: remove the repeat"
    elif kind == "minLength":
        yield line, f"{name} is empty: write some text, or remove the line"
    else:  # a rule we have not given its own wording; still say where and what
        yield line, f"{name}: {error.message}"


def _example(path: tuple, fields: dict[str, Field]) -> str:
    if path and path[0] == "changes" and len(path) == 3:
        return {"version": '"1.0"', "date": "2026-03-01", "summary": "What changed."}.get(path[2], "...")
    return fields[path[0]].example if path and path[0] in fields else "..."


def _show(value) -> str:
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    if value is None:
        return "nothing"
    return f'"{value}"'


def _pattern_message(name: str, value: str, pattern: str, path: tuple, fields) -> str:
    if pattern == DATE_PATTERN:
        return f'{name} "{value}" is not written as YYYY-MM-DD: write it like 2026-03-01'
    if pattern == VERSION_PATTERN:
        return f'{name} "{value}" is not a version: write MAJOR.MINOR in quotes, like "2.1"'
    if pattern == ID_PATTERN:
        suggestion = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-") or "making-a-referral"
        return f'{name} "{value}" must be lowercase words joined by hyphens: write it like {suggestion}'
    return f'{name} "{value}" does not match {pattern}'


def field_reference(owners: tuple[str, ...]) -> list[tuple[str, Field]]:
    """The fields in declaration order, for the editors' reference page."""
    return list(_fields(owners).items())
