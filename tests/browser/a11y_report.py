"""`make a11y-report`: measure the built site with axe-core and write data/accessibility-results.json.

Builds the site (strict, into a temporary folder), serves it on 127.0.0.1, runs the same sweep the
browser tests run (tests/browser/sweep.py) and writes the summary that the accessibility statement
shows (hooks/a11y.py). Commit the file with the change that altered the result: the test
`test_committed_accessibility_results_match_a_fresh_run` fails until you do.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(HERE), str(ROOT / "hooks")]

import dates  # noqa: E402
import headers  # noqa: E402
import sweep  # noqa: E402
from browserkit import CHROMIUM, CHROMIUM_ARGS, site_pages  # noqa: E402

RESULTS = ROOT / "data" / "accessibility-results.json"


def write(data: dict, path: Path = RESULTS) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> int:
    if not Path(CHROMIUM).exists():
        print("Debian's chromium is not installed: run `apt-get install chromium` first.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=ROOT, env=env)
        if build.returncode != 0:
            print("The site did not build, so it could not be measured.", file=sys.stderr)
            return build.returncode
        server, url = headers.serve_in_background(site)  # with the site's security headers, as the tests serve it
        try:
            pages = site_pages(site)
            results = sweep.sweep(CHROMIUM, CHROMIUM_ARGS, url, pages)
        finally:
            server.shutdown()
    data = sweep.summary(results, pages, dates.today().isoformat())
    write(data)
    found = sum(len(v["pages"]) for v in data["violations"].values())
    print(f"Checked {data['pages']} pages in {len(data['configurations'])} ways with {data['tool']}: "
          f"{len(data['violations'])} rules failed, on {found} pages in all. Wrote {RESULTS.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
