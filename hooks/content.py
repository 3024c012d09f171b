"""Load the manual: every Markdown file of docs/, procedures/ and thresholds/ as a Document, plus the
per-folder section files, with every problem found on the way.

Paths are repository-relative ("procedures/child-protection/making-a-referral.md"). The site maps
docs/ to the site root and procedures/ and thresholds/ to /procedures/ and /thresholds/.
"""
from __future__ import annotations

import functools
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import balance
import frontmatter
import model
import textfile
from model import Document, Problem

TREES = ("docs", "procedures", "thresholds")
SECTION_FILE = "_section.yml"
# Pages and files the build makes from the content; links to them are valid.
GENERATED = ("docs/amendments.md", "docs/editors/review-schedule.md", "docs/reviews.json", "docs/reviews.csv", "docs/reviews.ics", "docs/amendments.xml",
             "docs/editors/open-questions.md", "docs/editors/contacts.md")
# Folders of docs/ that hold the theme and assets, not pages.
NOT_PAGES = ("docs/overrides/", "docs/assets/")
# The one rule for the names of files and folders in the content trees (not docs/assets/ or docs/overrides/).
NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Files besides pages and section files that a page may show or offer (images, a PDF), named by the same rule.
OTHER_FILES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf")


def src_uri(path: str) -> str:
    """The path MkDocs knows a file by: docs/ files lose their prefix."""
    return path[len("docs/"):] if path.startswith("docs/") else path


def repo_path(uri: str) -> str:
    """The inverse of src_uri."""
    return uri if uri.split("/", 1)[0] in ("procedures", "thresholds") else f"docs/{uri}"


@functools.lru_cache(maxsize=None)  # asked for every link on every page
def page_url(path: str) -> str:
    """The site URL (directory style, without a leading slash) of a Markdown file."""
    uri = src_uri(path)
    stem, _ = posixpath.splitext(uri)
    head, name = posixpath.split(stem)
    if name.lower() in ("index", "readme"):
        return f"{head}/" if head else ""
    return f"{stem}/"


@dataclass
class Section:
    folder: str  # repository-relative folder, e.g. "procedures/child-protection"
    title: str
    order: int = 100


@dataclass
class Manual:
    root: Path
    documents: list[Document] = field(default_factory=list)
    sections: dict[str, Section] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    owners: tuple[str, ...] = ()
    files: list[str] = field(default_factory=list)  # every file of the content trees that may be published
    # Paths and ids of documents that could not be read or were refused: a reference to one of them is
    # not a second mistake (one mistake, one message).
    unreadable: set[str] = field(default_factory=set)
    unreadable_ids: set[str] = field(default_factory=set)

    def __post_init__(self):
        self.by_id: dict[str, Document] = {}
        self.by_path: dict[str, Document] = {}

    def add(self, doc: Document) -> None:
        self.documents.append(doc)
        self.by_path[doc.path] = doc
        if isinstance(doc.meta.get("id"), str) and doc.meta["id"] and doc.meta["id"] not in self.by_id:
            self.by_id[doc.meta["id"]] = doc


def markdown_files(root: Path) -> list[str]:
    return [p for p in tree_files(root)[0] if p.endswith(".md")]


def tree_files(root: Path) -> tuple[list[str], list[Problem]]:
    """Every file of the content trees that may be published (pages, section files, images and PDFs),
    and a problem for every name, extension or symbolic link outside the rule. Nothing is followed out
    of the trees: a symbolic link is refused, never read."""
    root = Path(root)
    found: list[str] = []
    problems: list[Problem] = []
    for tree in TREES:
        base = root / tree
        if base.is_symlink():
            problems.append(Problem(tree, 1, "error", _LINKED.format(name=tree)))
            continue
        if not base.is_dir():
            continue

        def unreadable(e: OSError) -> None:
            problems.append(Problem(Path(e.filename).relative_to(root).as_posix(), 1, "error", f"this folder cannot be read ({e.strerror}): check its permissions"))

        for folder, dirs, names in os.walk(base, onerror=unreadable):
            here = Path(folder).relative_to(root).as_posix()
            for name in sorted(dirs):
                rel = f"{here}/{name}"
                if os.path.islink(os.path.join(folder, name)):
                    dirs.remove(name)
                    problems.append(Problem(rel, 1, "error", _LINKED.format(name=name)))
                elif (rel + "/").startswith(NOT_PAGES):  # the theme's files: only a page there is a mistake
                    dirs.remove(name)
                    found += [f"{rel}/{p}" for p in _pages_under(os.path.join(folder, name))]
                elif not NAME.fullmatch(name) and not name.startswith("."):
                    problems.append(Problem(rel, 1, "error", _rename(name, _suggest(name, ""), dirs, "folder", "folder names")))
            dirs.sort()
            hidden = any(part.startswith(".") for part in here.split("/"))
            for name in sorted(names):
                rel = f"{here}/{name}"
                if hidden:  # never published; a page in it is reported by _unpublishable
                    found += [rel] if name.endswith(".md") and not os.path.islink(os.path.join(folder, name)) else []
                    continue
                if os.path.islink(os.path.join(folder, name)):
                    problems.append(Problem(rel, 1, "error", _LINKED.format(name=name)))
                    continue
                why = _file_name(name, names)
                if why is False:
                    continue  # a file the site never publishes (.gitkeep), harmless
                if why:
                    problems.append(Problem(rel, 1, "error", why))
                if why is None or name.endswith(".md"):
                    found.append(rel)
    return sorted(found), problems


def _pages_under(folder: str) -> list[str]:
    return [Path(d, n).relative_to(folder).as_posix() for d, _, names in os.walk(folder) for n in names if n.endswith(".md")]


_LINKED = "`{name}` is a symbolic link (a shortcut to a file or folder elsewhere), which the site does not follow: put the real file or folder here instead, or link to the page with an ordinary Markdown link"


def _suggest(name: str, ext: str) -> str:
    return (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "page") + ext


def _rename(name: str, new: str, siblings, what: str, rule: str) -> str:
    clash = [s for s in siblings if s != name and s.lower() == new.lower()]
    if clash:
        return (f"rename `{name}`: {rule} in the manual are lowercase letters, digits and hyphens, and `{clash[0]}` already exists here "
                f"(the two differ only in capitals or punctuation, which Windows and macOS cannot tell apart): choose another name for this {what}")
    return f"rename `{name}` to `{new}`: {rule} in the manual are lowercase letters, digits and hyphens"


def _file_name(name: str, siblings) -> str | None | bool:
    """None for a good name; else what to do; False for a dot file the site never publishes (.gitkeep)."""
    stem, dot, ext = name.rpartition(".")
    stem, ext = (stem, "." + ext) if dot and stem else (name, "")
    low = ext.lower()
    if name == SECTION_FILE or (name.startswith(".") and low == ".md"):
        return None  # a dot page is reported by _unpublishable
    if name.startswith("."):
        return False
    if low in (".yml", ".yaml"):
        if stem.lower().strip("_-") == "section":
            return f"rename `{name}` to `{SECTION_FILE}`: that is the name of the file that names a folder"
        return f"`{name}` is not a file the site reads: a folder is named by `{SECTION_FILE}`, and data files live in data/"
    if low in (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".txt") or low in OTHER_FILES:
        wanted = low if low in OTHER_FILES else ".md"
        if NAME.fullmatch(stem) and ext == wanted:
            return None
        if NAME.fullmatch(stem):
            return f"rename `{name}` to `{stem}{wanted}`: " + ("pages end in .md, in lowercase, or the site does not check them" if wanted == ".md" else "file names in the manual end in a lowercase extension")
        return _rename(name, _suggest(stem, wanted), siblings, "file", "file names")
    return (f"`{name}` cannot be published from here: the content folders hold pages (.md), `{SECTION_FILE}` files, "
            f"images ({', '.join(e for e in OTHER_FILES if e != '.pdf')}) and PDFs: convert it to a Markdown page, or remove it")


def _unpublishable(path: str) -> str | None:
    """Why MkDocs would leave this file out, or None."""
    if any(part.startswith(".") for part in path.split("/")):
        return "a file or folder whose name starts with a dot is not published: rename it"
    if path.startswith(NOT_PAGES):
        return "pages cannot live in docs/overrides/ or docs/assets/ (they hold the theme and its files): move it"
    if path.startswith(("docs/procedures/", "docs/thresholds/")):
        return "docs/procedures/ and docs/thresholds/ would clash with the top-level procedures/ and thresholds/ folders: move it there"
    return None


def load(root: Path) -> Manual:
    """Read and validate every document; collect every problem, never stopping at the first."""
    root = Path(root)
    manual = Manual(root=root, owners=model.load_owners(root))
    if not manual.owners:
        manual.problems += _owners_problems(root)
    manual.files, refused = tree_files(root)
    manual.problems += refused
    for problem in refused:  # a file refused for its name or a link: links to it are not a second mistake
        manual.unreadable |= {problem.path, posixpath.splitext(problem.path)[0] + ".md"}
    urls: dict[str, str] = {}
    misnamed = {problem.path for problem in refused}
    for path in [p for p in manual.files if p.endswith(".md")]:
        why = _unpublishable(path)
        if why:
            manual.problems.append(Problem(path, 1, "error", why))
            manual.unreadable.add(path)
            continue
        url = page_url(path)
        if url in urls and path not in misnamed:  # a misnamed file, renamed as its error says, has another address
            manual.problems.append(Problem(path, 1, "error", f'this page would have the same address /{url} as {urls[url]}: rename one of them'))
            manual.unreadable.add(path)
            continue
        if path not in misnamed:
            urls[url] = path
        doc = read(root, path, manual.problems)
        manual.problems += model.validate(doc, manual.owners) if doc.readable else []
        ident = doc.meta.get("id")
        if isinstance(ident, str) and ident in manual.by_id:
            manual.problems.append(Problem(path, doc.line("id"), "error", f'id "{ident}" is already used by {manual.by_id[ident].path}: choose another id for this document'))
        if not doc.readable:
            manual.unreadable.add(path)
            ident = textfile.recover_id(doc.body or textfile.lossy(root, path))
            if ident:
                manual.unreadable_ids.add(ident)
            doc.body = ""
        manual.add(doc)
    _load_sections(root, manual)
    return manual


def _owners_problems(root: Path) -> list[Problem]:
    """Why data/owners.yml lists no owning group."""
    path = "data/owners.yml"
    text, problems = textfile.read(root, path) if (root / path).is_file() else ("", [])
    if text is not None and not problems:
        try:
            frontmatter.load_yaml_file(text)
        except frontmatter.FrontMatterError as e:
            problems = [Problem(path, e.line, "error", e.message)]
    return problems or [Problem(path, 1, "error", "no owning groups are listed: add one name per line, like `- Policy and Procedures Group`")]


def read(root: Path, path: str, problems: list[Problem]) -> Document:
    """One file as a Document; problems with its front matter or body are appended to `problems`. An
    unreadable document keeps its text in `body`, only for load() to recover its id."""
    text, found = textfile.read(root, path)
    problems += found
    if text is None:
        return Document(path, {}, readable=False)
    try:
        parsed = frontmatter.parse(text)
    except frontmatter.FrontMatterError as e:
        problems.append(Problem(path, e.line, "error", e.message))
        return Document(path, {}, body=text, readable=False)
    for key, line in parsed.duplicates:
        problems.append(Problem(path, line, "error", f'field "{key[-1]}" is written twice: keep one'))
    doc = Document(path, parsed.data, parsed.lines, parsed.body, parsed.body_line)
    if not balance.has_text(parsed.body):
        problems.append(Problem(path, parsed.body_line - 1, "error", "this page has no text: write the page below the front matter, or delete the file"))
    outline = doc.outline()
    for h in outline.headings:
        if h.level == 1:
            problems.append(Problem(path, h.line, "error", f'remove the heading "# {h.text}": the page title comes from `title:` in the front matter, and sections start at ##'))
    problems += [Problem(path, line, "error", message) for line, message in balance.duplicate_ids(outline.headings)]
    problems += [Problem(path, line, "error", message) for line, message in balance.check(parsed.body, parsed.body_line)]
    return doc


def _load_sections(root: Path, manual: Manual) -> None:
    for path in [p for p in manual.files if posixpath.basename(p) == SECTION_FILE]:
        folder = posixpath.dirname(path)
        text, found = textfile.read(root, path)
        manual.problems += found
        if text is None:
            continue
        try:
            data = frontmatter.load_yaml_file(text) or {}
        except frontmatter.FrontMatterError as e:
            message = e.message if e.message.endswith(frontmatter.ANCHORS) else "this section file is not valid YAML: write `title: Section title` and `order: 10` on separate lines"
            manual.problems.append(Problem(path, e.line, "error", message))
            continue
        if not isinstance(data, dict) or not isinstance(data.get("title"), str) or not data["title"].strip():
            manual.problems.append(Problem(path, 1, "error", "a section file needs a title: write `title: Section title`"))
            continue
        for key in sorted(set(data) - {"title", "order"}):
            manual.problems.append(Problem(path, 1, "error", f'unknown field "{key}" in a section file: only title and order are allowed'))
        order = data.get("order", 100)
        if not isinstance(order, int) or isinstance(order, bool):
            manual.problems.append(Problem(path, 1, "error", f'order "{order}" must be a whole number, like `order: 10`'))
            order = 100
        manual.sections[folder] = Section(folder, data["title"], order)
