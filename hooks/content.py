"""Load the manual: every Markdown file of docs/, procedures/ and thresholds/ as a Document, plus the
per-folder section files, with every problem found on the way.

Paths are repository-relative ("procedures/child-protection/making-a-referral.md"). The site maps
docs/ to the site root and procedures/ and thresholds/ to /procedures/ and /thresholds/.
"""
from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import model
from model import Document, Problem

TREES = ("docs", "procedures", "thresholds")
SECTION_FILE = "_section.yml"
# Pages and files the build makes from the content; links to them are valid.
GENERATED = ("docs/amendments.md", "docs/editors/review-schedule.md", "docs/reviews.json", "docs/reviews.csv", "docs/reviews.ics", "docs/amendments.xml",
             "docs/editors/open-questions.md", "docs/editors/contacts.md")
# Folders of docs/ that hold the theme and assets, not pages.
NOT_PAGES = ("docs/overrides/", "docs/assets/")


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

    def __post_init__(self):
        self.by_id: dict[str, Document] = {}
        self.by_path: dict[str, Document] = {}

    def add(self, doc: Document) -> None:
        self.documents.append(doc)
        self.by_path[doc.path] = doc
        if doc.meta.get("id") and doc.meta["id"] not in self.by_id:
            self.by_id[doc.meta["id"]] = doc


def markdown_files(root: Path) -> list[str]:
    found = []
    for tree in TREES:
        base = root / tree
        if base.is_dir():
            found += [p.relative_to(root).as_posix() for p in base.rglob("*.md") if p.is_file()]
    return sorted(found)


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
        manual.problems.append(Problem("data/owners.yml", 1, "error", "no owning groups are listed: add one name per line, like `- Policy and Procedures Group`"))
    urls: dict[str, str] = {}
    for path in markdown_files(root):
        why = _unpublishable(path)
        if why:
            manual.problems.append(Problem(path, 1, "error", why))
            continue
        url = page_url(path)
        if url in urls:
            manual.problems.append(Problem(path, 1, "error", f'this page would have the same address /{url} as {urls[url]}: rename one of them'))
            continue
        urls[url] = path
        doc = read(root, path, manual.problems)
        manual.problems += model.validate(doc, manual.owners) if doc.readable else []
        ident = doc.meta.get("id")
        if isinstance(ident, str) and ident in manual.by_id:
            manual.problems.append(Problem(path, doc.line("id"), "error", f'id "{ident}" is already used by {manual.by_id[ident].path}: choose another id for this document'))
        manual.add(doc)
    _load_sections(root, manual)
    return manual


def read(root: Path, path: str, problems: list[Problem]) -> Document:
    """One file as a Document; problems with its front matter or body are appended to `problems`."""
    try:
        text = (root / path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(path, 1, "error", "the file is not UTF-8 text: save it again as UTF-8"))
        return Document(path, {}, readable=False)
    try:
        parsed = frontmatter.parse(text)
    except frontmatter.FrontMatterError as e:
        problems.append(Problem(path, e.line, "error", e.message))
        return Document(path, {}, readable=False)
    for key, line in parsed.duplicates:
        problems.append(Problem(path, line, "error", f'field "{key[-1]}" is written twice: keep one'))
    doc = Document(path, parsed.data, parsed.lines, parsed.body, parsed.body_line)
    for h in doc.outline().headings:
        if h.level == 1:
            problems.append(Problem(path, h.line, "error", f'remove the heading "# {h.text}": the page title comes from `title:` in the front matter, and sections start at ##'))
    return doc


def _load_sections(root: Path, manual: Manual) -> None:
    for tree in TREES:
        base = root / tree
        for p in sorted(base.rglob(SECTION_FILE)) if base.is_dir() else []:
            path = p.relative_to(root).as_posix()
            folder = posixpath.dirname(path)
            try:
                data = frontmatter.load_yaml_file(p.read_text(encoding="utf-8")) or {}
            except Exception as e:  # a YAML error: report it where the editor can find it
                line = getattr(getattr(e, "problem_mark", None), "line", 0) + 1
                manual.problems.append(Problem(path, line, "error", "this section file is not valid YAML: write `title: Section title` and `order: 10` on separate lines"))
                continue
            if not isinstance(data, dict) or not isinstance(data.get("title"), str):
                manual.problems.append(Problem(path, 1, "error", "a section file needs a title: write `title: Section title`"))
                continue
            for key in sorted(set(data) - {"title", "order"}):
                manual.problems.append(Problem(path, 1, "error", f'unknown field "{key}" in a section file: only title and order are allowed'))
            order = data.get("order", 100)
            if not isinstance(order, int):
                manual.problems.append(Problem(path, 1, "error", f'order "{order}" must be a whole number, like `order: 10`'))
                order = 100
            manual.sections[folder] = Section(folder, data["title"], order)
