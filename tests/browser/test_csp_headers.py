"""The security headers the build writes (site/_headers), served on 127.0.0.1 as a static host would send
them: no page breaks the Content-Security-Policy, the search and the quick exit still work under it, and
an inline script the build did not hash is refused (so the listener can see a violation)."""
from __future__ import annotations

import sys

import pytest

from browserkit import ROOT, site_pages

sys.path.insert(0, str(ROOT / "hooks"))
import headers  # noqa: E402

LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(
  `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || ''}:${e.lineNumber}`));
"""


@pytest.fixture(scope="module")
def served(site_dir):
    httpd, url = headers.serve_in_background(site_dir)
    yield url
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def csp_page(new_context):
    context = new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


def test_the_headers_file_has_what_the_policy_needs(site_dir):
    sent = headers.read(site_dir)
    csp = sent["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert "http" not in csp  # no other host, anywhere in the policy
    assert sent["Referrer-Policy"] == "no-referrer" and sent["X-Content-Type-Options"] == "nosniff" and "camera=()" in sent["Permissions-Policy"]
    assert (site_dir / headers.NGINX_FILE).read_text().count("add_header") == len(sent)


def test_no_page_breaks_the_content_security_policy(csp_page, served, site_dir):
    problems = {}
    for path in site_pages(site_dir):
        response = csp_page.goto(served + path)
        assert response.headers.get("content-security-policy") == headers.read(site_dir)["Content-Security-Policy"]
        csp_page.wait_for_load_state("load")
        found = csp_page.evaluate("window.__violations") + csp_page.errors
        if found:
            problems[path or "/"] = found
        csp_page.errors = []
    assert not problems, problems


def test_search_and_the_palette_work_under_the_policy(csp_page, served):
    csp_page.goto(served)
    csp_page.keyboard.press("/")  # Material's search shortcut: starts its worker
    csp_page.keyboard.type("referral")
    csp_page.wait_for_timeout(1500)
    assert csp_page.evaluate("window.__violations") == [] and csp_page.errors == []


def test_an_inline_script_the_build_did_not_hash_is_refused(csp_page, served):
    csp_page.goto(served)
    csp_page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.append(s); }")
    csp_page.wait_for_function("window.__violations.length > 0")
    assert csp_page.evaluate("window.__ran") is None
    assert csp_page.evaluate("window.__violations")[0].startswith("script-src")
