"""Checks on every page of the built site, in every configuration of sweep.CONFIGS (light and dark
colours at 1280 and at 320 px): WCAG 2.2 AA and axe-core's best practices, the safety bar, the
sidebars, mobile layout and privacy. The pages are visited once, by the `sweep_results` fixture; each
test reads what it needs."""
from __future__ import annotations

import json
import sys

import pytest

import sweep
from browserkit import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import a11y  # noqa: E402

MOBILE_CONFIGS = [c for c, (viewport, _, _) in sweep.CONFIGS.items() if viewport["width"] < 600]
DESKTOP_CONFIGS = [c for c in sweep.CONFIGS if c not in MOBILE_CONFIGS]


def _by_page(results: dict, config: str, key: str) -> dict:
    return {path or "/": page[key] for path, page in results[config]["pages"].items() if page.get(key)}


@pytest.mark.parametrize("config", list(sweep.CONFIGS))
def test_axe_finds_no_wcag_violation_on_any_page(sweep_results, config):
    found = {
        path: [f'{v["id"]} ({v["help"]}): {"; ".join(v["nodes"][:3])}' for v in violations]
        for path, violations in _by_page(sweep_results, config, "violations").items()
    }
    assert not found, json.dumps(found, indent=1)


def test_committed_accessibility_results_match_a_fresh_run(sweep_results, all_pages):
    """The accessibility statement shows data/accessibility-results.json; it must still be true.
    If this fails, run `make a11y-report` and commit the file."""
    committed = json.loads((ROOT / a11y.RESULTS).read_text(encoding="utf-8"))
    fresh = sweep.summary(sweep_results, all_pages, committed.get("date", ""))
    for key in ("pages", "configurations", "checks", "tool", "standard", "violations"):
        assert committed.get(key) == fresh[key], f"{key} differs from a fresh run: run `make a11y-report` and commit {a11y.RESULTS}"
    assert fresh["violations"] == {}


@pytest.mark.parametrize("config", list(sweep.CONFIGS))
def test_exit_button_and_help_link_are_on_screen_on_every_page(sweep_results, config):
    viewport = sweep.CONFIGS[config][0]
    off = []
    for path, page in sweep_results[config]["pages"].items():
        for name in ("exitBox", "helpBox"):
            box = page[name]
            if not box or box["y"] < 0 or box["x"] < 0 or box["y"] + box["height"] > viewport["height"] or box["x"] + box["width"] > viewport["width"]:
                off.append((path or "/", name, box))
    assert not off


@pytest.mark.parametrize("config", MOBILE_CONFIGS)
def test_no_page_scrolls_sideways_at_320px(sweep_results, config):
    """WCAG 1.4.10 Reflow, which axe does not check: document.scrollingElement.scrollWidth <= innerWidth,
    and nothing on the page reaches past the right edge (the exit button clipped, for one)."""
    assert sweep.CONFIGS[config][0]["width"] == 320
    assert not _by_page(sweep_results, config, "sideways")


def test_text_is_at_least_16px_at_320px(sweep_results):
    assert not _by_page(sweep_results, "mobile-light", "smallText")


def test_touch_targets_are_at_least_24px_at_320px(sweep_results):
    """WCAG 2.5.8: 24 by 24 px, unless the target is a link inside a sentence or has room around it."""
    assert not _by_page(sweep_results, "mobile-light", "smallTargets")


@pytest.mark.parametrize("config", DESKTOP_CONFIGS)
def test_no_navigation_entry_is_covered_at_1280px(sweep_results, config):
    """The point at the centre of every navigation entry on screen is that entry (a sticky sidebar title
    once covered the first entries, "Report a concern" among them)."""
    assert not _by_page(sweep_results, config, "navCovered")


@pytest.mark.parametrize("config", list(sweep.CONFIGS))
def test_no_page_breaks_the_content_security_policy(sweep_results, config):
    """Served with the site's own headers: no policy violation and no script error on any page."""
    assert not _by_page(sweep_results, config, "problems")


@pytest.mark.parametrize("config", list(sweep.CONFIGS))
def test_nothing_on_any_page_moves_while_it_loads(sweep_results, config):
    """No layout shift over sweep.SHIFT_ALLOWED: the search button once made the header 8 px taller
    when the script showed it, moving the whole page down under the reader's finger."""
    assert not _by_page(sweep_results, config, "shift")


def test_no_request_leaves_127_0_0_1_on_any_page(sweep_results):
    for config, data in sweep_results.items():
        assert data["requests"], config
        assert data["foreign"] == [], config


def test_reading_every_page_leaves_nothing_on_the_device(sweep_results):
    """No cookie, nothing in local or session storage, no Cache Storage, after every page of the site
    (docs/privacy.md: the colour scheme is stored only when the reader picks one)."""
    for config, data in sweep_results.items():
        left = {key: data[key] for key in ("cookies", "local_storage", "session_storage", "cache_storage") if data[key]}
        assert not left, (config, left)


def test_results_html_says_what_was_measured():
    html = a11y.results_html({"date": "2026-11-23", "tool": "axe-core 4.12.1", "browser": "Chromium",
                              "standard": "WCAG 2.2 level AA (tags)", "pages": 3, "checks": 9,
                              "configurations": ["a", "b", "c"], "violations": {}})
    assert "23 November 2026" in html and "all 3 pages" in html and "no failures" in html and "(tags)" not in html
    bad = a11y.results_html({"date": "2026-11-23", "pages": 3, "configurations": ["a"],
                             "violations": {"color-contrast": {"help": "Colour <contrast>", "pages": ["/", "x/"]}}})
    assert "found 1 kind of failure" in bad and "on 2 pages" in bad and "&lt;contrast&gt;" in bad
    assert "not been run" in a11y.results_html({})


@pytest.mark.parametrize("page_path, cut, viewport, watched", [
    # Once, in the sweep, the "Exit this page" button was painted before its words had arrived (28 px
    # wide, then 132), so the button and "Worried about a child?" moved under the reader's finger.
    ("/procedures/child-protection/strategy-discussions/", b'class="llr-exit"', sweep.MOBILE, {"a.llr-exit", "a.llr-bar__help"}),
    # And a table painted with its first rows changed its column widths when the rest arrived.
    ("/editors/front-matter/", b"<td><code>version</code></td>", sweep.DESKTOP, {"td", "th", "tr"}),
], ids=["exit button", "table"])
def test_nothing_moves_when_the_page_arrives_in_pieces(new_context, site_dir, page_path, cut, viewport, watched):
    """A page arrives over the network in pieces, and the browser may paint what it has. Here the page
    stops for half a second inside what once moved."""
    import functools
    import http.server
    import threading
    import time

    from browserkit import _Quiet

    class Slow(_Quiet):
        def do_GET(self):
            if self.path != page_path:
                return super().do_GET()
            body = (site_dir / page_path.strip("/") / "index.html").read_bytes()
            at = body.index(cut) + len(cut)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[:at])
            self.wfile.flush()
            time.sleep(0.6)
            self.wfile.write(body[at:])

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Slow, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = new_context(viewport=viewport).new_page()
        page.add_init_script(sweep.LISTEN)
        page.goto(f"http://127.0.0.1:{server.server_address[1]}{page_path}", wait_until="load")
        page.wait_for_timeout(300)
        shift = page.evaluate("window.__shift")
    finally:
        server.shutdown()
        server.server_close()
    assert not watched & set(shift["moved"]), shift
    assert shift["value"] <= sweep.SHIFT_ALLOWED, shift
