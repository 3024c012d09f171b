"""The colour scheme is right from the first paint: the device's, or the one the reader picked.

Material's bundle applies the device's scheme only when it runs, after the first paint; the site applies
it earlier (docs/overrides/partials/llr-palette.html), which is what lets hooks/theme.py leave out the
rule that stops every transition while the scheme is switched. These tests hold Material's bundle back,
so what they see is what the reader sees before it runs."""
from __future__ import annotations

import re

import pytest

BUNDLE = re.compile(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")


def scheme_without_the_bundle(page, url) -> str:
    page.route(BUNDLE, lambda route: route.abort())
    page.goto(url)
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


@pytest.mark.parametrize("device, expected", [("dark", "slate"), ("light", "default")])
def test_the_devices_scheme_is_applied_before_materials_script_runs(new_context, base_url, device, expected):
    page = new_context(color_scheme=device).new_page()
    for url in (base_url, base_url + "glossary/"):
        assert scheme_without_the_bundle(page, url) == expected, url


def test_a_scheme_the_reader_picked_wins_over_the_devices(new_context, base_url):
    page = new_context(color_scheme="dark").new_page()
    page.goto(base_url)
    page.locator("form[data-md-component='palette'] label:not([hidden])").first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
    assert scheme_without_the_bundle(page, base_url + "glossary/") == "default"
