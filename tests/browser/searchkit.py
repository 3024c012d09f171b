"""The site's own search, used as a reader uses it: open it, type, read the results. Shared by the
search tests and `make bench`."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml

QUERIES = Path(__file__).resolve().parents[1] / "search_queries.yml"


def queries() -> list[dict]:
    items = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    for item in items:
        item["expect"] = [item["expect"]] if isinstance(item["expect"], str) else item["expect"]
    return items


def open_search(page) -> None:
    if page.locator("#llr-search-input").is_hidden():
        page.keyboard.press("/")
    page.locator("#llr-search-input").wait_for(state="visible")


def wait_for_results(page, query: str, timeout: float = 15000) -> None:
    """Until the search status names the query and the list is no longer busy: all its results (or none)
    are shown, not only those found first."""
    page.wait_for_function("q => document.querySelector('.llr-search__status').textContent.includes('\u201c' + q + '\u201d')"
                           " && !document.querySelector('.llr-search__results').hasAttribute('aria-busy')",
                           arg=query.strip(), timeout=timeout)


def results(page, query: str, timeout: float = 15000) -> list[str]:
    """Type a query into the open search box; the result addresses in order (site-relative paths)."""
    page.locator("#llr-search-input").fill(query)
    wait_for_results(page, query, timeout)
    hrefs = page.eval_on_selector_all(".llr-search__link", "els => els.map(e => e.href)")
    return [urlsplit(h).path for h in hrefs]


def hit_rate(page, base_path: str = "/") -> tuple[float, list[dict]]:
    """Every query of the set; the share whose expected page is in the top 3, and the misses."""
    misses, all_ = [], queries()
    for item in all_:
        found = [p[len(base_path):] if p.startswith(base_path) else p for p in results(page, item["q"])[:3]]
        if not set(found) & set(item["expect"]):
            misses.append({**item, "found": found})
    return 1 - len(misses) / len(all_), misses
