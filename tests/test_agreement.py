"""The check and the site agree: for every page of the real manual, the heading ids `make check` computes
are exactly the ids in the rendered page, and the links it resolves are exactly the links there."""
import functools
import posixpath
from collections import Counter
from urllib.parse import urlsplit

import lxml.html
import pytest

import content
import includes
import paths
import xrefs
from fixture_site import ROOT

# Blocks the build adds around the author's content; they are not part of what the author wrote
# (llr-diagram__full: a diagram's link to its own picture at full size, hooks/diagrams.py; and the mark
# after the last table, which the first paint waits for, hooks/theme.py).
GENERATED = ("llr-meta", "llr-draft", "llr-overdue", "llr-superseded", "llr-history", "llr-links", "llr-contact", "llr-glossary", "llr-pdf-link", "llr-print-note", "llr-resources", "llr-diagram__full")


def article(site, doc):
    html = (site / content.page_url(doc.path) / "index.html").read_text(encoding="utf-8")
    tree = lxml.html.fromstring(html)
    body = tree.xpath('//article[contains(@class, "md-content__inner")]')[0]
    for el in body.xpath("|".join(f'.//*[contains(concat(" ", @class, " "), " {c} ")]' for c in GENERATED) + '|.//a[@class="headerlink"]|.//script|.//*[@id="llr-tables-end"]'):
        el.getparent().remove(el)
    return body


def expected_href(doc, url):
    if paths.is_external(url) or url.startswith("#"):
        return url
    parts = urlsplit(url)
    target = paths.resolve(doc.path, url)
    if target.endswith(".md") or target in content.GENERATED:
        return paths.site_href(doc.path, target, parts.fragment)
    here = "/" + content.page_url(doc.path)
    return posixpath.relpath("/" + content.src_uri(target), here)


@functools.cache
def phone_href(arg):
    """The link a `[[phone: id]]` include becomes: tel: and the contact's first number."""
    return includes.tel(includes.load_data(ROOT).contacts[arg]["phones"][0]["number"])


def resource_url(arg, page):
    """The link a `[[resource: id]]` include becomes, as an author would have written it."""
    return includes.resource_url(includes.load_data(ROOT).resources[arg], page)


@pytest.fixture(scope="module")
def index():
    manual = content.load(ROOT)
    return xrefs.build(manual, includes.load_data(ROOT))


def test_every_page_has_exactly_the_anchors_the_check_computes(real_site, index):
    mismatched = {}
    for doc in index.manual.documents:
        body = article(real_site, doc)
        html_ids = sorted(el.get("id") for el in body.xpath(".//*[@id]"))
        glossary_ids = [i for i in index.anchors[doc.path] if i.startswith(("term-", "resource-"))] if "llr-glossary" in GENERATED else []
        computed = sorted(set(index.anchors[doc.path]) - set(glossary_ids))
        if html_ids != computed:
            mismatched[doc.path] = (computed, html_ids)
    assert not mismatched


def test_the_glossary_ids_are_those_the_check_computes(real_site, index):
    glossary = index.manual.by_id["glossary"]
    html = (real_site / content.page_url(glossary.path) / "index.html").read_text(encoding="utf-8")
    ids = set(lxml.html.fromstring(html).xpath('//dl[contains(@class, "llr-glossary")]//@id'))
    assert ids and ids == {i for i in index.anchors[glossary.path] if i.startswith("term-")}


def test_every_page_has_exactly_the_links_the_check_resolves(real_site, index):
    mismatched = {}
    for doc in index.manual.documents:
        body = article(real_site, doc)
        in_html = Counter([a.get("href") for a in body.xpath(".//a[@href]")] + [i.get("src") for i in body.xpath(".//img[@src]")])
        computed = Counter(expected_href(doc, link.url) for link in index.links[doc.path])
        computed += Counter(phone_href(arg) for kind, arg, _ in doc.outline().includes if kind == "phone")
        computed += Counter(expected_href(doc, resource_url(arg, doc.path)) for kind, arg, _ in doc.outline().includes if kind == "resource")
        if in_html != computed:
            mismatched[doc.path] = (computed - in_html, in_html - computed)
    assert not mismatched
