"""Security headers made from the built site (hooks/headers.py): each inline script by its hash, nothing
typed by hand; the real build's _headers covers every inline script it holds. The browser proof is
tests/browser/test_headers.py."""
from __future__ import annotations

import base64
import hashlib
import urllib.request

import forkdiff
import headers


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_inline_scripts_are_hashed_as_written_and_data_blocks_are_not(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<script>var a = "&amp;" < 2;</script><script src="x.js"></script><script type="application/json">{"a":1}</script>')
    (tmp_path / "a" / "index.html").write_text('<script type="module">import "./m.js"</script><button onclick="go()">Go</button>')
    scripts, handlers = headers.inline_hashes(tmp_path)
    assert scripts == sorted([_hash('var a = "&amp;" < 2;'), _hash('import "./m.js"')])
    assert handlers == [_hash("go()")]
    csp = headers.policy(scripts, handlers)
    assert "'unsafe-hashes'" in csp and "'unsafe-inline'" not in csp.split("style-src")[0]
    assert "'unsafe-hashes'" not in headers.policy(scripts)


def test_the_headers_are_written_for_netlify_and_nginx_and_read_back(tmp_path):
    (tmp_path / "index.html").write_text("<script>1</script>")
    headers.write(tmp_path)
    sent = headers.read(tmp_path)
    assert sent["Referrer-Policy"] == "no-referrer" and _hash("1") in sent["Content-Security-Policy"]
    assert f'add_header Content-Security-Policy "{sent["Content-Security-Policy"]}" always;' in (tmp_path / headers.NGINX_FILE).read_text()


def test_the_preview_server_sends_them(tmp_path):
    (tmp_path / "index.html").write_text("<p>hello</p>")
    headers.write(tmp_path)
    httpd, url = headers.serve_in_background(tmp_path)
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_the_real_build_hashes_every_inline_script(real_site):
    csp = headers.read(real_site)["Content-Security-Policy"]
    scripts, handlers = headers.inline_hashes(real_site)
    assert scripts and all(h in csp for h in scripts + handlers)
    assert "http:" not in csp and "https:" not in csp


def test_fork_diff_ignores_only_the_generator_tag(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for root, generator, text in ((a, "mkdocs-1.6.1", "same"), (b, "mkdocs-ProperDocs 1.6.7", "same")):
        root.mkdir()
        (root / "index.html").write_text(f'<meta name="generator" content="{generator}"><p>{text}</p>')
    assert forkdiff.compare(a, b) == []
    (b / "index.html").write_text('<meta name="generator" content="x"><p>other</p>')
    (b / "extra.html").write_text("")
    found = forkdiff.compare(a, b)
    assert found[0] == "only in the fork's build: extra.html" and found[1].startswith("differs: index.html")
