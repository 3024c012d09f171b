"""Diagrams in the browser (hooks/diagrams.py): readable at 320 px, no sideways scroll, drawn under a
strict Content-Security-Policy, printed as the picture on one page, and in the threshold PDF."""
from __future__ import annotations

import io
import re
import sys

import pytest
from pypdf import PdfReader

from browserkit import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import content  # noqa: E402
import diagrams  # noqa: E402

MIN_LABEL_PX = 14  # about the body text: Material's is 16 px at 320 px wide


def _diagram_urls() -> list[str]:
    manual = content.load(ROOT)
    return [content.page_url(d.path) for d in manual.documents if diagrams.fences(d.body) and d.meta.get("status") not in ("superseded", "retired")]


URLS = _diagram_urls()

# What each figure shows, measured in the page: the visible pictures' smallest label height and width,
# whether the words are visible, and whether anything in the figure is wider than the viewport.
MEASURE = """() => [...document.querySelectorAll('figure.llr-diagram')].map(f => {
  const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const pictures = [...f.querySelectorAll('.llr-diagram__picture')].filter(shown).map(p => {
    const labels = [...p.querySelectorAll('svg text')].map(t => t.getBoundingClientRect().height);
    return {labels: labels.length, smallest: Math.min(...labels), right: p.querySelector('svg').getBoundingClientRect().right};
  });
  const steps = f.querySelector('.llr-diagram__steps');
  const full = f.querySelector('.llr-diagram__full a');
  return {pictures, steps: shown(steps) && steps.innerText.trim().length > 0,
          full: !!full && shown(full), right: Math.max(...[...f.querySelectorAll('*')].map(e => e.getBoundingClientRect().right))};
})"""


@pytest.mark.parametrize("url", URLS)
def test_at_320_px_a_diagram_is_readable_or_in_words_and_never_scrolls_sideways(new_context, base_url, url):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    page.goto(base_url + url)
    figures = page.evaluate(MEASURE)
    assert figures, url
    for fig in figures:
        assert fig["steps"], f"{url}: the steps in words are not shown"
        assert fig["right"] <= 320, f"{url}: the figure reaches {fig['right']} px on a 320 px screen"
        for picture in fig["pictures"]:  # a picture shown on a phone must not shrink its labels
            assert picture["labels"] and picture["smallest"] >= MIN_LABEL_PX, f"{url}: labels {picture['smallest']:.1f} px high"
        if not fig["pictures"]:
            assert fig["full"], f"{url}: no picture fits a phone, and there is no link to it at full size"
    assert any(f["pictures"] for f in figures) or all(f["full"] for f in figures)


def test_a_left_to_right_chart_is_drawn_top_to_bottom_on_a_phone(new_context, base_url):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    page.goto(base_url + "thresholds/continuum-of-need/")
    narrow = page.locator("figure.llr-diagram .llr-diagram__picture--narrow svg")
    assert narrow.is_visible() and not page.locator("figure.llr-diagram .llr-diagram__picture--main").is_visible()
    box = narrow.bounding_box()
    assert box["height"] > box["width"]
    wide = new_context().new_page()
    wide.goto(base_url + "thresholds/continuum-of-need/")
    assert wide.locator("figure.llr-diagram .llr-diagram__picture--main svg").is_visible()
    assert not wide.locator("figure.llr-diagram .llr-diagram__picture--narrow").is_visible()


def test_diagrams_are_drawn_under_a_strict_content_security_policy(new_context, base_url):
    """The page served with `default-src 'self'` and no 'unsafe-inline': the picture is there, and the
    browser reports no violation caused by a diagram."""
    context = new_context()
    csp = "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:"

    def with_csp(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": csp})

    context.route(re.compile(r".*/procedures/child-protection/$"), with_csp)
    page = context.new_page()
    page.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + (e.sourceFile || '') + ' ' + (e.sample || '')));")
    page.goto(base_url + "procedures/child-protection/")
    svg = page.locator("figure.llr-diagram .llr-diagram__picture--main svg")
    assert svg.is_visible() and svg.bounding_box()["height"] > 200
    assert page.locator("figure.llr-diagram svg text").count() >= 12
    blocked = page.evaluate("window.__csp")
    in_figure = page.evaluate("[...document.querySelectorAll('figure.llr-diagram [style], figure.llr-diagram style, figure.llr-diagram script')].length")
    assert in_figure == 0, blocked


def _drawn_lines(url: str) -> list[str]:
    """Lines only the picture has: the first line of each box whose label is drawn on several lines (the
    list in words has each label on one line)."""
    manual = content.load(ROOT)
    doc = next(d for d in manual.documents if content.page_url(d.path) == url)
    chart = diagrams.parse(diagrams.fences(doc.body)[0][1])
    wrapped = [diagrams._wrapped(n.text).split("\n") for n in chart.nodes.values()]
    return [lines[0] for lines in wrapped if len(lines) > 1]


def _pages_with(pdf: PdfReader, lines: list[str]) -> dict[str, set[int]]:
    """The pages on which each line is printed as a line of its own. The text extractor sometimes joins a
    box's line with an arrow's label beside it, so the callers allow a few lines not to be found."""
    texts = [{line.strip() for line in (p.extract_text() or "").splitlines()} for p in pdf.pages]
    return {line: {i for i, t in enumerate(texts) if line in t} for line in lines}


def _on_one_page(found: dict[str, set[int]]) -> None:
    """Every line found is on one same page (a line may also be found elsewhere, in a table say)."""
    seen = [pages for pages in found.values() if pages]
    assert len(seen) >= 0.75 * len(found), f"the picture's labels are not printed: {found}"
    assert set.intersection(*seen), f"the picture is split over printed pages: {found}"


def test_a_printed_diagram_is_the_picture_on_one_page(page, base_url):
    url = "procedures/disagreements/resolving-professional-disagreements/"
    page.goto(base_url + url)
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('figure.llr-diagram')).breakInside") == "avoid"
    assert page.evaluate("getComputedStyle(document.querySelector('.llr-diagram__picture--main')).breakInside") == "avoid"
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    lines = _drawn_lines(url)
    assert len(lines) >= 3
    _on_one_page(_pages_with(pdf, lines))
    text = " ".join(p.extract_text() or "" for p in pdf.pages)
    assert "flowchart" not in text and "-->" not in text


def test_the_threshold_pdf_has_the_diagram_as_a_picture_never_its_source(site_dir):
    reader = PdfReader(str(site_dir / "thresholds" / "llr-threshold-document.pdf"))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in reader.pages))
    assert "flowchart" not in text and "-->" not in text and "-.->" not in text
    assert "The diagram in words" in text
    lines = _drawn_lines("thresholds/continuum-of-need/")
    assert lines
    _on_one_page(_pages_with(reader, lines))
