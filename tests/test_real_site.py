"""The real manual: it builds strictly, every document becomes a page, and `make check` is clean."""
import io

import cli
import content
from fixture_site import ROOT


def test_the_real_manual_builds_strictly_with_every_document_as_a_page(real_site):
    manual = content.load(ROOT)
    assert manual.documents
    for doc in manual.documents:
        built = real_site / content.page_url(doc.path) / "index.html"
        assert built.is_file(), f"{doc.path} was not built"
        assert "<h1>" in built.read_text(encoding="utf-8")


def test_make_check_finds_no_error_in_the_real_manual():
    out = io.StringIO()
    assert cli.check(ROOT, out=out) == 0, out.getvalue()
