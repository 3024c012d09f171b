"""Quick exit ("Exit this page") and the route to help, in a real browser.

The neutral site is never fetched: the conftest answers it locally and records the navigation (or, for
the Referer test, sends the browser on to a neutral server of our own on 127.0.0.1).
"""
from __future__ import annotations

import http.server
import json
import threading

import pytest

from browserkit import EXIT_HOST, EXIT_URL, MOBILE, NEUTRAL_PAGE

PROCEDURE = "procedures/specific-circumstances/domestic-abuse/"

# Reports whether the content is hidden behind the overlay at the moment the exit starts: listeners on
# the window run after the exit script's own (on the document, capturing), and write to the console,
# which reaches the test even as the page goes.
WATCH_HIDING = """
() => {
  const state = () => {
    const overlay = document.querySelector('.llr-exit-overlay');
    const r = overlay && overlay.getBoundingClientRect();
    return {contentHidden: getComputedStyle(document.querySelector('article')).visibility === 'hidden',
            overlayCovers: !!r && r.width >= innerWidth && r.height >= innerHeight};
  };
  for (const type of ['click', 'keyup']) window.addEventListener(type, () => {
    if (document.documentElement.classList.contains('llr-exiting')) console.log('llr-exit-state ' + JSON.stringify(state()));
  });
}
"""


def _exit_state(page, action) -> dict:
    """Do `action` (which exits) and return what the page reported as the exit started. The request for
    the neutral site is held until the report has arrived (a page that has gone reports nothing), then
    answered with the same stand-in page the conftest uses."""
    held: list = []
    page.route(f"**://{EXIT_HOST}/**", lambda route: held.append(route))
    page.evaluate(WATCH_HIDING)
    with page.expect_console_message(lambda m: m.text.startswith("llr-exit-state ")) as message:
        action()
    state = json.loads(message.value.text.split(" ", 1)[1])
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert [route.request.url for route in held] == [EXIT_URL]
    held[0].fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE)
    return state


class _Neutral(http.server.BaseHTTPRequestHandler):
    """A stand-in for the neutral site that records the headers of every request it gets."""
    seen: list = []

    def do_GET(self):
        type(self).seen.append(dict(self.headers))
        body = NEUTRAL_PAGE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def neutral_server():
    _Neutral.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Neutral)
    server.timeout = 5
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/weather", _Neutral.seen
    server.shutdown()
    server.server_close()


# That the button and the help link are on screen on every page is checked by test_site_wide.py.


def test_the_exit_button_stays_on_screen_when_the_reader_scrolls(new_context, base_url):
    page = new_context(viewport=MOBILE).new_page()
    page.goto(base_url + PROCEDURE)
    page.mouse.wheel(0, 3000)
    page.wait_for_function("scrollY > 1000")
    box = page.locator("a#llr-exit").bounding_box()
    assert 0 <= box["y"] < 100


def test_help_link_goes_to_report_a_concern(page, base_url):
    page.goto(base_url + PROCEDURE)
    page.get_by_role("link", name="Worried about a child?").click()
    page.wait_for_url(base_url + "report-a-concern/")
    assert "concern" in page.locator("h1").inner_text().lower()


def test_exit_is_the_first_thing_after_the_skip_link(page, base_url):
    page.goto(base_url + PROCEDURE)
    names = []
    for _ in range(5):
        page.keyboard.press("Tab")
        names.append(page.evaluate("[document.activeElement.classList[0], document.activeElement.textContent.trim()]"))
    assert names[0][0] == "md-skip"  # Material's "Skip to content"
    assert names[1] == ["llr-exit-skip", "Exit this page"]  # the secondary skip link: it exits
    # Then the bar, in reading order: the help links on the left, the exit button on the right.
    assert names[2] == ["llr-bar__help", "Worried about a child?"]
    assert names[3] == ["llr-bar__safe", "Hide your visit"]  # the advice on hiding a visit
    assert names[4] == ["llr-exit", "Emergency Exit this page"]
    # The secondary skip link is on screen once focused.
    for _ in range(3):
        page.keyboard.press("Shift+Tab")
    box = page.locator(".llr-exit-skip").bounding_box()
    assert box["y"] >= 0 and box["width"] > 24


def test_clicking_exit_hides_the_page_at_once_then_leaves(new_context, base_url):
    context = new_context()
    page = context.new_page()
    page.goto(base_url + PROCEDURE)
    state = _exit_state(page, lambda: page.locator("a#llr-exit").click(no_wait_after=True))
    page.wait_for_url(EXIT_URL)
    assert page.locator("h1").inner_text().startswith("Weather")
    assert state == {"contentHidden": True, "overlayCovers": True}


@pytest.mark.parametrize("how", ["click", "shift"])
def test_back_after_exit_does_not_show_the_page(new_context, base_url, how):
    """The exit replaces the page in the history: Back goes to the page before it, never to this one."""
    page = new_context().new_page()
    page.goto(base_url)  # the page the reader came from
    page.goto(base_url + PROCEDURE)
    if how == "click":
        page.locator("a#llr-exit").click()
    else:
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URL)
    page.go_back(wait_until="load")
    assert page.url == base_url
    assert "Exit this page" in page.locator("a#llr-exit").inner_text()  # our home page, usable
    assert page.locator(".llr-exit-overlay").count() == 0


@pytest.mark.parametrize("javascript", [True, False])
def test_no_referer_reaches_the_neutral_site(new_context, base_url, neutral_server, javascript):
    """The page's referrer policy (a meta element, so it holds on any host) keeps our address out of
    the request for the neutral site, with or without JavaScript. The neutral address is sent on, by a
    redirect, to a server of our own that records what it was sent."""
    url, seen = neutral_server
    context = new_context(java_script_enabled=javascript)
    context.route(f"**://{EXIT_HOST}/**", lambda route: route.fulfill(status=302, headers={"Location": url}))
    page = context.new_page()
    page.goto(base_url + PROCEDURE)
    assert page.locator("meta[name=referrer]").get_attribute("content") == "no-referrer"
    page.locator("a#llr-exit").click()
    page.wait_for_url(url)
    assert len(seen) == 1
    assert not {k.lower() for k in seen[0]} & {"referer", "referrer"}, seen[0]


def test_shift_three_times_exits_with_announcements(new_context, base_url):
    context = new_context()
    page = context.new_page()
    page.goto(base_url + PROCEDURE)
    status = page.locator("#llr-exit-status")
    assert status.get_attribute("role") == "status"
    page.keyboard.press("Shift")
    assert status.inner_text() == "Shift, press 2 more times to exit."
    assert page.locator("a#llr-exit").get_attribute("data-presses") == "1"
    page.keyboard.press("Shift")
    assert status.inner_text() == "Shift, press 1 more time to exit."
    state = _exit_state(page, lambda: page.keyboard.press("Shift"))
    page.wait_for_url(EXIT_URL)
    assert state == {"contentHidden": True, "overlayCovers": True}


def test_shift_three_times_while_typing_in_the_search_box_does_nothing(new_context, base_url):
    """A capital letter typed in a text field is not a request to leave (GOV.UK counts every Shift;
    a reader searching for "LADO" would be thrown out)."""
    context = new_context()
    page = context.new_page()
    page.goto(base_url + PROCEDURE)
    page.locator(".llr-search__open").click()
    box = page.locator("#llr-search-input")
    box.click()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.keyboard.type("LADO")
    page.wait_for_timeout(300)
    assert page.url == base_url + PROCEDURE and context.recorder.exits == []
    assert page.locator("a#llr-exit").get_attribute("data-presses") in (None, "0")
    # Out of the box, Shift x 3 works again.
    page.keyboard.press("Escape")  # closes the search
    box.evaluate("el => el.blur()")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URL)


def test_shift_three_times_works_before_anything_else_has_loaded(new_context, base_url):
    """The exit script is the first thing in the head: with every other stylesheet, script and file
    held back (a slow connection at its worst), Shift x 3 still leaves."""
    context = new_context()
    page = context.new_page()
    held = []

    def hold(route):
        url = route.request.url
        if url.split("#")[0] == base_url + PROCEDURE or url.endswith("/assets/quick-exit.js") or EXIT_HOST in url:
            route.fallback()
        else:
            held.append(route)  # never answered while the test runs

    page.route("**/*", hold)
    page.goto(base_url + PROCEDURE, wait_until="commit")
    page.wait_for_selector("html[data-llr-exit-ready]", state="attached")
    assert held, "nothing else was requested, so nothing was held back"
    assert page.evaluate("document.readyState") == "loading"
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URL)
    assert context.recorder.exits == [EXIT_URL]
    for route in held:
        try:
            route.abort()
        except Exception:  # the page has gone: nothing left to answer
            pass


def test_another_key_or_shift_as_a_modifier_resets_the_count(new_context, base_url):
    context = new_context()
    page = context.new_page()
    page.goto(base_url + PROCEDURE)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("a")  # any other key: start again
    assert page.locator("a#llr-exit").get_attribute("data-presses") == "0"
    page.keyboard.press("Shift")
    page.keyboard.press("Shift+Tab")  # Shift used as a modifier is not a press
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url == base_url + PROCEDURE
    assert context.recorder.exits == []


def test_the_count_expires_after_five_seconds(new_context, base_url):
    context = new_context()
    page = context.new_page()
    page.clock.install()  # fake timers, so the test does not wait five real seconds
    page.goto(base_url + PROCEDURE)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.clock.run_for(5100)
    assert page.locator("#llr-exit-status").inner_text() == "Exit this page expired."
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url == base_url + PROCEDURE and context.recorder.exits == []


def test_without_javascript_exit_is_an_ordinary_link(new_context, base_url):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + PROCEDURE)
    assert page.locator("a#llr-exit").is_visible()
    page.locator("a#llr-exit").click()
    page.wait_for_url(EXIT_URL)
    assert context.recorder.exits == [EXIT_URL]
    assert EXIT_HOST in page.url


def test_exit_controls_never_print(page, base_url):
    page.goto(base_url + PROCEDURE)
    page.emulate_media(media="print")
    for selector in (".llr-bar", "a#llr-exit", ".llr-exit-skip", ".md-header", ".llr-search"):
        assert not page.locator(selector).first.is_visible(), selector
