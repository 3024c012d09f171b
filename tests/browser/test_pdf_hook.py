"""hooks/pdf.py without a browser: what happens when WeasyPrint is missing, and how pages are combined."""
from __future__ import annotations

import logging
import sys
from types import SimpleNamespace

import pytest

from browserkit import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import content  # noqa: E402
import pdf  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402


@pytest.fixture
def no_weasyprint(monkeypatch):
    monkeypatch.setattr(pdf, "available", lambda: pdf.INSTALL + " (ImportError: No module named 'weasyprint')")


def test_build_stops_with_what_to_install_when_weasyprint_is_missing(no_weasyprint, tmp_path):
    config = SimpleNamespace(site_dir=str(tmp_path), site_url="")
    with pytest.raises(PluginError) as error:
        pdf.on_post_build(config, content.load(ROOT), "build")
    assert "weasyprint" in str(error.value) and "libpango-1.0-0" in str(error.value)
    assert not (tmp_path / pdf.PDF_PATH).exists()


def test_serve_carries_on_with_a_warning_when_weasyprint_is_missing(no_weasyprint, tmp_path, caplog):
    config = SimpleNamespace(site_dir=str(tmp_path), site_url="")
    with caplog.at_level(logging.WARNING):
        pdf.on_post_build(config, content.load(ROOT), "serve")
    assert "Not making thresholds/llr-threshold-document.pdf" in caplog.text and "weasyprint" in caplog.text


def test_links_between_threshold_pages_become_links_inside_the_pdf():
    html = (
        '<h2 id="in-brief">In brief</h2><a class="headerlink" href="#in-brief">¶</a>'
        '<a href="../levels-of-need/#level-2">Level 2</a> <a href="#in-brief">up</a> '
        '<a href="../../procedures/x/">a procedure</a> <a href="https://example.org/">out</a>'
    )
    pages = {"thresholds/levels-of-need/", "thresholds/continuum-of-need/"}
    out = pdf._rewrite(html, "thresholds/continuum-of-need/", pages, "")
    assert 'id="p-thresholds-continuum-of-need--in-brief"' in out and "¶" not in out
    assert 'href="#p-thresholds-levels-of-need--level-2"' in out
    assert 'href="#p-thresholds-continuum-of-need--in-brief"' in out
    assert 'data-href-removed=""' in out  # no site address known: plain text, not a file:// link
    assert 'href="https://example.org/"' in out
    with_site = pdf._rewrite(html, "thresholds/continuum-of-need/", pages, "https://procedures.example/")
    assert 'href="https://procedures.example/procedures/x/"' in with_site


def test_the_pdf_holds_the_current_edition_in_navigation_order():
    docs = pdf.current_edition(content.load(ROOT))
    assert docs[0].path == "thresholds/index.md"
    assert all(d.path.startswith("thresholds/") and d.meta.get("status") not in pdf.OLD for d in docs)
