"""The built site loads nothing from other hosts: no web fonts, analytics or CDN scripts.

Links a reader clicks are fine; resources a page fetches by itself are not. Every URL found in a built
script must be listed below with the reason it is never fetched (a browser test records every request
too, in tests/browser)."""
import re

import pytest

# URLs that appear inside third-party scripts but are never fetched by our pages, and why.
ALLOWED_IN_SCRIPTS = {
    "http://www.w3.org/": "XML namespace names, not addresses to fetch",
    "https://unpkg.com/mermaid@": "Material's mermaid loader, used only for an element of class mermaid; our diagrams are drawn while building (hooks/diagrams.py) and no page has one",
    "https://unpkg.com/resize-observer-polyfill": "Material's polyfill for browsers without ResizeObserver; every supported browser has it",
    "https://api.github.com/": "Material's repository statistics; only used when repo_url is set, which it is not",
    "https://fontawesome.com": "licence comment",
    "https://clipboardjs.com": "licence comment",
    "https://bit.ly/2s3ChXG": "a comment in Material's bundle",
    "http://tartarus.org": "licence comment (lunr stemmer)",
    "http://lunrjs.com": "licence comment",
    "https://github.com/": "comments in lunr's search-language files",
    "https://openjsf.org": "licence comment", "https://lodash.com": "licence comment", "http://underscorejs.org": "licence comment",
    "http://en.wikipedia.org": "licence comment", "https://en.wikipedia.org": "comment", "https://tldrlegal.com": "licence comment",
    "https://jquery.org": "licence comment",
    "https://example.com$": "Pagefind's base for parsing a page's own relative address with new URL(); never fetched",
    "http://opensource.org": "licence comment", "http://engelschall.com": "licence comment",
    # Comments and licence text in lunr's search-language files:
    "http://www.mozilla.org/MPL/": "licence comment", "http://code.google.com/p/urim/": "comment",
    "http://snowball.tartarus.org/": "comment", "http://wiki.commonjs.org/": "comment", "http://narwhaljs.org": "comment",
    "http://people.mozilla.org/": "comment", "http://docs.python.org/": "comment", "https://developer.mozilla.org/": "comment",
    "http://wiki.ecmascript.org/": "comment", "http://msdn.microsoft.com/": "comment", "http://chasen.org/": "comment",
}

HTML_RESOURCE = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed|track)\b[^>]*\bsrcs?e?t?=[\"']([^\"']+)|"
    r"<link\b(?=[^>]*\brel=[\"'](?:stylesheet|preload|prefetch|preconnect|dns-prefetch|icon|manifest|modulepreload|apple-touch-icon)[\"'])[^>]*\bhref=[\"']([^\"']+)|"
    r"<object\b[^>]*\bdata=[\"']([^\"']+)|url\(\s*[\"']?([^\"')]+)",
    re.I,
)
CSS_RESOURCE = re.compile(r"url\(\s*[\"']?([^\"')]+)|@import\s+[\"']([^\"']+)", re.I)
SCRIPT_URL = re.compile(r"(?:https?:)?//[a-zA-Z0-9.-]+\.[a-z]{2,}[^\s\"'`)<>]*")


def external(url: str) -> bool:
    return url.strip().startswith(("http://", "https://", "//"))


def offending(site):
    found = []
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        where = path.relative_to(site)
        if path.suffix == ".html":
            urls = [u for m in HTML_RESOURCE.finditer(text) for u in m.groups() if u]
        elif path.suffix == ".css":
            urls = [u for m in CSS_RESOURCE.finditer(text) for u in m.groups() if u]
        else:
            urls = [u for u in SCRIPT_URL.findall(text) if u.startswith("http") and not any(u.startswith(a) for a in ALLOWED_IN_SCRIPTS)]
        found += [f"{where}: {u}" for u in urls if external(u)]
    return found


def test_the_built_site_loads_nothing_from_other_hosts(real_site):
    assert offending(real_site) == []


@pytest.mark.parametrize("snippet", [
    '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
    '<script src="https://www.googletagmanager.com/gtag/js"></script>',
    '<img src="//cdn.example.org/logo.png">',
])
def test_the_privacy_check_catches_external_resources(tmp_path, snippet):
    (tmp_path / "index.html").write_text(f"<html><head>{snippet}</head></html>")
    assert len(offending(tmp_path)) == 1


def test_links_a_reader_clicks_are_allowed(tmp_path):
    (tmp_path / "index.html").write_text('<a href="https://www.nspcc.org.uk/">NSPCC</a>')
    (tmp_path / "app.js").write_text('fetch("https://tracker.example.com/collect")')
    assert offending(tmp_path) == ["app.js: https://tracker.example.com/collect"]


def test_no_web_fonts_and_no_cookies_are_configured():
    import yaml

    from fixture_site import ROOT

    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    assert config["theme"]["font"] == "false"
    assert "analytics" not in config.get("extra", {})
    assert "consent" not in config.get("extra", {})
