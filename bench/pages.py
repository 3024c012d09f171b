"""`make bench`, the page budget: what each page of the real built site costs a reader on first load.

    .venv/bin/python bench/pages.py [--site site/] [--runs 3] [--no-lighthouse]

1. Bytes: every page found in the built site is opened in Chromium (Debian's, through Playwright) with
   an empty cache, from a server on 127.0.0.1 that gzips text as a static host does. Everything the page
   loads is counted as transferred (headers and compressed bodies, as Chromium reports them), except
   search (its index and worker load for search, whatever engine makes them). Budget: BYTES_BUDGET.
2. Lighthouse (mobile, its default simulated slow 4G and 4x slower CPU) on the pages the issue names:
   Report a concern, the home page, the longest procedure, a threshold indicators page, the glossary;
   the median of `--runs` runs. Budget: performance at least 95, LCP under 2.5 s. Lighthouse comes from
   npm (LIGHTHOUSE, installed into bench/node_modules when missing, git-ignored) and runs offline with
   the system Chromium.

Prints a table of what passes and fails and writes bench/page-budget.json (committed, overwritten each
run, so the figures can be compared over time in its history). A benchmark, not a test: it reports and
exits 1 when a budget is missed, it never runs in `make test`.
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "hooks"), str(ROOT / "tests" / "browser")]
from browserkit import CHROMIUM, CHROMIUM_ARGS, site_pages  # noqa: E402

BYTES_BUDGET = 150 * 1024
PERFORMANCE_BUDGET = 95
LCP_BUDGET_MS = 2500
LIGHTHOUSE = "lighthouse@12.8.2"  # the last line that runs on Debian 12's Node 20
NODE_DIR = ROOT / "bench"
OUT = ROOT / "bench" / "page-budget.json"
# The pages the issue names, as site paths; the long procedure is found (the largest built procedure).
NAMED = {"Report a concern": "report-a-concern/", "Home": "", "Threshold indicators (level 3)": "thresholds/indicators-level-3/",
         "Glossary": "glossary/"}
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml", "application/atom+xml")
LIGHTHOUSE_FLAGS = " ".join(["--headless=new", *CHROMIUM_ARGS])


def is_search(url: str) -> bool:
    """Requests made for search (Material's index and worker, Pagefind's files), left out of the budget."""
    path = urlsplit(url).path.lower()
    return any(part in path for part in ("/search/", "search_index", "search.", "pagefind"))


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text gzipped (level 6, as nginx and most hosts do) when the browser accepts it."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "") or not ctype.startswith(TEXT_TYPES):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        import io

        return io.BytesIO(body)


def serve(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def measure_bytes(base: str, pages: list[str]) -> dict[str, dict]:
    """Per page: bytes transferred on first load (all but search), the number of requests, the largest."""
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for url in pages:
            context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
            page = context.new_page()
            requests, started, failed = [], [], []
            page.on("request", lambda request: started.append(request))
            page.on("requestfinished", lambda request: requests.append(request))
            page.on("requestfailed", lambda request: failed.append(request))
            page.goto(base + url, wait_until="load", timeout=60000)
            for _ in range(40):  # then until nothing is loading for 0.3 s (the favicon comes after load)
                seen = len(started)
                page.wait_for_timeout(300)
                if len(started) == seen == len(requests) + len(failed):
                    break
            counted, searched = [], 0
            for r in requests:
                sizes = r.sizes()
                size = sizes["responseHeadersSize"] + max(sizes["responseBodySize"], 0)
                if is_search(r.url):
                    searched += size
                else:
                    counted.append((size, r.url[len(base):]))
            context.close()
            total = sum(s for s, _ in counted)
            biggest = max(counted, default=(0, ""))
            out[url] = {"bytes": total, "requests": len(counted), "largest": biggest[1], "largest_bytes": biggest[0],
                        "search_bytes_left_out": searched, "pass": total <= BYTES_BUDGET}
        browser.close()
    return out


def lighthouse_bin() -> Path:
    binary = NODE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        print(f"Installing {LIGHTHOUSE} into bench/node_modules (npm) ...", flush=True)
        subprocess.run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--no-package-lock", LIGHTHOUSE],
                       cwd=NODE_DIR, check=True, env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"})
    return binary


def lighthouse_once(binary: Path, url: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="llr-lh-") as tmp:
        report = Path(tmp) / "report.json"
        cmd = [str(binary), url, "--only-categories=performance", "--output=json", f"--output-path={report}",
               f"--chrome-flags={LIGHTHOUSE_FLAGS}", "--quiet", "--no-enable-error-reporting"]
        env = {**os.environ, "CHROME_PATH": CHROMIUM, "TMPDIR": tmp}
        subprocess.run(cmd, check=True, env=env, timeout=300, stdout=subprocess.DEVNULL)
        data = json.loads(report.read_text())
    audits = data["audits"]
    return {"performance": round(data["categories"]["performance"]["score"] * 100),
            "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
            "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
            "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
            "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3)}


def measure_lighthouse(base: str, named: dict[str, str], runs: int) -> dict[str, dict]:
    binary = lighthouse_bin()
    out = {}
    for name, url in named.items():
        results = []
        for i in range(runs):
            print(f"  Lighthouse {name} ({url or '/'}), run {i + 1} of {runs}", flush=True)
            results.append(lighthouse_once(binary, base + url))
        median = {k: statistics.median(r[k] for r in results) for k in results[0]}
        out[name] = {"url": url, "median": median, "runs": results,
                     "pass": median["performance"] >= PERFORMANCE_BUDGET and median["lcp_ms"] < LCP_BUDGET_MS}
    return out


def longest_procedure(site: Path) -> str:
    pages = [p for p in site_pages(site) if p.startswith("procedures/") and p.endswith("/")]
    return max(pages, key=lambda p: (len((site / p / "index.html").read_bytes()), p))


def redirect_pages(site: Path, pages: list[str]) -> set[str]:
    """Pages that only send the reader elsewhere (moved addresses): the page they lead to is measured."""
    return {p for p in pages if p.endswith("/") and 'http-equiv="refresh"' in (site / p / "index.html").read_text(encoding="utf-8")[:2000]}


def table(pages: dict[str, dict], lighthouse: dict[str, dict]) -> str:
    lines = [f"Bytes on first load, compressed, search left out (budget {BYTES_BUDGET // 1024} KB):", ""]
    width = max(len(u or "/") for u in pages)
    for url, r in sorted(pages.items(), key=lambda kv: -kv[1]["bytes"]):
        lines.append(f"  {'pass' if r['pass'] else 'FAIL'}  {(url or '/'):<{width}}  {r['bytes'] / 1024:7.1f} KB  "
                     f"{r['requests']:3d} requests  largest {r['largest_bytes'] / 1024:.1f} KB {r['largest']}")
    failed = [u for u, r in pages.items() if not r["pass"]]
    lines.append(f"\n  {len(pages) - len(failed)} of {len(pages)} pages within the budget.")
    if lighthouse:
        lines += ["", f"Lighthouse mobile, median of runs (budget: performance >= {PERFORMANCE_BUDGET}, LCP < {LCP_BUDGET_MS / 1000} s):", ""]
        for name, r in lighthouse.items():
            m = r["median"]
            lines.append(f"  {'pass' if r['pass'] else 'FAIL'}  {name:<32} performance {m['performance']:5.1f}  LCP {m['lcp_ms'] / 1000:5.2f} s  "
                         f"FCP {m['fcp_ms'] / 1000:5.2f} s  TBT {m['tbt_ms']:5.0f} ms  CLS {m['cls']}  ({r['url'] or '/'})")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build the real manual now)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (the median is judged)")
    parser.add_argument("--no-lighthouse", action="store_true", help="bytes only")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print("Debian's chromium is not installed (apt-get install chromium).", file=sys.stderr)
        return 2
    tmp = None
    site = args.site
    if site is None:
        import cli

        tmp = Path(tempfile.mkdtemp(prefix="llr-bench-pages-"))
        site = tmp / "site"
        print("Building the real manual ...", flush=True)
        if cli.build(ROOT, site) != 0:
            return 2
    try:
        all_pages = site_pages(site)
        pages = [p for p in all_pages if p not in redirect_pages(site, all_pages)]
        server, base = serve(site)
        try:
            print(f"Measuring {len(pages)} pages ...", flush=True)
            by_page = measure_bytes(base, pages)
            named = {**NAMED, "Long procedure": longest_procedure(site)}
            named = {k: v for k, v in named.items() if v in by_page}
            lighthouse = {} if args.no_lighthouse else measure_lighthouse(base, named, args.runs)
        finally:
            server.shutdown()
            server.server_close()
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    result = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%MZ"),
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip(),
        "budgets": {"bytes": BYTES_BUDGET, "performance": PERFORMANCE_BUDGET, "lcp_ms": LCP_BUDGET_MS},
        "lighthouse_version": LIGHTHOUSE, "chromium": CHROMIUM,
        "load_average": round(os.getloadavg()[0], 2),  # Lighthouse's figures fall on a busy machine
        "pages": by_page, "lighthouse": lighthouse,
    }
    OUT.write_text(json.dumps(result, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    print(table(by_page, lighthouse))
    print(f"\nWrote {OUT.relative_to(ROOT)}.")
    ok = all(r["pass"] for r in by_page.values()) and all(r["pass"] for r in lighthouse.values())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
