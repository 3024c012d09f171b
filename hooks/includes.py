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
import posixpath
import re

import yaml
from dataclasses import dataclass, field
from html import escape
from pathlib import Path


import a11y
import dates
import frontmatter
import paths
import questions
import scan
import model
import textfile
from model import Problem

KINDS = ("contact", "phone", "glossary", "front-matter-reference", "accessibility-results", "question", "resource", "resources")
# What a reader sees where a page holds an open question: a fact the partnership has still to supply.
OPEN_QUESTION_NOTE = "Local detail to be confirmed."
STALE_AFTER_DAYS = 183  # about six months
# Shown to readers: name, phones, who, hours, out_of_hours (and email; the website when there is no
# phone). Kept for editors only (the editors' contacts page): source, last_verified, editor_note,
# disagreement, questions. See the comment at the top of data/contacts.yml.
CONTACT_FIELDS = {"id", "name", "area", "phones", "email", "website", "who", "hours", "out_of_hours", "out_of_hours_contact", "audience",
                  "source", "last_verified", "editor_note", "disagreement", "questions"}
RESOURCE_FIELDS = {"id", "name", "area", "purpose", "url", "where", "owner", "source", "last_checked", "questions"}
AREAS = ("leicester", "leicestershire", "rutland", "llr", "national")
RESOURCES_PAGE = "docs/local-resources.md"
GLOSSARY_FIELDS = {"term", "abbr", "also", "definition", "link"}


@dataclass
class Data:
    contacts: dict = field(default_factory=dict)
    contact_lines: dict = field(default_factory=dict)
    resources: dict = field(default_factory=dict)  # data/resources.yml: the partnership's forms and tools
    resource_lines: dict = field(default_factory=dict)
    question_lines: dict = field(default_factory=dict)  # (file name, id of the entry) -> line of each of its questions
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
    for entry, n in zip(items, node.value):  # the line of each open question of an entry (contacts, resources)
        if isinstance(entry, dict) and isinstance(entry.get("questions"), list) and isinstance(n, yaml.MappingNode):
            value = next((v for k, v in n.value if getattr(k, "value", None) == "questions"), None)
            if isinstance(value, yaml.SequenceNode):
                data.question_lines[(name, id(entry))] = [q.start_mark.line + 1 for q in value.value]
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
        if "caveat" in item:
            where(f'contact {item["id"]}: "caveat" is no longer shown to readers: move what editors should know to editor_note, and a conflict between sources to disagreement')
        for p in item.get("phones") or []:
            if not isinstance(p, dict) or not p.get("number"):
                where(f'contact {item["id"]}: each entry of phones needs a number, written like `- number: "0116 454 1004"`')
        _check_common(item, "contact", where, url_field="website")
        data.contacts[item["id"]] = item
        data.contact_lines[item["id"]] = line
    resources, lines = _read_list(root, "resources.yml", data)
    for item, line in zip(resources, lines):
        where = lambda message, line=line: data.problems.append(Problem("data/resources.yml", line, "error", message))
        if not isinstance(item, dict) or not item.get("id") or not item.get("name"):
            where("each resource needs at least an id and a name")
            continue
        ident = item["id"]
        for key in sorted(set(item) - RESOURCE_FIELDS):
            where(f'unknown field "{key}" in resource {ident}: allowed fields are {", ".join(sorted(RESOURCE_FIELDS))}')
        if ident in data.resources:
            where(f'resource id "{ident}" is used twice: give each resource its own id')
        for need in ("purpose", "owner"):
            if not item.get(need):
                where(f"resource {ident} has no {need}: say {'what it is for, in one line' if need == 'purpose' else 'who keeps it up to date'}")
        if not item.get("url") and not item.get("where") and not item.get("questions"):
            where(f"resource {ident} says neither where it is published (url) nor where practitioners get it (where): add one, or an open question under questions")
        if item.get("last_checked") is not None and dates.parse(item.get("last_checked")) is None:
            where(f'resource {ident}: last_checked "{item.get("last_checked")}" is not a date: write it as YYYY-MM-DD, or null if nobody has checked it')
        _check_common(item, "resource", where, url_field="url")
        data.resources[ident] = item
        data.resource_lines[ident] = line
    glossary, lines = _read_list(root, "glossary.yml", data)
    seen: dict[str, int] = {}
    for item, line in zip(glossary, lines):
        if not isinstance(item, dict) or not isinstance(item.get("term"), str) or not item.get("definition"):
            data.problems.append(Problem("data/glossary.yml", line, "error", "each glossary entry needs a term and a definition"))
            continue
        for key in sorted(set(item) - GLOSSARY_FIELDS):
            data.problems.append(Problem("data/glossary.yml", line, "error", f'unknown field "{key}" in glossary entry "{item["term"]}": allowed fields are term, abbr, also, definition, link'))
        also = item.get("also")
        if also is not None and not (isinstance(also, list) and all(isinstance(w, str) and w.strip() for w in also)):
            data.problems.append(Problem("data/glossary.yml", line, "error", f'"also" of glossary entry "{item["term"]}" must be a list of words, like `also: ["strategy meeting", "strat meeting"]`'))
            item = {k: v for k, v in item.items() if k != "also"}
        for word in filter(None, (item.get("term"), item.get("abbr"))):
            key = str(word).lower()
            if key in seen:
                data.problems.append(Problem("data/glossary.yml", line, "error", f'"{word}" is already defined at line {seen[key]}: define each term once'))
            seen.setdefault(key, line)
        data.glossary.append(item)
        data.glossary_lines.append(line)
    return data


def _check_common(item: dict, kind: str, where, url_field: str) -> None:
    """What contacts and resources share: an area we know, https addresses, a list of open questions."""
    ident = item["id"]
    if item.get("area") is not None and item.get("area") not in AREAS:
        where(f'{kind} {ident}: area "{item.get("area")}" is not one of {", ".join(AREAS)}')
    url = item.get(url_field)
    if url is not None and not str(url).startswith("https://"):
        where(f'{kind} {ident}: {url_field} "{url}" must be a full secure address starting with https://, like https://www.example.gov.uk/')
    qs = item.get("questions")
    if qs is not None and (not isinstance(qs, list) or not all(isinstance(q, str) and q.strip() or isinstance(q, dict) and q.get("question") for q in qs)):
        where(f"{kind} {ident}: questions must be a list, each written like `- question: What is ...?` with an optional `who:` line")


def data_questions(data: Data) -> list:
    """The open questions recorded on contacts and resources (questions.Question records)."""
    def entries(name, items, lines):
        out = []
        for i, item in items.items():
            qs = item.get("questions") if isinstance(item.get("questions"), list) else []
            out.append((i, str(item.get("name")), data.question_lines.get((name, id(item)), [lines[i]] * len(qs)), qs))
        return out

    return questions.from_data("contacts.yml", entries("contacts.yml", data.contacts, data.contact_lines)) + questions.from_data("resources.yml", entries("resources.yml", data.resources, data.resource_lines))


def check_data(data: Data, today: dt.date) -> list[Problem]:
    problems = list(data.problems)
    for ident, item in data.contacts.items():
        line = data.contact_lines[ident]
        other = item.get("out_of_hours_contact")
        if other and other not in data.contacts:
            problems.append(Problem("data/contacts.yml", line, "error", f'out_of_hours_contact "{other}" of {ident} is not a contact id'))
        if item.get("audience") == "public" and not item.get("hours"):
            problems.append(Problem("data/contacts.yml", line, "warning", f"public contact {ident} does not say when it is open: write hours in plain words (readers are told nothing else), or record an open question under questions"))
        checked = dates.parse(item.get("last_verified"))
        if checked is None:
            problems.append(Problem("data/contacts.yml", line, "warning", f"contact {ident} has never been checked against its official source: call or check it, then set last_verified"))
        elif (today - checked).days > STALE_AFTER_DAYS:
            problems.append(Problem("data/contacts.yml", line, "warning", f"contact {ident} was last checked on {dates.uk(checked)}, more than 6 months ago: check it again and update last_verified"))
    for ident, item in data.resources.items():
        if dates.parse(item.get("last_checked")) is None:
            problems.append(Problem("data/resources.yml", data.resource_lines[ident], "warning", f"resource {ident} has never been checked on its live page: open it, then set last_checked"))
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
        elif kind == "resource" and not arg:
            problems.append(Problem(doc.path, line, "error", "a resource link needs the resource's id: write `[[resource: id]]` with an id from data/resources.yml"))
        elif kind == "resource" and arg not in data.resources:
            near = model.did_you_mean(arg or "", data.resources, quote=True, cutoff=0.5)
            problems.append(Problem(doc.path, line, "error", f'resource "{arg}" does not exist in data/resources.yml{near}: use an id from that file'))
        elif kind == "question" and not question(arg)[0]:
            problems.append(Problem(doc.path, line, "error", "an open question needs its question: write `[[question: What is ...? | who: who can answer]]`"))
    for text, line in outline.near_includes:
        problems.append(Problem(doc.path, line, "error", near_include(text)))
    return problems


FORMS = "[[contact: id]], [[phone: id]], [[resource: id]], [[question: What is ...? | who: ...]] or [[glossary]]"


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
    right = f"[[{kind}: {arg}]]" if arg else (f"[[{kind}: id]]" if kind in ("contact", "phone", "resource") else f"[[{kind}]]")
    return f"{shown}: write `{right}` (lowercase, with a colon, in double square brackets)"


def question(arg: str | None) -> tuple[str, str | None]:
    """An open question's text and who can answer it: `[[question: What is ...? | who: Rutland LADO]]`."""
    return questions.parse(arg)


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


def _host(url: str) -> str:
    """A web address as a reader would say it: "www.ceop.police.uk/safety-centre/" -> "ceop.police.uk"."""
    host = re.sub(r"^https?://", "", str(url)).split("/", 1)[0]
    return host.removeprefix("www.")


def card(item: dict, data: Data) -> str:
    """A contact card for readers: the number as a large tap target, who it is for, when it is open.
    Nothing about how sure we are (that is for editors: the editors' contacts page). The classes are
    stable; the Report a concern page is shaped around them."""
    rows = [f'<p class="llr-contact__name"><strong>{escape(item["name"])}</strong></p>']
    phones = item.get("phones") or []
    for p in phones:
        label = f' <span class="llr-contact__label">{escape(str(p["label"]))}</span>' if p.get("label") and len(phones) > 1 else ""
        rows.append(f'<p class="llr-contact__number"><a class="llr-phone" href="{tel(p["number"])}">{escape(str(p["number"]))}</a>{label}</p>')
    if item.get("website") and not phones:  # an online service: the address is the way in
        rows.append(f'<p class="llr-contact__number"><a class="llr-contact__web" href="{escape(item["website"])}">{escape(_host(item["website"]))}</a></p>')
    if item.get("who"):
        rows.append(f'<p class="llr-contact__who">{escape(str(item["who"]))}</p>')
    when = [escape(str(item["hours"]))] if item.get("hours") else []
    if item.get("out_of_hours"):
        other = data.contacts.get(item.get("out_of_hours_contact") or "")
        when.append(escape(str(item["out_of_hours"])) + (f" {phone(other)}" if other and _first_number(other) else ""))
    if when:
        rows.append(f'<p class="llr-contact__when">{" ".join(when)}</p>')
    if item.get("email"):
        rows.append(f'<p class="llr-contact__also">Email: <a href="mailto:{escape(item["email"])}">{escape(item["email"])}</a></p>')
    return '<div class="llr-contact">\n' + "\n".join(rows) + "\n</div>"


def resource_url(item: dict, page: str) -> str:
    """Where `[[resource: id]]` takes a reader: the published document, or (when it is not public) its
    entry on the Local resources page, which says where practitioners get it. As an author would write
    the link: the link rewriter (mdext) turns a repository path into the site's."""
    if item.get("url"):
        return str(item["url"])
    return posixpath.relpath(RESOURCES_PAGE, posixpath.dirname(page)) + f"#resource-{item['id']}"


def resource_markdown(item: dict, page: str) -> str:
    text = re.sub(r"([\\`*_\[\]])", r"\\\1", str(item["name"]))
    return f"[{text}]({resource_url(item, page)})"


def resources_html(data: Data, page: str) -> str:
    """Every local resource, by name (each name says its area): what it is for, where it is, who owns
    it and when it was checked."""
    out = ['<dl class="llr-resources">']
    for item in sorted(data.resources.values(), key=lambda i: str(i["name"]).lower()):
        out.append(f'<dt id="resource-{escape(item["id"])}">{escape(str(item["name"]))}</dt>')
        parts = [escape(str(item.get("purpose") or ""))]
        if item.get("url"):
            parts.append(f'<a href="{escape(str(item["url"]))}">Open it on {escape(_host(item["url"]))}</a>.')
        if item.get("where"):
            parts.append(escape(str(item["where"])))
        if not item.get("url") and not item.get("where"):
            parts.append(f'Where to get it: <span class="llr-open-question">{OPEN_QUESTION_NOTE}</span>')
        checked = dates.parse(item.get("last_checked"))
        owner = f"Owner: {escape(str(item['owner']))}." if item.get("owner") else ""
        parts.append(f'<span class="llr-resources__meta">{owner}{" Checked " + dates.uk(checked) + "." if checked else ""}</span>')
        out.append(f"<dd>{' '.join(p for p in parts if p)}</dd>")
    out.append("</dl>")
    return "\n".join(out)


def glossary_html(data: Data, page: str) -> str:
    items = sorted(data.glossary, key=lambda i: str(i.get("abbr") or i["term"]).lower())
    out = ['<dl class="llr-glossary">']
    for item in items:
        name = f'{escape(str(item["abbr"]))} ({escape(item["term"])})' if item.get("abbr") else escape(item["term"])
        out.append(f'<dt id="{glossary_id(item)}">{name}</dt>')
        target, _, fragment = str(item.get("link") or "").partition("#")
        # Link text that names its target, so a list of the page's links makes sense (WCAG 2.4.9).
        subject = escape(str(item.get("abbr") or item["term"]))
        more = f' <a href="{escape(paths.site_href(page, target, fragment))}">Read more about {subject}</a>' if target else ""
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
        if kind == "resource" and arg in data.resources:
            return resource_markdown(data.resources[arg], doc.path)
        if kind == "resources":
            return "\n" + resources_html(data, doc.path) + "\n"
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
