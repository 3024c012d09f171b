"""The page budget's pieces (bench/pages.py) that decide what is counted: no browser, no Lighthouse."""
from __future__ import annotations

import gzip
import sys
import urllib.request

from fixture_site import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import pages  # noqa: E402


def test_search_requests_are_left_out_whatever_engine_makes_them():
    assert pages.is_search("http://127.0.0.1:1/search/search_index.json")
    assert pages.is_search("http://127.0.0.1:1/assets/javascripts/workers/search.a7633da7.min.js")
    assert pages.is_search("http://127.0.0.1:1/pagefind/pagefind-entry.json")
    assert not pages.is_search("http://127.0.0.1:1/procedures/child-protection/")
    assert not pages.is_search("http://127.0.0.1:1/assets/javascripts/bundle.min.js")


def test_the_server_gzips_text_as_a_static_host_does_and_leaves_images_alone(tmp_path):
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text("<p>" + "words " * 2000 + "</p>")
    (tmp_path / "a.png").write_bytes(b"\x89PNG" + bytes(500))
    server, base = pages.serve(tmp_path)
    try:
        def get(path):
            with urllib.request.urlopen(urllib.request.Request(base + path, headers={"Accept-Encoding": "gzip"}), timeout=10) as r:
                return r.headers.get("Content-Encoding"), r.read()
        encoding, body = get("page/")
        assert encoding == "gzip" and gzip.decompress(body).startswith(b"<p>words") and len(body) < 1000
        assert get("a.png") == (None, b"\x89PNG" + bytes(500))
    finally:
        server.shutdown()
        server.server_close()


def test_redirect_pages_are_not_measured_and_the_longest_procedure_is_found(tmp_path):
    for url, html in {"old/": '<meta http-equiv="refresh" content="0; url=../new/">', "new/": "x",
                      "procedures/a/": "short", "procedures/b/": "much longer page"}.items():
        (tmp_path / url).mkdir(parents=True)
        (tmp_path / url / "index.html").write_text(html)
    assert pages.redirect_pages(tmp_path, ["old/", "new/"]) == {"old/"}
    assert pages.longest_procedure(tmp_path) == "procedures/b/"
