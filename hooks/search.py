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
search) and the manual's titles and headings, and published as search-terms.json. The page the glossary
links a term to is indexed under all the term's words (`covered`), whether or not it uses them.
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
from html import escape
from pathlib import Path

TERMS_FILE = "search-terms.json"
CPU_ENV = "LLR_SEARCH_CPU"  # a file: the build adds a line with the CPU and wall-clock seconds indexing took (bench/run.py)
BUNDLE = "pagefind"  # the folder of the site Pagefind writes its index and scripts into
_UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")

# Documents nobody should land on from a search: old editions, and pages for editors or made for them.
NOT_SEARCHED_STATUSES = ("superseded", "retired")
NOT_SEARCHED_PREFIXES = ("docs/editors/", "thresholds/archive/")
_WORD = re.compile(r"[a-z]{3,}")
COVERED_WEIGHT = 5  # Pagefind's weight for a page's glossary terms (`covered`): its own for a third-level heading


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


def covered(data) -> dict[str, str]:
    """Each page the glossary links a term to (the page that covers it) -> a hidden paragraph naming its
    terms ("Multi-agency safeguarding hub (MASH)"), which the page's indexed block ends with (site.py): a
    search for the term, in any of its forms, finds the page that covers it even where the page does not
    use those words, and before the pages that only mention them (the paragraph weighs as much as a
    heading). Hidden: the reader has the glossary's tooltips and page; Pagefind reads it all the same."""
    names: dict[str, list[str]] = {}
    for item in data.glossary:
        if item.get("link"):
            forms = [str(w) for w in [item.get("abbr"), *(item.get("also") or [])] if w]
            names.setdefault(item["link"], []).append(str(item["term"]) + (f" ({', '.join(forms)})" if forms else ""))
    return {path: f'<p hidden data-pagefind-weight="{COVERED_WEIGHT}">In the glossary: {escape("; ".join(found))}.</p>' for path, found in names.items()}


def terms_json(manual, data) -> str:
    return _json(terms(manual, data))


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class SearchIndexError(Exception):
    """Pagefind could not index the site (its own message says why)."""


class Indexing:
    """Pagefind indexing the searched pages (the page's file in the site, like procedures/x/index.html ->
    its `data-pagefind-body` block, as site.py marks it) into site_dir/pagefind/, in the background: the
    build starts it once every page's content is known (site.py, on_env) and MkDocs writes the pages
    meanwhile; `finish` waits for it (on_post_build).

    Pagefind reads only these blocks, written to a folder of their own, not the built pages: a page's
    navigation lists the whole manual, so at 3,000 pages the pages are mostly navigation, which Pagefind
    would read only to leave it out. With LLR_SEARCH_CPU set, `finish` adds what indexing cost to that
    file: CPU seconds (ours and Pagefind's), then the wall-clock seconds it added to the build (writing
    the blocks, waiting for Pagefind once the pages are written, and what follows)."""

    def __init__(self, site_dir: Path, pages: dict[str, str]):
        own, wall = time.process_time(), time.monotonic()
        self.site_dir = Path(site_dir)
        self.tmp = tempfile.TemporaryDirectory(prefix="llr-search-")
        for dest, html in pages.items():
            path = Path(self.tmp.name) / dest
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f'<!DOCTYPE html><html lang="en"><body>{html}</body></html>', encoding="utf-8")
        self.output = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pagefind", "--site", self.tmp.name, "--output-path", str(self.site_dir.resolve() / BUNDLE), "--force-language", "en"],
            stdout=self.output, stderr=subprocess.STDOUT)
        self.pages, self.own, self.added = len(pages), time.process_time() - own, time.monotonic() - wall

    def finish(self, timeout: float = 600) -> str:
        """Wait for Pagefind and finish the index; the summary line. SearchIndexError if it failed."""
        own, wall = time.process_time(), time.monotonic()
        try:
            while True:  # os.wait4: Pagefind's own CPU time, whatever else the build ran meanwhile
                pid, status, usage = os.wait4(self.proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.monotonic() - wall > timeout:
                    raise SearchIndexError(f"Pagefind did not finish in {timeout:.0f} seconds")
                time.sleep(0.02)
            self.proc.returncode = os.waitstatus_to_exitcode(status)
            self.output.seek(0)
            printed = self.output.read()
        finally:
            self.cancel()
        if self.proc.returncode != 0:
            raise SearchIndexError(printed.strip()[-2000:])
        for name in _UNUSED:  # Pagefind's own ready-made interfaces, which the site does not use
            for path in (self.site_dir / BUNDLE).glob(name):
                path.unlink()
        add_public(self.site_dir)
        if os.environ.get(CPU_ENV):  # for the benchmark (bench/run.py)
            cpu = self.own + time.process_time() - own + usage.ru_utime + usage.ru_stime
            with open(os.environ[CPU_ENV], "a", encoding="utf-8") as f:
                f.write(f"{cpu:.3f} {self.added + time.monotonic() - wall:.3f}\n")
        found = re.search(r"Indexed (\d+) pages?", printed)
        return f"Search: indexed {found.group(1) if found else self.pages} pages"

    def cancel(self) -> None:
        """Stop Pagefind if it is still running (a build that failed), and remove the blocks."""
        if self.proc.returncode is None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.output.close()
        self.tmp.cleanup()


def index(site_dir: Path, pages: dict[str, str]) -> str:
    """Index the searched pages and wait: the summary line."""
    return Indexing(site_dir, pages).finish()


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
