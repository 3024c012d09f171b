"""Screenshots for people to review (test-artifacts/, not committed): the home page, Report a concern
and the longest procedure, at mobile and desktop widths, in light colours."""
from __future__ import annotations

import pytest

from browserkit import DESKTOP, MOBILE


def _longest_procedure(site_dir) -> str:
    pages = sorted(site_dir.glob("procedures/*/*/index.html"), key=lambda p: (-p.stat().st_size, str(p)))
    return pages[0].parent.relative_to(site_dir).as_posix() + "/"


@pytest.mark.parametrize("width", ["mobile", "desktop"])
def test_screenshots_of_key_pages(new_context, base_url, site_dir, artifacts, width):
    page = new_context(viewport=MOBILE if width == "mobile" else DESKTOP).new_page()
    for name, path in (("home", ""), ("report-a-concern", "report-a-concern/"), ("long-procedure", _longest_procedure(site_dir))):
        page.goto(base_url + path)
        out = artifacts / f"{name}-{width}.png"
        page.screenshot(path=str(out), full_page=True)
        assert out.stat().st_size > 10_000
