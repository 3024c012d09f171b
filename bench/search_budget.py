"""The search budget (issue 14), measured in Chromium for our search (Pagefind) and Material's, side by side
in the same run, so the choice stays justified. Called by bench/run.py for the real manual and for each
synthetic manual; `python bench/search_budget.py SITE [MATERIAL_SITE]` measures sites already built.

For each engine, on a procedure page:
- bytes: what the browser downloads for search from opening it to the first result, as a static host
  sends it (text gzip-compressed; Pagefind's index chunks are compressed already). Material's index
  downloads at page load, so its bytes are counted from the page load on.
- first: from the last keystroke of the first query (typed at a quick typist's pace, as the engine
  loads) to its first result; next: the median of the next queries. Ours shows the results for the
  reader's own words first and adds the other forms of the words after them ("all forms": until then).
- page load: bytes the page fetches for search before the reader opens it (ours: its small script).

The phone: the main thread slowed 4x with CDP CPU throttling. Throttling does not reach web workers, and
both engines search in one, so a throttled worker-based figure would understate a slow phone. Ours is
therefore measured with Pagefind on the main thread (the page sets `__llrSearchOnMainThread`), where all
of its work is throttled: the figure is the phone's. Material's worker cannot be moved, so its figure is
a lower bound (marked "≥").
"""
from __future__ import annotations

import functools
import gzip
import http.server
import json
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests" / "browser"), str(ROOT / "hooks")]

from browserkit import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

QUERIES = ["strategy discussion", "lado", "who do I call", "neglect baby bruising", "s47", "report abuse"]
COMPRESSED = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt", ".map")
THROTTLE = 4
TYPING_MS = 120  # a quick typist; the engine loads while the first query is typed, as it does for a reader
# Times the first result after the last keystroke: each input event restarts the clock, and the first
# result element the page adds after it stops it.
# Our search shows the results for the reader's own words first, marking the list busy until the other
# forms of the words are searched too: `all` is when the list is complete.
WATCH = """([box, result]) => {
    window.__bench = {last: 0, first: null, all: null};
    document.querySelector(box).addEventListener("input", () => { Object.assign(window.__bench, {last: performance.now(), first: null, all: null}); });
    new MutationObserver(() => {
        const b = window.__bench, found = document.querySelector(result);
        if (b.last && b.first === null && found) b.first = performance.now();
        if (b.last && b.all === null && found && !document.querySelector("[aria-busy]")) b.all = performance.now();
    }).observe(document.body, {childList: true, subtree: true, attributes: true, attributeFilter: ["aria-busy"]});
}"""
BUDGET = {"real": 300_000, "synthetic": 600_000, "first_seconds": 1.0}


class Counting(http.server.SimpleHTTPRequestHandler):
    """A static host: gzip for text when the browser asks, and a count of the bytes sent per path."""

    sent: list = []  # (path, bytes), shared by the server's handlers

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if Path(path).is_dir():
            path = str(Path(path) / "index.html")
        if not path.endswith(COMPRESSED) or "gzip" not in self.headers.get("Accept-Encoding", "") or not Path(path).is_file():
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.sent.append((self.path, len(body)))
        return io.BytesIO(body)

    def copyfile(self, source, outputfile):
        if not isinstance(source, io.BytesIO):  # sent as it is (already compressed, or binary)
            self.sent.append((self.path, os.fstat(source.fileno()).st_size))
        super().copyfile(source, outputfile)


def serve(site: Path):
    handler = type("Handler", (Counting,), {"sent": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, handler


def _first_page(site: Path) -> str:
    for candidate in ("procedures/child-protection/strategy-discussions/", "procedures/area-001/page-01/", "procedures/"):
        if (site / candidate / "index.html").is_file():
            return candidate
    return ""


ENGINES = {
    # engine: (how to open, the search box, a result, whether its search bytes count from page load)
    "ours (Pagefind)": ("/", "#llr-search-input", ".llr-search__link", False),
    "Material (lunr)": ("/", ".md-search__input", ".md-search-result__item", True),
}


def measure(site: Path, engine: str) -> dict:
    from playwright.sync_api import sync_playwright

    opener, box, result, from_load = ENGINES[engine]
    server, handler = serve(site)
    url = f"http://127.0.0.1:{server.server_address[1]}/{_first_page(site)}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.add_init_script("window.__llrSearchOnMainThread = true")
            cdp = page.context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
            page.goto(url, wait_until="load")
            page.wait_for_timeout(300)
            loaded = list(handler.sent)
            handler.sent.clear()
            page.keyboard.press(opener)
            page.locator(box).wait_for(state="visible")
            page.evaluate(WATCH, [box, result])
            times, complete = [], []
            for i, query in enumerate(QUERIES):
                page.fill(box, "")
                page.evaluate("window.__bench = {last: 0, first: null, all: null}")
                page.locator(box).type(query, delay=TYPING_MS)
                page.wait_for_function("() => window.__bench.all !== null", timeout=120_000)
                first, whole = page.evaluate("[window.__bench.first - window.__bench.last, window.__bench.all - window.__bench.last]")
                times.append(first / 1000)
                complete.append(whole / 1000)
                if i == 0:
                    first_bytes = sum(n for _, n in handler.sent)
                    kinds: dict[str, int] = {}
                    for path, n in handler.sent:
                        kind = path.split("?")[0].rsplit(".", 1)[-1]
                        kinds[kind] = kinds.get(kind, 0) + n
                page.wait_for_timeout(200)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    search_at_load = [(path, n) for path, n in loaded if any(k in path for k in ("search", "pagefind", "lunr"))]
    bytes_first = first_bytes + (sum(n for _, n in search_at_load) if from_load else 0)
    return {"bytes_to_first_result": bytes_first, "first_seconds": times[0], "warm_seconds": statistics.median(times[1:]),
            "slowest_first_seconds": max(times), "slowest_query": QUERIES[times.index(max(times))],
            "complete_seconds": complete, "slowest_complete_seconds": max(complete),
            "page_load_search_bytes": sum(n for _, n in search_at_load), "worker_throttled": not from_load,
            "first_result_bytes_by_kind": kinds}


def material_site(source_root: Path, config_name: str, out: Path, epoch: str | None = None) -> Path:
    """The same manual built with Material's own search instead of ours: its search plugin on, and
    Material's header (ours replaces the search in it)."""
    overrides = out.parent / f"{out.name}-overrides"
    shutil.copytree(ROOT / "docs" / "overrides", overrides, dirs_exist_ok=True)
    (overrides / "partials" / "header.html").unlink()
    config = (source_root / config_name).read_text(encoding="utf-8")
    config = config.replace("plugins: []", "plugins:\n  - search")
    config = re.sub(r"custom_dir: .*", f"custom_dir: {overrides}", config)
    variant = source_root / f"{Path(config_name).stem}-material.yml"
    variant.write_text(config, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **({"SOURCE_DATE_EPOCH": epoch} if epoch else {})}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(variant), "-d", str(out)], cwd=source_root, check=True, env=env)
    variant.unlink()
    return out


def compare(ours: Path, material: Path | None, budget_bytes: int) -> dict:
    rows = {"ours (Pagefind)": measure(ours, "ours (Pagefind)")}
    if material:
        rows["Material (lunr)"] = measure(material, "Material (lunr)")
    rows["budget"] = {"bytes_to_first_result": budget_bytes, "first_seconds": BUDGET["first_seconds"]}
    return rows


def table(name: str, rows: dict) -> str:
    out = [f"\nSearch, {name} (main thread slowed {THROTTLE}x):",
           f"  {'engine':<18} {'KB to 1st result':>17} {'1st result':>11} {'next (median)':>14} {'1st result, slowest':>20} {'all forms, slowest':>19} {'KB at page load':>16}"]
    budget = rows.get("budget", {})
    for engine, r in rows.items():
        if engine == "budget":
            continue
        mark = "" if r["worker_throttled"] else "≥"
        ok = r["bytes_to_first_result"] <= budget.get("bytes_to_first_result", 1e12) and max(r["first_seconds"], r["warm_seconds"]) <= budget.get("first_seconds", 1e9)
        out.append(f"  {engine:<18} {r['bytes_to_first_result'] / 1000:>17.0f} {mark + format(r['first_seconds'], '.2f') + ' s':>11} "
                   f"{mark + format(r['warm_seconds'], '.2f') + ' s':>14} {mark + format(r['slowest_first_seconds'], '.2f') + ' s':>20} "
                   f"{mark + format(r['slowest_complete_seconds'], '.2f') + ' s':>19} {r['page_load_search_bytes'] / 1000:>16.0f}"
                   + ("" if engine != "ours (Pagefind)" else ("   within budget" if ok else "   OVER BUDGET")))
    out.append(f"  budget: {budget.get('bytes_to_first_result', 0) / 1000:.0f} KB and {budget.get('first_seconds')} s to the first result "
               "(first query and the median of the next; the slowest query's is shown beside them); ours must fetch nothing at page load\n"
               "  but its script. 'All forms': until the results also hold the other forms of the words (expansions, the glossary's\n"
               "  other words), the slowest query")
    return "\n".join(out)


def main(argv=None) -> int:
    argv = argv if argv is not None else sys.argv[1:]
    if not argv:
        print(__doc__)
        return 2
    ours = Path(argv[0])
    material = Path(argv[1]) if len(argv) > 1 else None
    rows = compare(ours, material, BUDGET["synthetic" if (ours / "procedures" / "area-000").is_dir() else "real"])
    print(table(str(ours), rows))
    print(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
