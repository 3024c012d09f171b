"""Content data (contacts, glossary) and the includes that put it on pages.

A phone number lives once, in data/contacts.yml, with where it was checked and when; a page writes
`[[contact: id]]` (a card) or `[[phone: id]]` (the number). The glossary lives once, in
data/glossary.yml; `[[glossary]]` renders it, and every page gets its abbreviations as tooltips.
"""
from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path


import a11y
import dates
import frontmatter
import paths
import scan
import model
import textfile
from model import Problem

KINDS = ("contact", "phone", "glossary", "front-matter-reference", "accessibility-results", "question")
# What a reader sees where a page holds an open question: a fact the partnership has still to supply.
OPEN_QUESTION_NOTE = "Local detail to be confirmed."
STALE_AFTER_DAYS = 183  # about six months
CONTACT_FIELDS = {"id", "name", "area", "phones", "email", "website", "hours", "out_of_hours", "out_of_hours_contact", "audience", "source", "last_verified", "caveat"}
GLOSSARY_FIELDS = {"term", "abbr", "definition", "link"}


@dataclass
class Data:
    contacts: dict = field(default_factory=dict)
    contact_lines: dict = field(default_factory=dict)
    glossary: list = field(default_factory=list)
    glossary_lines: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    owners: tuple = ()
    accessibility: dict = field(default_factory=dict)  # the latest measured result (hooks/a11y.py)
    # Contact ids of data/contacts.yml when it cannot be read: pages using them are not a second mistake.
    unreadable_contacts: set = field(default_factory=set)


def _read_list(root: Path, name: str, data: Data) -> tuple[list, list]:
    """A YAML list from data/, with the line of each entry."""
    path = root / "data" / name
    if not path.is_file():
        return [], []
    text, problems = textfile.read(root, f"data/{name}")
    data.problems += problems
    unreadable = text is None
    if not unreadable:
        try:
            node, items = frontmatter.load_yaml_nodes(text)
        except frontmatter.FrontMatterError as e:
            data.problems.append(Problem(f"data/{name}", e.line, "error", e.message))
            unreadable = True
    if unreadable:
        if name == "contacts.yml":
            data.unreadable_contacts = textfile.recover_ids(text if text is not None else textfile.lossy(root, f"data/{name}"))
        return [], []
    if node is None:  # an empty file
        return [], []
    if not isinstance(items, list):
        data.problems.append(Problem(f"data/{name}", 1, "error", "this data file must be a list of entries, each starting with `- `"))
        return [], []
    return items, [n.start_mark.line + 1 for n in node.value]


def load_data(root: Path) -> Data:
    data = Data(owners=model.load_owners(root))
    results = root / a11y.RESULTS
    if results.is_file():
        data.accessibility = json.loads(results.read_text(encoding="utf-8"))
    contacts, lines = _read_list(root, "contacts.yml", data)
    for item, line in zip(contacts, lines):
        where = lambda message: data.problems.append(Problem("data/contacts.yml", line, "error", message))
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item.get("name"):
            where("each contact needs at least an id (one word, like city-duty) and a name")
            continue
        for key in sorted(set(item) - CONTACT_FIELDS):
            where(f'unknown field "{key}" in contact {item["id"]}: allowed fields are {", ".join(sorted(CONTACT_FIELDS))}')
        if item["id"] in data.contacts:
            where(f'contact id "{item["id"]}" is used twice: give each contact its own id')
        data.contacts[item["id"]] = item
        data.contact_lines[item["id"]] = line
    glossary, lines = _read_list(root, "glossary.yml", data)
    seen: dict[str, int] = {}
    for item, line in zip(glossary, lines):
        if not isinstance(item, dict) or not isinstance(item.get("term"), str) or not item.get("definition"):
            data.problems.append(Problem("data/glossary.yml", line, "error", "each glossary entry needs a term and a definition"))
            continue
        for key in sorted(set(item) - GLOSSARY_FIELDS):
            data.problems.append(Problem("data/glossary.yml", line, "error", f'unknown field "{key}" in glossary entry "{item["term"]}": allowed fields are term, abbr, definition, link'))
        for word in filter(None, (item.get("term"), item.get("abbr"))):
            key = str(word).lower()
            if key in seen:
                data.problems.append(Problem("data/glossary.yml", line, "error", f'"{word}" is already defined at line {seen[key]}: define each term once'))
            seen.setdefault(key, line)
        data.glossary.append(item)
        data.glossary_lines.append(line)
    return data


def check_data(data: Data, today: dt.date) -> list[Problem]:
    problems = list(data.problems)
    for ident, item in data.contacts.items():
        line = data.contact_lines[ident]
        other = item.get("out_of_hours_contact")
        if other and other not in data.contacts:
            problems.append(Problem("data/contacts.yml", line, "error", f'out_of_hours_contact "{other}" of {ident} is not a contact id'))
        checked = dates.parse(item.get("last_verified"))
        if checked is None:
            problems.append(Problem("data/contacts.yml", line, "warning", f"contact {ident} has never been checked against its official source: call or check it, then set last_verified"))
        elif (today - checked).days > STALE_AFTER_DAYS:
            problems.append(Problem("data/contacts.yml", line, "warning", f"contact {ident} was last checked on {dates.uk(checked)}, more than 6 months ago: check it again and update last_verified"))
    return problems


def _outside_code(line: str, replace):
    """Apply `replace` to the parts of a line outside inline code spans (`like this`)."""
    out, last = [], 0
    for m in scan._CODE_SPAN.finditer(line):
        out += [replace(line[last:m.start()]), m.group(0)]
        last = m.end()
    return "".join(out + [replace(line[last:])])


def check_page(doc: model.Document, data: Data) -> list[Problem]:
    problems = []
    outline = doc.outline()
    for kind, arg, line in outline.includes:
        if kind not in KINDS:
            problems.append(Problem(doc.path, line, "error", f'unknown include "[[{kind}]]"{model.did_you_mean(kind, KINDS, quote=True)}: use {FORMS}'))
        elif kind in ("contact", "phone") and not arg:
            problems.append(Problem(doc.path, line, "error", f"[[{kind}]] needs a contact id: write `[[{kind}: id]]` with an id from data/contacts.yml"))
        elif kind in ("contact", "phone") and arg not in data.contacts and arg not in data.unreadable_contacts:
            near = model.did_you_mean(arg or "", data.contacts, quote=True, cutoff=0.5)
            spaces = ", and a contact id has no spaces" if any(c.isspace() for c in arg) else ""
            problems.append(Problem(doc.path, line, "error", f'contact "{arg}" does not exist in data/contacts.yml{near}{spaces}: use an id from that file'))
        elif kind == "question" and not question(arg)[0]:
            problems.append(Problem(doc.path, line, "error", "an open question needs its question: write `[[question: What is ...? | who: who can answer]]`"))
    for text, line in outline.near_includes:
        problems.append(Problem(doc.path, line, "error", near_include(text)))
    return problems


FORMS = "[[contact: id]], [[phone: id]], [[question: What is ...? | who: ...]] or [[glossary]]"


def near_include(text: str) -> str:
    """What to write instead of something that looks like an include but is not one."""
    inner = text.strip("[]{} \t")
    word, colon, arg = inner.partition(":")
    if not colon:
        word, _, arg = inner.strip().partition(" ")
    word, arg = word.strip().lower(), arg.strip()
    kind = word if word in KINDS else next(iter(difflib.get_close_matches(word, KINDS, n=1, cutoff=0.6)), None)
    shown = f'"{text}" is not an include, so readers would see it as typed'
    if kind is None:
        return f"{shown}: write {FORMS} (lowercase, with a colon, in double square brackets)"
    right = f"[[{kind}: {arg}]]" if arg else (f"[[{kind}: id]]" if kind in ("contact", "phone") else f"[[{kind}]]")
    return f"{shown}: write `{right}` (lowercase, with a colon, in double square brackets)"


def question(arg: str | None) -> tuple[str, str | None]:
    """An open question's text and who can answer it: `[[question: What is ...? | who: Rutland LADO]]`."""
    text, _, who = (arg or "").partition("|")
    who = who.strip()
    who = who[len("who:"):].strip() if who.lower().startswith("who:") else who
    return text.strip(), who or None


def tel(number) -> str:
    """The tel: address of a phone number as written ("0116 454 1004" -> tel:01164541004)."""
    digits = re.sub(r"[^\d+]", "", str(number))
    return f"tel:{digits}"


def _first_number(item: dict) -> str | None:
    phones = item.get("phones") or []
    return str(phones[0]["number"]) if phones else None


def phone(item: dict) -> str:
    """The first number of a contact as an HTML link, for the cards; the name when it has none."""
    number = _first_number(item)
    return f'<a class="llr-phone" href="{tel(number)}">{escape(number)}</a>' if number else escape(item["name"])


def phone_markdown(item: dict) -> str:
    """The same for `[[phone: id]]` in running text, as a Markdown link: raw HTML in the text costs
    Markdown several times more (its HTML parser and stash run over the page)."""
    number = _first_number(item)
    text = re.sub(r"([\\`*_\[\]])", r"\\\1", escape(number or item["name"]))
    return f"[{text}]({tel(number)})" if number else text


def card(item: dict, data: Data) -> str:
    rows = [f'<p class="llr-contact__name"><strong>{escape(item["name"])}</strong></p>']
    for p in item.get("phones") or []:
        label = f' <span class="llr-contact__label">({escape(str(p.get("label")))})</span>' if p.get("label") else ""
        rows.append(f'<p>Phone: <a class="llr-phone" href="{tel(p["number"])}">{escape(str(p["number"]))}</a>{label}</p>')
    if item.get("email"):
        rows.append(f'<p>Email: <a href="mailto:{escape(item["email"])}">{escape(item["email"])}</a></p>')
    if item.get("hours"):
        rows.append(f"<p>When: {escape(str(item['hours']))}</p>")
    if item.get("out_of_hours"):
        other = data.contacts.get(item.get("out_of_hours_contact") or "")
        extra = f" {escape(other['name'])}: {phone(other)}." if other else ""
        rows.append(f"<p>Out of hours: {escape(str(item['out_of_hours']))}{extra}</p>")
    if item.get("website"):
        rows.append(f'<p>Website: <a href="{escape(item["website"])}">{escape(item["website"])}</a></p>')
    if item.get("caveat"):
        rows.append(f'<p class="llr-contact__caveat"><strong>Please note:</strong> {escape(str(item["caveat"]))}</p>')
    checked = dates.parse(item.get("last_verified"))
    rows.append(f'<p class="llr-contact__checked">{"Number last checked " + dates.uk(checked) if checked else "We have not yet confirmed this number with the service itself."}</p>')
    return '<div class="llr-contact">\n' + "\n".join(rows) + "\n</div>"


def glossary_html(data: Data, page: str) -> str:
    items = sorted(data.glossary, key=lambda i: str(i.get("abbr") or i["term"]).lower())
    out = ['<dl class="llr-glossary">']
    for item in items:
        name = f'{escape(str(item["abbr"]))} ({escape(item["term"])})' if item.get("abbr") else escape(item["term"])
        out.append(f'<dt id="{glossary_id(item)}">{name}</dt>')
        target, _, fragment = str(item.get("link") or "").partition("#")
        more = f' <a href="{escape(paths.site_href(page, target, fragment))}">Read more</a>' if target else ""
        out.append(f"<dd>{escape(str(item['definition']))}{more}</dd>")
    out.append("</dl>")
    return "\n".join(out)


def glossary_id(item: dict) -> str:
    return "term-" + scan.slugify(str(item.get("abbr") or item["term"]))


def front_matter_reference(data: Data) -> str:
    """The fields of the content model as a table, made from the schema itself (never typed twice)."""
    rows = ["| Field | Required | What it is for | Example |", "|---|---|---|---|"]
    conditional = {need: f"when {key} is {' or '.join(values)}" for key, values, needs, _ in model.CONDITIONS for need in needs}
    for name, f in model.field_reference(data.owners):
        required = "yes" if f.required else conditional.get(name, "no")
        allowed = f" One of: {', '.join(f.choices)}." if f.choices and f.kind == "choice" else (f" Any of: {', '.join(f.choices)}." if f.choices else "")
        rows.append(f"| `{name}` | {required} | {f.help}{allowed} | `{name}: {f.example}` |")
    return "\n".join(rows)


# What most abbreviations are: a run of word characters from two capitals, or a capital and a digit
# ("CSE", "WT2023"). The pattern is quick to search, as it fails at the second letter of an ordinary word.
_TOKEN = re.compile(r"[A-Z][A-Z0-9]\w*")


@functools.lru_cache(maxsize=None)
def _words(abbr: str) -> tuple[bool, tuple[str, ...]]:
    """Whether an abbreviation is a token itself, and the tokens in it ("UK GDPR": UK and GDPR)."""
    return bool(_TOKEN.fullmatch(abbr)), tuple(_TOKEN.findall(abbr))


def abbreviations(data: Data, markdown: str = "") -> str:
    """Abbreviation definitions for the abbreviations this page uses (all of them for no text). Any one
    defined costs Markdown a walk over the whole page, so the test is close: an abbreviation that is a
    token ("CSE") must be a token of the text (a word, or the end of one, as in "eCSE"); others ("s47",
    "UK GDPR") must be a piece of the text, after a quick look for the tokens in them."""
    tokens = set(_TOKEN.findall(markdown))

    def uses(abbr: str) -> bool:
        whole, words = _words(abbr)
        return not markdown or abbr in tokens or (not whole and all(w in tokens for w in words) and abbr in markdown)

    lines = [f"*[{item['abbr']}]: {item['term']}" for item in data.glossary if item.get("abbr") and uses(str(item["abbr"]))]
    return "\n\n" + "\n".join(lines) + "\n" if lines else ""


def expand(doc: model.Document, data: Data) -> str:
    """One page's Markdown with its includes replaced (on the lines where the scanner found them), and
    the definitions of the glossary abbreviations it uses."""
    lines = doc.body.split("\n")

    def sub(m):
        kind, arg = m.group(1), m.group(2)
        item = data.contacts.get(arg or "")
        if kind == "contact" and item:
            return "\n" + card(item, data) + "\n"
        if kind == "phone" and item:
            return phone_markdown(item)
        if kind == "question":
            return f'<span class="llr-open-question">{OPEN_QUESTION_NOTE}</span>'
        if kind == "glossary":
            return "\n" + glossary_html(data, doc.path) + "\n"
        if kind == "accessibility-results":
            return "\n" + a11y.results_html(data.accessibility) + "\n"
        if kind == "front-matter-reference":
            return "\n" + front_matter_reference(data) + "\n"
        return m.group(0)

    for line in sorted({include.line for include in doc.outline().includes}):
        i = line - doc.body_line
        lines[i] = _outside_code(lines[i], lambda text: scan.INCLUDE.sub(sub, text))
    return "\n".join(lines) + abbreviations(data, doc.body)
