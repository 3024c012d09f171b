"""The built site holds exactly what the manual publishes: run by `make build` on the new folder before it
replaces site/, so that a build which dropped a page, published something nobody wrote, or broke a
published address never goes out.

What a site must hold: one page per published document (a retired one leaves its withdrawn notice), the
generated pages (amendments, review schedule, 404), and a redirect page for every `redirect_from` entry.
Every HTML file in it is one of those, no Markdown file is copied in raw, every link between its pages
leads to a file that is there, and every address in data/published-urls.txt answers.
"""
from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import addresses
import content
import paths
from model import Document, Problem

NOT_FOUND_PAGE = "404.html"
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")  # what MkDocs makes pages of
# Links in HTML we check: every href and src attribute (the theme's, the content's and our own blocks').
_ARTICLE = re.compile(r"<article\b.*?</article>", re.S)
_LINK = re.compile(r"""\s(?:href|src)=["']([^"']*)["']""")


def published(doc: Document, publish: bool = False, drafts_when_publishing: str = "fail") -> bool:
    """Whether a document becomes a page: retired ones never do (they leave a withdrawn notice); drafts
    not when publishing with `drafts_when_publishing: exclude`."""
    status = doc.meta.get("status")
    if status == "retired":
        return False
    return not (status == "draft" and publish and drafts_when_publishing == "exclude")


@dataclass(frozen=True)
class Expected:
    """Site-relative HTML file ("procedures/a/index.html") -> (source path, line, what it is)."""

    pages: dict[str, tuple[str, int, str]]
    absent: dict[str, str]  # file that must not be there -> the document left out


def html_file(url_path: str) -> str:
    """The file a directory-style address is served from: "/procedures/a/" -> "procedures/a/index.html"."""
    return (url_path.strip("/") + "/index.html").lstrip("/")


def expected(manual: content.Manual, publish: bool = False, drafts_when_publishing: str = "fail") -> Expected:
    pages: dict[str, tuple[str, int, str]] = {}
    absent: dict[str, str] = {}
    for doc in manual.documents:
        where = html_file(content.page_url(doc.path))
        if published(doc, publish, drafts_when_publishing):
            pages[where] = (doc.path, 1, "its page")
        elif doc.meta.get("status") == "retired":
            pages[where] = (doc.path, 1, "its withdrawn notice")
        else:
            absent[where] = doc.path
    for path in content.GENERATED:
        if path.endswith(".md"):
            pages[html_file(content.page_url(path))] = (path, 1, "the generated page")
    for old, (path, line) in addresses.redirects(manual).items():
        if not (published(manual.by_path[path], publish, drafts_when_publishing) or manual.by_path[path].meta.get("status") == "retired"):
            continue  # no redirect to a page left out (the check reports the entry)
        pages.setdefault(html_file(content.page_url(old)), (path, line, f"the redirect from {old}"))
    pages[NOT_FOUND_PAGE] = ("mkdocs.yml", 1, "the page shown for an unknown address")
    return Expected(pages, absent)


def check(site: Path, manual: content.Manual, publish: bool = False, drafts_when_publishing: str = "fail") -> list[Problem]:
    """Every way the built folder `site` differs from what the manual publishes, as problems."""
    site = Path(site)
    want = expected(manual, publish, drafts_when_publishing)
    problems = []
    there = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() or p.is_symlink()}
    for where, (path, line, what) in sorted(want.pages.items()):
        if where not in there:
            problems.append(Problem(path, line, "error", f"the build did not write {what} ({where}): this is a fault in the build, not in the page; tell the site's maintainers"))
    for where in sorted(there):
        if where in want.absent:
            problems.append(Problem(want.absent[where], 1, "error", f"this draft is left out when publishing, but the build wrote it ({where}): tell the site's maintainers"))
        elif where.endswith(".html") and where not in want.pages:
            problems.append(Problem(_source(manual, where), 1, "error", f"the site would publish {where}, which no document makes: pages are Markdown files ending in .md, in lowercase; rename the file or remove it"))
        elif where.lower().endswith((".md", ".markdown")):
            problems.append(Problem(_source(manual, where), 1, "error", f"the site would publish the raw Markdown file {where}: rename it to end in .md, in lowercase, so that it becomes a page"))
    problems += _manifest(site, manual, there)
    problems += _links(site, there, want)
    return problems


def _source(manual: content.Manual, where: str) -> str:
    """The repository path a site file was copied from (docs/ is the site root)."""
    for candidate in (where, f"docs/{where}"):
        if (manual.root / candidate).exists():
            return candidate
    if where.endswith("index.html"):  # a page MkDocs made from a file our loader does not read
        stem = where[: -len("index.html")].rstrip("/") or "index"
        for base in (stem, f"docs/{stem}"):
            folder, name = posixpath.split(base)
            for p in sorted((manual.root / folder).glob(f"{name}.*")) if (manual.root / folder).is_dir() else []:
                if p.suffix.lower() in MARKDOWN_SUFFIXES:
                    return p.relative_to(manual.root).as_posix()
    return f"site/{where}"


def _manifest(site: Path, manual: content.Manual, there: set[str]) -> list[Problem]:
    problems = []
    for url, line in addresses.read(manual.root):
        if html_file(urlsplit(url).path) not in there:
            problems.append(Problem(addresses.MANIFEST, line, "error", f"the published address {url} does not answer in the new site: if its page moved, add `redirect_from: [{url.strip('/')}.md]` (its old file path) to the front matter of its new file; if it was withdrawn, keep the file with status: retired"))
    return problems


def _links(site: Path, there: set[str], want: Expected) -> list[Problem]:
    """Links from a page's content (its article: the Markdown and the blocks our hook adds) or from a
    redirect or withdrawn notice to a file the site does not have: one problem per page."""
    problems = []
    folders = {posixpath.dirname(p) for p in there}
    for where in sorted(p for p in there if p.endswith(".html")):
        text = (site / where).read_text(encoding="utf-8", errors="replace")
        article = _ARTICLE.search(text)  # the theme's own links (navigation, safety bar) are not the content's
        text = article.group(0) if article else text
        here = posixpath.dirname(where)
        missing = set()
        for raw in _LINK.findall(text):
            url = html.unescape(raw)
            if paths.is_external(url):
                continue
            parts = urlsplit(url)
            if not parts.path:
                continue
            path = unquote(parts.path)
            # 404.html links from the site's root ("/about/"): it is served at every unknown address.
            target = posixpath.normpath(path if path.startswith("/") else posixpath.join("/", here, path)).lstrip("/")
            if target in there or (target in folders or target == "") and posixpath.join(target, "index.html").lstrip("/") in there:
                continue
            missing.add(url)
        if missing:
            path, line, _ = want.pages.get(where, (f"site/{where}", 1, ""))
            shown = ", ".join(sorted(missing)[:5])
            problems.append(Problem(path, line, "error", f"the built page {where} links to {shown}, which the site does not have: tell the site's maintainers"))
    return problems
