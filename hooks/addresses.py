"""Stable addresses: every URL the site has published is kept in a committed manifest, and each one must
still lead somewhere — to a page, to a withdrawn notice, or through a redirect declared in the front
matter of the page that moved (`redirect_from: [its old file path]`)."""
from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Iterable

import paths
from content import GENERATED, Manual, page_url
from model import Problem

MANIFEST = "data/published-urls.txt"
# `make build` (hooks/cli.py) names a file here; the build hook writes the addresses it published into it.
OUT_ENV = "LLR_ADDRESSES_OUT"
HEADER = "# Every address this site has published. The build adds new ones; never remove a line.\n"


def read(root: Path) -> list[tuple[str, int]]:
    path = Path(root) / MANIFEST
    if not path.is_file():
        return []
    return [(line.strip(), n) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.strip() and not line.startswith("#")]


def pages(manual: Manual) -> set[str]:
    """Addresses the site has now: every document (a retired one leaves its withdrawn notice) and generated page."""
    return {"/" + page_url(d.path) for d in manual.documents} | {"/" + page_url(p) for p in GENERATED if p.endswith(".md")}


def _entries(manual: Manual):
    """(old path, document path, line, what is wrong or None) for every redirect_from entry."""
    claimed: dict[str, str] = {}
    for doc in manual.documents:
        entries = doc.meta.get("redirect_from")
        for i, old in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(old, str):
                continue  # the schema reports it
            line = doc.line("redirect_from", i)
            why = _bad_old_path(old)
            url = "/" + page_url(old)
            if why is None and claimed.get(url, doc.path) != doc.path:
                why = f"redirect_from {old} gives the address {url}, which is already claimed by {claimed[url]}: an old address can lead to one page only; remove it from one of them"
            if why is None:
                claimed.setdefault(url, doc.path)
            yield old, doc.path, line, why


def _bad_old_path(old: str) -> str | None:
    example = "like procedures/child-protection/referrals.md"
    if paths.is_external(old) or old.startswith("//"):
        return f'redirect_from "{old}" is a web address: give the old file path of this page in the repository, {example}'
    if not old.endswith(".md") or any(c in old for c in "#?\\ \t") or any(ord(c) < 32 for c in old):
        return f'redirect_from "{old}" is not the path of a Markdown file: give the old file path of this page, ending in .md, {example}'
    if old.startswith("/") or posixpath.normpath(old) != old or ".." in old.split("/") or not paths.in_tree(old):
        return f'redirect_from "{old}" is not a file path inside docs/, procedures/ or thresholds/: give the old file path of this page, {example}'
    return None


def redirects(manual: Manual) -> dict[str, tuple[str, int]]:
    """Old file path -> (the document that moved from there, line of its redirect_from entry). Only
    entries that are sound: check() reports the others, and nothing is written for them."""
    return {old: (path, line) for old, path, line, why in _entries(manual) if why is None}


def check(manual: Manual) -> list[Problem]:
    now = pages(manual)
    entries = list(_entries(manual))
    problems = [Problem(path, line, "error", why) for _, path, line, why in entries if why]
    # The address an unsound entry was meant for: its manifest line is not a second mistake.
    meant = {"/" + page_url(old) for old, *_, why in entries if why} | {"/" + old.strip("/") + "/" for old, *_, why in entries if why}
    moved = {"/" + page_url(old): where for old, where in redirects(manual).items()}
    for old, (path, line) in moved.items():
        if old in now:
            problems.append(Problem(path, line, "error", f"redirect_from gives {old}, but a page still has that address: remove the entry, or move that page too"))
    for url, line in read(manual.root):
        if url not in now and url not in moved and url not in meant:
            problems.append(Problem(MANIFEST, line, "error", f"the published address {url} no longer leads anywhere: if the page moved, add `redirect_from: [{url.strip('/')}.md]` (its old file path) to the front matter of its new file; if it was withdrawn, keep the file with status: retired"))
    return problems


def current(manual: Manual) -> set[str]:
    """What a build of this manual publishes, to be added to the manifest: its pages and its redirects."""
    return pages(manual) | {"/" + page_url(old) for old in redirects(manual)}


def update(root: Path, urls: Iterable[str]) -> None:
    """Add the addresses a successful build published to the manifest (a union: an address, once
    published, stays). `make build` calls it after the new site has replaced site/, never before."""
    known = {url for url, _ in read(root)}
    text = HEADER + "".join(f"{u}\n" for u in sorted(known | set(urls)))
    path = Path(root) / MANIFEST
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
