"""Safe HTML: the one allow-list of what a page may publish, and the two checks that hold it.

Some readers are children and adults at risk at home: a page must never run a stranger's script, load
anything from another host (a tracking pixel tells that host who read what), or send a form anywhere.

1. `check_page` (run by `make check` and by the build, before anything is rendered) reads the
   Markdown source: raw HTML tags and their attributes, attr_list `{...}` attributes and every link and
   image URL, and reports each thing the allow-list refuses at its line, with what to write instead.
2. `check_rendered` is the guarantee behind it: the page's rendered HTML (Markdown, attr_list,
   md_in_html and includes all done) goes through the `nh3` sanitiser (the Python binding of Rust's
   ammonia) with the same allow-list. If sanitising would change anything, the build stops with an
   error naming the page and the nearest source line. Nothing unsafe is ever cleaned silently, and
   what is published is the sanitiser's own output.

The same allow-list also serves `check_text` (front-matter values shown on pages: plain text only) and
`check_contacts` (a contact's website and email).
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3

import scan
from model import Document, Problem

# What our Markdown extensions (abbr, admonition, attr_list, md_in_html, tables, toc permalinks,
# pymdownx.details, superfences and its mermaid fence), our includes and hooks/render.py produce, and
# the few elements editors need.
ELEMENTS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "nav", "ol", "p", "pre", "q", "s", "samp", "section", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
})
# Attributes any allowed element may carry, and those of particular elements.
GLOBAL_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir"})
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "td": frozenset({"colspan", "rowspan", "style"}),  # style: the tables extension's column alignment
    "th": frozenset({"colspan", "rowspan", "scope", "style"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "reversed"}),
    "details": frozenset({"open"}),
    "time": frozenset({"datetime"}),
    "nav": frozenset({"aria-label"}),  # render.page_list
    "div": frozenset({"role", "hidden", "data-review-due"}),  # render.overdue_banner
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
}
STYLE_PROPERTIES = frozenset({"text-align"})  # the only CSS a page may set, on table cells
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Elements whose content is removed with them (the rest keep their text when their tag is refused).
DROP_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "noscript", "svg", "math", "textarea", "select", "title", "xmp", "noembed", "noframes", "plaintext"})

# What an editor should write instead of a refused element.
INSTEAD = {
    "script": "pages cannot run script: remove it",
    "noscript": "pages cannot run script: remove it",
    "iframe": "link to the video or page instead, like [Watch the video](https://...)",
    "frame": "link to the page instead, like [Read the guidance](https://...)",
    "frameset": "link to the page instead, like [Read the guidance](https://...)",
    "object": "link to the file instead, like [Read the leaflet](../assets/leaflet.pdf)",
    "embed": "link to the file instead, like [Read the leaflet](../assets/leaflet.pdf)",
    "applet": "link to the file instead",
    "video": "link to the video instead, like [Watch the video](https://...)",
    "audio": "link to the recording instead, like [Listen to the recording](https://...)",
    "source": "link to the video or recording instead, like [Watch the video](https://...)",
    "track": "link to the video instead, like [Watch the video](https://...)",
    "picture": "use a Markdown image of a picture stored in this site, like ![What it shows](../assets/picture.png)",
    "form": "pages cannot collect or send information: link to the service's own form instead, like [Make a referral](https://...)",
    "input": "pages cannot collect or send information: link to the service's own form instead",
    "button": "pages cannot collect or send information: link to the service's own form instead",
    "select": "pages cannot collect or send information: link to the service's own form instead",
    "textarea": "pages cannot collect or send information: link to the service's own form instead",
    "style": "the site's look is set by its theme: remove it (use Markdown for headings, lists and emphasis)",
    "link": "the site's look is set by its theme and a page loads nothing from another host: remove it",
    "meta": "pages cannot set their own metadata or send readers elsewhere: remove it (link to the page instead)",
    "base": "pages cannot change where their links lead: remove it",
    "svg": "save the picture as a file under docs/assets/ and link to it, like ![What it shows](../assets/diagram.png)",
    "math": "write the formula in words or as an image stored under docs/assets/",
    "template": "remove it and write the content as Markdown",
    "font": "the site's look is set by its theme: remove it",
    "center": "the site's look is set by its theme: remove it",
    "marquee": "the site's look is set by its theme: remove it",
}
_NOT_HERE = "remove it and write the content as Markdown (see \"What HTML you can use\" in the editors' guide)"

_TAG_IN_TEXT = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>")  # something a browser would read as markup
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]")  # what browsers strip from a URL before reading its scheme
_CSS_URL = re.compile(r"url\s*\(|@import|expression\s*\(", re.I)


# --- URLs -------------------------------------------------------------------------------------------

def _scheme(url: str) -> tuple[str | None, bool]:
    """The scheme of a URL as a browser reads it (entities decoded, blanks and controls removed, any
    case), and whether it names a host (`//host/...`)."""
    text = _INVISIBLE.sub("", html.unescape(html.unescape(url))).lower()
    m = _SCHEME.match(text)
    if m:
        return m.group(1), text[m.end():].startswith("//")
    return None, text.startswith("//") or text.startswith("\\\\") or text.startswith("/\\")


def link_problem(url: str) -> str | None:
    """Why a URL a reader clicks (href) is refused, or None: relative, #fragment, http(s), mailto, tel."""
    scheme, _ = _scheme(url)
    if scheme is None or scheme in LINK_SCHEMES:
        return None
    if scheme in ("javascript", "vbscript", "livescript"):
        return f"`{scheme}:` links are not allowed: pages cannot run script; link to a page with a relative path or a full https:// address"
    if scheme == "data":
        return "`data:` links are not allowed: save the file under docs/assets/ and link to it, like [Read the leaflet](../assets/leaflet.pdf)"
    return f"`{scheme}:` links are not allowed: use a relative path, a #section, or an https://, mailto: or tel: address"


def resource_problem(url: str) -> str | None:
    """Why a URL the page loads (an image's src) is refused, or None: it must be a file of this site."""
    scheme, host = _scheme(url)
    if scheme == "data":
        return "`data:` images are not allowed: save the picture under docs/assets/ and link to it, like ![What it shows](../assets/picture.png)"
    if scheme in ("javascript", "vbscript", "livescript"):
        return f"`{scheme}:` is not allowed: pages cannot run script; remove it"
    if scheme or host:
        return "images must be stored in this site: a picture from another host tells that host who read the page; save the picture under docs/assets/ and link to it, like ![What it shows](../assets/picture.png)"
    return None


def url_problem(url: str, image: bool = False) -> str | None:
    return resource_problem(url) if image else link_problem(url)


# --- one element or attribute ---------------------------------------------------------------------

def element_problem(tag: str) -> str | None:
    tag = tag.lower()
    if tag in ELEMENTS:
        return None
    return f"`<{tag}>` is not allowed: {INSTEAD.get(tag, _NOT_HERE)}"


def attribute_problem(tag: str | None, name: str, value: str | None) -> str | None:
    """Why an attribute is refused on an element (tag None: any element, as attr_list may put it on
    a heading, a paragraph or a list item), or None."""
    name, value = name.lower(), value or ""
    if name.startswith("on"):
        return f"`{name}` is not allowed: pages cannot run script; remove it"
    if name in ("srcset", "poster", "background", "formaction", "action", "srcdoc", "data", "codebase", "lowsrc", "dynsrc", "xlink:href", "ping", "manifest"):
        return f"`{name}` is not allowed: a page loads nothing from another host and runs no script; remove it (store pictures under docs/assets/ and use a Markdown image)"
    if name == "style":
        if _CSS_URL.search(html.unescape(value)):
            return "`style` with url() is not allowed: a page loads nothing from another host; remove it"
        props = {p.partition(":")[0].strip().lower() for p in html.unescape(value).split(";") if p.strip()}
        if tag in ("td", "th") and props <= STYLE_PROPERTIES:
            return None
        return "`style` is not allowed: the site's look is set by its theme; remove it (a table column is aligned with `:---:` in its header line)"
    allowed = GLOBAL_ATTRIBUTES | ATTRIBUTES.get(tag or "", frozenset()) if tag else GLOBAL_ATTRIBUTES | {"width", "height", "alt", "colspan", "rowspan", "scope", "open", "start"}
    if name not in allowed:
        return f"`{name}` is not allowed{' on <' + tag + '>' if tag else ''}: remove it (allowed attributes: {', '.join(sorted(allowed - {'data-review-due', 'role', 'hidden'}))})"
    if name in URL_ATTRIBUTES:
        return resource_problem(value) if name == "src" else link_problem(value)
    return None


def check_text(path: str, line: int, field: str, value) -> list[Problem]:
    """A front-matter value shown on pages (a title, an owner, a change summary): plain text only."""
    if isinstance(value, str) and _TAG_IN_TEXT.search(value):
        what = "the title" if field == "title" else f"`{field}`"
        return [Problem(path, line, "error", f"HTML is not allowed in {what}: write {'it' if field != 'title' else 'the title'} as plain text, without <...> tags")]
    return []


def check_front_matter(doc: Document) -> list[Problem]:
    """Every text value of the front matter, at its line: each is shown on a page or in a list."""
    problems: list[Problem] = []

    def walk(value, key: tuple):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, key + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, key + (i,))
        else:
            field = next((str(k) for k in reversed(key) if isinstance(k, str)), "")
            problems.extend(check_text(doc.path, doc.line(*key), field, value))

    walk(doc.meta, ())
    return problems


# --- the source: raw HTML, attr_list and Markdown links -----------------------------------------------

_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
_ATTR_LIST = re.compile(r"\{:?[ \t]*([^}\n]*?)[ \t]*\}")
_ATTR_PAIR = re.compile(r"([^\s=\"'{}]+)=(\"[^\"]*\"|'[^']*'|[^\s}]*)")
_ODD_COMMENT = re.compile(r"<!---?>|--!>")  # comments that browsers close sooner (or later) than Python's parser


def _masked(body: str) -> list[str]:
    """The body's lines with fenced code blocks and inline code blanked (same lengths): nothing in code
    is rendered as HTML."""
    out, fence = [], None
    for line in body.split("\n"):
        if fence:
            if line.strip().startswith(fence) and set(line.strip()) == {fence[0]}:
                fence = None
            out.append("")
            continue
        m = _FENCE.match(line)
        if m:
            fence = m.group(2)
            out.append("")
            continue
        out.append(scan._CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line) if "`" in line else line)
    return out


VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr"})


class _Tags(HTMLParser):
    """Every start tag of a text with its line and attributes (HTMLParser decodes entities in values),
    leaving out what is inside a refused element: the element and its content are one mistake."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, list[tuple[str, str | None]]]] = []
        self.refused: list[str] = []  # the refused element we are inside, once per level of nesting

    def handle_starttag(self, tag, attrs):
        if self.refused:
            if tag == self.refused[0] and tag not in VOID:
                self.refused.append(tag)
            return
        self.found.append((self.getpos()[0], tag, attrs))
        if tag not in VOID and ":" not in tag and "@" not in tag and element_problem(tag):
            self.refused.append(tag)

    def handle_startendtag(self, tag, attrs):
        if not self.refused:
            self.found.append((self.getpos()[0], tag, attrs))

    def handle_endtag(self, tag):
        if self.refused and tag == self.refused[0]:
            self.refused.pop()


def _tags(text: str) -> list[tuple[int, str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser.found


_BRACKETED_ADDRESS = re.compile(r"(^ {0,3}\[[^\]\n]+\]:[ \t]*|\]\([ \t]*)(<[^<>\n]*>)", re.M)


def check_page(doc: Document) -> list[Problem]:
    """Everything in one page's source the allow-list refuses, each at its line, once."""
    problems: list[Problem] = []
    add = lambda line, message: problems.append(Problem(doc.path, line, "error", message))
    lines = _masked(doc.body)
    first = doc.body_line
    # A link's address in angle brackets (`[r]: <my file.md>`, `[x](<a b.md>)`) is an address, not a tag:
    # the links are checked below.
    text = "\n".join(lines)
    tags = []
    if "<" in text:  # most pages hold no HTML at all
        tags = _tags(_BRACKETED_ADDRESS.sub(lambda m: m.group(1) + " " * len(m.group(2)), text))
    for line, tag, attrs in tags:
        number = first + line - 1
        if "@" in tag:  # <name@example.org>, an email autolink
            continue
        if ":" in tag:  # <scheme:...>, an autolink
            message = link_problem(tag + "".join(f" {k}" for k, _ in attrs))
            if message:
                add(number, message)
            continue
        message = element_problem(tag)
        if message:
            add(number, message)
            continue
        for name, value in attrs:
            if name == "markdown" and (value or "1") in ("1", "block", "span"):  # md_in_html
                continue
            message = attribute_problem(tag, name, value)
            if message:
                add(number, message)
    for i, text in enumerate(lines):
        if "--" in text and _ODD_COMMENT.search(text):  # each form holds "--"
            add(first + i, _MISREAD)
        if "{" not in text:  # indented lines too: in an admonition or a list they are text, not code
            continue
        for block in _ATTR_LIST.finditer(text):
            for pair in _ATTR_PAIR.finditer(block.group(1)):
                name, value = pair.group(1), pair.group(2).strip("\"'")
                message = attribute_problem(None, name, value)
                if message:
                    add(first + i, message)
    for link in doc.outline().links:  # the scanner leaves out code, as Markdown does
        message = url_problem(link.url, link.image)
        if message:
            add(link.line, message)
    problems += check_front_matter(doc)
    return list(dict.fromkeys(problems))  # one message per mistake, in order


# --- the rendered page ------------------------------------------------------------------------------

def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    return None if attribute_problem(tag, name, value) else value


CLEANER = nh3.Cleaner(
    tags=set(ELEMENTS),
    clean_content_tags=set(DROP_CONTENT),
    attributes={"*": set(GLOBAL_ATTRIBUTES), **{tag: set(names) for tag, names in ATTRIBUTES.items()}},
    attribute_filter=_attribute_filter,
    url_schemes=set(LINK_SCHEMES),
    strip_comments=False,
    link_rel=None,
    filter_style_properties=set(STYLE_PROPERTIES),
)


def sanitise(fragment: str) -> str:
    return CLEANER.clean(fragment)


def _style(value: str) -> str:
    return ";".join(sorted(f"{k.strip().lower()}:{v.strip()}" for k, _, v in (p.partition(":") for p in value.split(";")) if k.strip()))


COMMENT = "!--"


def _tokens(fragment: str, text: list[str] | None = None) -> list[tuple[str, tuple]]:
    """Start tags with their attributes as sets (order, quoting, case and entity spelling do not
    matter) and comments; the text between them is appended to `text`."""
    out: list[tuple[str, tuple]] = []

    class Tokens(HTMLParser):
        def handle_starttag(self, tag, attrs):
            out.append((tag, tuple(sorted((k, _style(v or "") if k == "style" else (v or "")) for k, v in attrs))))

        def handle_startendtag(self, tag, attrs):
            self.handle_starttag(tag, attrs)

        def handle_comment(self, data):
            out.append((COMMENT, (("text", data),)))

        def handle_data(self, data):
            if text is not None:
                text.append(data)

    parser = Tokens(convert_charrefs=True)
    parser.feed(fragment)
    parser.close()
    return out


_MISREAD = ("markup here is read by browsers differently from how it is written (an HTML comment or tag that is not "
            "closed the usual way): write editors' notes as <!-- note --> and remove stray < and > signs, or write them as &lt; and &gt;")


_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_SELF_CLOSING = re.compile(r"\s*/>")
_STYLE_ATTR = re.compile(r'style="([^"]*)"')


def _written_alike(original: str, cleaned: str) -> bool:
    """A quick test that two fragments differ only in how they are written: entities other than
    < > & " spelled as characters, `<br />` as `<br>`, a style's spacing. Most pages pass it, which
    spares them the token comparison (Python's HTML parser is the slow part of the check)."""
    def canon(text: str) -> str:
        text = _ENTITY.sub(lambda m: m.group(0) if html.unescape(m.group(0)) in '<>&"' else html.unescape(m.group(0)), text)
        text = _SELF_CLOSING.sub(">", text).replace('=""', "")  # <br /> is <br>; hidden="" is hidden
        return _STYLE_ATTR.sub(lambda m: f'style="{_style(m.group(1))}"', text)
    return original == cleaned or canon(original) == canon(cleaned)


def differences(original: str, cleaned: str) -> list[tuple[str, tuple[str, ...]]]:
    """What sanitising removed, in the editor's terms, each with the words to look for in the source:
    the elements and attributes of `original` that `cleaned` lacks. Elements the sanitiser's HTML5
    parser adds (a table's tbody) are not differences; nor is how an attribute is written."""
    if _written_alike(original, cleaned):
        return []
    before, after = [], []
    found, have, j = [], _tokens(cleaned, after), 0
    for tag, attrs in _tokens(original, before):
        k = next((k for k in range(j, min(j + 4, len(have))) if have[k][0] == tag), None)
        if tag == COMMENT and (k is None or have[k] != (tag, attrs)):
            found.append((_MISREAD, ("<!--",)))
            j = k + 1 if k is not None else j
            continue
        if k is None:
            message = (link_problem(tag) if ":" in tag else element_problem(tag)) or f"`<{tag}>` is not allowed here: remove it"
            found.append((message, (f"<{tag}",)))
            continue
        j = k + 1
        kept = dict(have[k][1])
        for name, value in attrs:
            if name not in kept or kept[name] != value:
                message = attribute_problem(tag, name, value) or f"`{name}` on <{tag}> is not allowed: remove it"
                found.append((message, (value, name) if value else (name,)))
    if not found and " ".join("".join(before).split()) != " ".join("".join(after).split()):
        found.append((_MISREAD, ("<!--", "<")))
    return found


def nearest_line(doc: Document, hints: tuple[str, ...]) -> int:
    """The source line a rendered difference most likely comes from: the first line of the page that
    holds the refused value, else the attribute or element's name, else the first body line."""
    lines = doc.body.lower().split("\n")
    for hint in hints:
        hint = hint.strip().lower()[:60]
        for i, text in enumerate(lines):
            if hint and hint in text:
                return doc.body_line + i
    return doc.body_line


def check_rendered(doc: Document, rendered: str, what: str = "") -> tuple[str, list[Problem]]:
    """The page's HTML after sanitising, and an error for each thing sanitising changed (the source
    check should have caught it first; this is the guarantee). `what` names a block of the page that
    did not come from its body (its title, metadata, lists), so the error points at the front matter."""
    cleaned = sanitise(rendered)
    problems = []
    for message, hints in differences(rendered, cleaned):
        line = doc.line("title") if what else nearest_line(doc, hints)
        where = f" (in the page's {what})" if what else ""
        problems.append(Problem(doc.path, line, "error", f"the published page would hold something unsafe{where}: {message}"))
    return cleaned, list(dict.fromkeys(problems))


# --- data/contacts.yml ------------------------------------------------------------------------------

_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")


def check_contacts(contacts: dict, lines: dict) -> list[Problem]:
    """Every contact's email looks like one and no text field holds HTML (hooks/includes.py checks that its website is https)."""
    problems = []
    for ident, item in contacts.items():
        line = lines.get(ident, 1)
        email = item.get("email")
        if email is not None and not _EMAIL.match(str(email)):
            problems.append(Problem("data/contacts.yml", line, "error", f'the email of contact {ident} does not look like an email address: write it like name@example.gov.uk'))
        for key, value in item.items():
            if key not in ("website", "email"):
                problems += check_text("data/contacts.yml", line, key, value)
    return problems
