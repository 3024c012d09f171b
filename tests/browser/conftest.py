"""Browser tests: the real built site, served on 127.0.0.1, in Debian's Chromium driven by Playwright.

- The site is built once per run (the `real_site` fixture of tests/conftest.py: strict, date pinned).
  LLR_BROWSER_SITE=<folder> uses an already built site instead (quicker while editing tests).
- Chromium is the system one (Debian package `chromium`); Playwright's own browser download is never
  used. Without it these tests are skipped with a message, unless LLR_REQUIRE_BROWSER=1 (set by
  .ci/run), when they fail instead.
- Every request the browser makes is recorded. Any host other than 127.0.0.1 fails the test, except the
  quick-exit site, whose navigation is intercepted and answered locally: the tests never reach the
  network."""
from __future__ import annotations
import functools
import http.server
import os
import threading
from pathlib import Path
import pytest

from browserkit import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, DESKTOP, _Quiet, Recorder, site_pages


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: runs in Chromium against the built site (deselect with -m 'not browser')")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        message = "Debian's chromium is not installed (apt-get install chromium): browser tests cannot run"
        if os.environ.get("LLR_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def site_dir(request) -> Path:
    """The real manual, built once per run by tests/conftest.py's `real_site` (strict, date pinned).
    LLR_BROWSER_SITE=<folder> reuses a site already built, to iterate quickly on the browser tests."""
    prebuilt = os.environ.get("LLR_BROWSER_SITE")
    return Path(prebuilt) if prebuilt else Path(request.getfixturevalue("real_site"))


@pytest.fixture(scope="session")
def base_url(site_dir):
    """The built site on 127.0.0.1, on a free port, for the whole run."""
    handler = functools.partial(_Quiet, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def new_context(browser):
    """Make browser contexts (viewport, colour scheme, JavaScript on or off) that record requests.
    At the end of the test, no request may have gone to a host other than 127.0.0.1."""
    made = []

    def make(viewport=DESKTOP, color_scheme="light", java_script_enabled=True, **kwargs):
        context = browser.new_context(viewport=viewport, color_scheme=color_scheme, java_script_enabled=java_script_enabled,
                                      service_workers="block", **kwargs)
        recorder = Recorder()
        context.route("**/*", recorder.route)
        context.recorder = recorder
        made.append(context)
        return context

    yield make
    foreign = [u for c in made for u in c.recorder.foreign]
    for c in made:
        c.close()
    assert not foreign, f"requests to hosts other than 127.0.0.1: {foreign}"


@pytest.fixture
def page(new_context):
    """A desktop page, light colours, JavaScript on."""
    return new_context().new_page()


@pytest.fixture(scope="session")
def all_pages(site_dir) -> list[str]:
    return site_pages(site_dir)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def sweep_results(chromium_path, site_dir, all_pages) -> dict:
    """Every page in every configuration of sweep.CONFIGS, for all the site-wide checks, served with the
    site's security headers (hooks/headers.py) as a static host sends them."""
    import headers
    import sweep

    httpd, url = headers.serve_in_background(site_dir)
    try:
        return sweep.sweep(chromium_path, CHROMIUM_ARGS, url, all_pages)
    finally:
        httpd.shutdown()
        httpd.server_close()
