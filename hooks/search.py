"""Search: which pages are indexed, the words people use (from the glossary), and the index itself.

The site's search is Pagefind, given each searched page's content once MkDocs has built it: it splits the
index into small compressed chunks, so a reader downloads only the part a query needs, never the whole
index (Material's search downloads all of it on every page load). Pagefind indexes only what sits inside
an element marked `data-pagefind-body`; site.py marks the page's title and content that way, and leaves
out the header bar, the navigation, our metadata blocks and link lists.

Pagefind has no synonyms and returns only pages holding every word, so docs/assets/llr-search.js widens
each query: abbreviations and their expansions both ways, "s47" / "s.47" / "section 47", the words of
the query without the small ones, the manual's own terms for a misspelt word. What it knows comes from
`terms()` below, made from data/glossary.yml (one source for the glossary page, the tooltips and
search) and the manual's titles and headings, and published as search-terms.json.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TERMS_FILE = "search-terms.json"
CPU_ENV = "LLR_SEARCH_CPU"  # a file: the build adds a line with the CPU and wall-clock seconds indexing took (bench/run.py)
BUNDLE = "pagefind"  # the folder of the site Pagefind writes its index and scripts into
_UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")

# Documents nobody should land on from a search: old editions, and pages for editors or made for them.
NOT_SEARCHED_STATUSES = ("superseded", "retired")
NOT_SEARCHED_PREFIXES = ("docs/editors/", "thresholds/archive/")
_WORD = re.compile(r"[a-z]{3,}")


def indexed(path: str, meta: dict) -> bool:
    """Whether a page belongs in the search results: drafts do; superseded, archived, editors' and
    generated pages (the review schedule, the amendments list) do not."""
    import content  # the generated pages' paths live with the loader

    if meta.get("status") in NOT_SEARCHED_STATUSES or meta.get("audience") == "editors":
        return False
    return not path.startswith(NOT_SEARCHED_PREFIXES) and path not in content.GENERATED


def terms(manual, data) -> dict:
    """What the search script needs to widen a query, as JSON-ready data:
    - groups: lists of words that mean the same (an abbreviation, its expansion, and the glossary's
      `also` words), lower case;
    - terms: the manual's own terms (words of titles, headings and the glossary), which a misspelt
      word is corrected to;
    - words: every other word of the searched pages, so that a real word is never "corrected".
    Once Pagefind has indexed the site, `add_public` adds the ids of the pages written for the public."""
    groups = []
    own: set[str] = set()
    for item in data.glossary:
        words = [str(w) for w in [item["term"], item.get("abbr"), *(item.get("also") or [])] if w]
        group = sorted({" ".join(re.sub(r"[^\w ]+", " ", re.sub(r"['\u2019]", "", w.lower())).split()) for w in words})
        if len(group) > 1:
            groups.append(group)
        for w in words:
            own.update(_WORD.findall(w.lower()))
    other: set[str] = set()
    for doc in manual.documents:
        if indexed(doc.path, doc.meta):
            own.update(_WORD.findall(str(doc.meta.get("title", "")).lower()))
            for heading in doc.outline().headings:
                own.update(_WORD.findall(heading.text.lower()))
            other.update(_WORD.findall(doc.body.lower()))
    return {"groups": sorted(groups), "terms": sorted(own), "words": sorted(other - own)}


def terms_json(manual, data) -> str:
    return _json(terms(manual, data))


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class SearchIndexError(Exception):
    """Pagefind could not index the site (its own message says why)."""


def index(site_dir: Path, pages: dict[str, str]) -> str:
    """Index the searched pages (the page's file in the site, like procedures/x/index.html -> its
    `data-pagefind-body` block, as site.py marks it) into site_dir/pagefind/. Pagefind reads only these
    blocks, written to a folder of their own, not the built pages: a page's navigation lists the whole
    manual, so at 3,000 pages the pages are mostly navigation, which Pagefind would read only to leave
    it out. Returns the summary line. With LLR_SEARCH_CPU set, adds what it cost to that file (CPU
    seconds, its own and Pagefind's, then wall-clock seconds: Pagefind indexes on two threads)."""
    started, wall = cpu_seconds(), time.monotonic()
    with tempfile.TemporaryDirectory(prefix="llr-search-") as tmp:
        for dest, html in pages.items():
            path = Path(tmp) / dest
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f'<!DOCTYPE html><html lang="en"><body>{html}</body></html>', encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", tmp, "--output-path", str(Path(site_dir).resolve() / BUNDLE), "--force-language", "en"],
            capture_output=True, text=True, timeout=600,
        )
    if result.returncode != 0:
        raise SearchIndexError((result.stderr or result.stdout).strip()[-2000:])
    for name in _UNUSED:  # Pagefind's own ready-made interfaces, which the site does not use
        for path in (Path(site_dir) / BUNDLE).glob(name):
            path.unlink()
    add_public(Path(site_dir))
    if os.environ.get(CPU_ENV):  # for the benchmark (bench/run.py)
        with open(os.environ[CPU_ENV], "a", encoding="utf-8") as f:
            f.write(f"{cpu_seconds() - started:.3f} {time.monotonic() - wall:.3f}\n")
    found = re.search(r"Indexed (\d+) pages?", result.stdout)
    return f"Search: indexed {found.group(1) if found else len(pages)} pages"


def add_public(site_dir: Path) -> None:
    """Put the Pagefind ids of the pages written for the public (`audience: public`) into search-terms.json,
    for the search script's boost. Asking Pagefind for them (a search for no words, filtered) would make
    the reader download most of the index before the first result: two thirds of it on the real manual."""
    terms = site_dir / TERMS_FILE
    if not terms.is_file():
        return
    pages = indexed_pages(site_dir, by="id")
    data = json.loads(terms.read_text(encoding="utf-8"))
    data["public"] = sorted(ident for ident, record in pages.items() if "public" in (record.get("filters") or {}).get("audience", []))
    data["pages"] = len(pages)  # for the search script's scoring of several words together
    terms.write_text(_json(data), encoding="utf-8")


def cpu_seconds() -> float:
    """CPU time of this process and of the children it has waited for (Pagefind), user and system."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def indexed_pages(site_dir: Path, by: str = "url") -> dict[str, dict]:
    """What Pagefind indexed, page by page (its address, or with by="id" the id Pagefind's results carry ->
    its record: content, meta, filters), read back from the index's own fragments (gzip-compressed JSON
    behind a signature, one file per page named by its id)."""
    pages = {}
    for fragment in sorted((Path(site_dir) / BUNDLE / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        pages[record["url"] if by == "url" else fragment.stem] = record
    return pages
