"""Print and PDF: a procedure printed from Chromium, and the threshold document's PDF made by the build.
Both are read back as text with pypdf."""
from __future__ import annotations

import datetime as dt
import io
import re
import sys

from pypdf import PdfReader

from browserkit import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import content  # noqa: E402
import dates  # noqa: E402

# A procedure with a collapsed section (its version history).
PROCEDURE = "procedures/child-protection/early-help/"


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def test_a_printed_procedure_has_its_content_metadata_address_and_date_and_no_page_furniture(page, base_url):
    page.goto(base_url + PROCEDURE)
    title = page.locator("article h1").inner_text()
    headings = page.locator("article h2").all_inner_texts()
    # The words of each cell of the first collapsed section (a table of versions), not shown on screen.
    hidden = page.locator("article details:not([open])").first.evaluate(
        "d => [...d.querySelectorAll('th, td, p')].map(c => c.textContent.trim()).filter(Boolean)")
    page.emulate_media(media="print")
    text = _text(page.pdf(format="A4"))

    assert title in text
    version = content.load(ROOT).by_path[PROCEDURE.rstrip("/") + ".md"].meta["version"]
    for part in ("Status: Draft", f"Version {version}", "Last reviewed", "Next review due"):  # the llr-meta block
        assert part in text, part
    for heading in headings:  # the whole page, not just the first screen
        assert re.sub(r"\s+", " ", heading.replace("¶", "")).strip() in text, heading
    assert hidden and all(re.sub(r"\s+", " ", cell) in text for cell in hidden), hidden  # printed open
    today = dates.uk(dt.date.today())
    assert f"Printed on {today}. Printed copies may be out of date: check the online version." in text
    assert (base_url + PROCEDURE) in text.replace(" ", "")
    for furniture in ("Exit this page", "Worried about a child?", "Skip to content", "Table of contents", "Search"):
        assert furniture not in text, furniture


def test_print_keeps_collapsed_sections_as_they_were_on_screen(page, base_url):
    page.goto(base_url + PROCEDURE)
    closed = page.locator("article details:not([open])").count()
    page.pdf(format="A4")
    assert page.locator("article details:not([open])").count() == closed


def test_the_build_makes_the_threshold_document_pdf_with_version_and_date_on_the_cover(site_dir):
    pdf = site_dir / "thresholds" / "llr-threshold-document.pdf"
    assert pdf.is_file(), "make build did not make the threshold document PDF"
    reader = PdfReader(str(pdf))
    cover = re.sub(r"\s+", " ", reader.pages[0].extract_text())
    manual = content.load(ROOT)
    index = manual.by_path["thresholds/index.md"].meta
    assert str(index["title"]) in cover
    assert f"Version {index['version']}" in cover
    assert dates.uk(index.get("effective_from") or index["last_reviewed"]) in cover
    text = _text(pdf.read_bytes())
    for path in sorted((ROOT / "thresholds").glob("*.md")):
        doc = manual.by_path[f"thresholds/{path.name}"]
        if doc.meta.get("status") not in ("superseded", "retired"):
            assert re.sub(r"\s+", " ", str(doc.meta["title"])) in text, path.name
    assert "Exit this page" not in text and "Referenced by" not in text


def test_every_threshold_page_links_to_the_pdf(new_context, base_url, site_dir):
    page = new_context().new_page()
    pages = [p for p in sorted((site_dir / "thresholds").rglob("index.html"))]
    assert pages
    for html in pages:
        url = base_url + html.parent.relative_to(site_dir).as_posix() + "/"
        page.goto(url)
        link = page.get_by_role("link", name="Download the whole threshold document (PDF)")
        href = link.evaluate("a => a.href")
        assert href == base_url + "thresholds/llr-threshold-document.pdf", url
    response = page.request.get(base_url + "thresholds/llr-threshold-document.pdf")
    assert response.ok and response.body()[:5] == b"%PDF-"
