"""The security headers the build writes (site/_headers), served on 127.0.0.1 as a static host would send
them: the policy is sent (the sweep checks every page under it, test_site_wide.py), the search and the quick exit still work under it, and
an inline script the build did not hash is refused (so the listener can see a violation)."""
from __future__ import annotations

import sys

import pytest

from browserkit import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import headers  # noqa: E402
from sweep import LISTEN  # noqa: E402


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


def test_the_server_sends_the_policy_the_build_wrote(csp_page, served, site_dir):
    """Every page is checked under this policy by the sweep (test_site_wide.py)."""
    response = csp_page.goto(served + "procedures/")
    assert response.headers.get("content-security-policy") == headers.read(site_dir)["Content-Security-Policy"]


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
