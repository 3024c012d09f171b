"""Checks on every page of the built site, in every configuration of sweep.CONFIGS (light and dark
colours at desktop width, light at 375 px): WCAG 2.2 AA by axe-core, the safety bar, mobile layout and
privacy. The pages are visited once, by the `sweep_results` fixture; each test reads what it needs."""
from __future__ import annotations

import json
import sys

import pytest

import sweep
from browserkit import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import a11y  # noqa: E402

# What Material for MkDocs itself keeps in local storage (its key names are prefixed by the site's
# path, "/." at the root): the reader's colour scheme choice. The privacy page names it.
THEME_STORAGE_KEYS = {"__palette"}


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


def test_no_page_scrolls_sideways_at_375px(sweep_results):
    assert not _by_page(sweep_results, "mobile-light", "sideways")


def test_text_is_at_least_16px_at_375px(sweep_results):
    assert not _by_page(sweep_results, "mobile-light", "smallText")


def test_touch_targets_are_at_least_24px_at_375px(sweep_results):
    """WCAG 2.5.8: 24 by 24 px, unless the target is a link inside a sentence or has room around it."""
    assert not _by_page(sweep_results, "mobile-light", "smallTargets")


def test_no_request_leaves_127_0_0_1_on_any_page(sweep_results):
    for config, data in sweep_results.items():
        assert data["requests"], config
        assert data["foreign"] == [], config


def test_no_cookie_and_only_the_themes_own_local_storage(sweep_results):
    for config, data in sweep_results.items():
        assert data["cookies"] == [], config
        keys = {key.rsplit(".", 1)[-1] if key.startswith("/") else key for key in data["local_storage"]}
        assert keys <= THEME_STORAGE_KEYS, (config, data["local_storage"])
        assert data["session_storage"] == [], config


def test_results_html_says_what_was_measured():
    html = a11y.results_html({"date": "2026-11-23", "tool": "axe-core 4.12.1", "browser": "Chromium",
                              "standard": "WCAG 2.2 level AA (tags)", "pages": 3, "checks": 9,
                              "configurations": ["a", "b", "c"], "violations": {}})
    assert "23 November 2026" in html and "all 3 pages" in html and "no failures" in html and "(tags)" not in html
    bad = a11y.results_html({"date": "2026-11-23", "pages": 3, "configurations": ["a"],
                             "violations": {"color-contrast": {"help": "Colour <contrast>", "pages": ["/", "x/"]}}})
    assert "found 1 kind of failure" in bad and "on 2 pages" in bad and "&lt;contrast&gt;" in bad
    assert "not been run" in a11y.results_html({})
