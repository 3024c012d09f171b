"""Quick exit ("Exit this page") and the route to help, in a real browser.

The neutral site is never fetched: the conftest answers it locally and records the navigation.
"""
from __future__ import annotations

from browserkit import EXIT_HOST, EXIT_URL, MOBILE

PROCEDURE = "procedures/specific-circumstances/domestic-abuse/"

# Records, in the page, whether the content was hidden before the browser left it: the check runs at
# `pagehide`, which fires after the exit was triggered and before the neutral site replaces the page.
WATCH_HIDING = """
window.addEventListener('pagehide', () => {
  const article = document.querySelector('article');
  const overlay = document.querySelector('.llr-exit-overlay');
  const r = overlay && overlay.getBoundingClientRect();
  sessionStorage.setItem('llr-test-hidden', JSON.stringify({
    contentHidden: getComputedStyle(article).visibility === 'hidden',
    overlayCovers: !!r && r.width >= innerWidth && r.height >= innerHeight,
  }));
});
"""


def _hidden_before_leaving(page) -> dict:
    """After the exit: go back and read what the page recorded as it left."""
    page.go_back(wait_until="load")
    import json

    return json.loads(page.evaluate("sessionStorage.getItem('llr-test-hidden') || 'null'") or "null")


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
    for _ in range(4):
        page.keyboard.press("Tab")
        names.append(page.evaluate("[document.activeElement.classList[0], document.activeElement.textContent.trim()]"))
    assert names[0][0] == "md-skip"  # Material's "Skip to content"
    assert names[1] == ["llr-exit-skip", "Exit this page"]  # the secondary skip link: it exits
    # Then the bar, in reading order: the help link on the left, the exit button on the right.
    assert names[2] == ["llr-bar__help", "Worried about a child?"]
    assert names[3] == ["llr-exit", "Emergency Exit this page"]
    # The secondary skip link is on screen once focused.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    box = page.locator(".llr-exit-skip").bounding_box()
    assert box["y"] >= 0 and box["width"] > 24


def test_clicking_exit_hides_the_page_at_once_then_leaves(new_context, base_url):
    context = new_context()
    page = context.new_page()
    page.goto(base_url + PROCEDURE)
    page.evaluate(WATCH_HIDING)
    page.locator("a#llr-exit").click()
    page.wait_for_url(EXIT_URL)
    assert context.recorder.exits == [EXIT_URL]
    assert page.locator("h1").inner_text().startswith("Weather")
    assert _hidden_before_leaving(page) == {"contentHidden": True, "overlayCovers": True}


def test_back_after_exit_clears_the_overlay(new_context, base_url):
    page = new_context().new_page()
    page.goto(base_url + PROCEDURE)
    page.locator("a#llr-exit").click()
    page.wait_for_url(EXIT_URL)
    page.go_back(wait_until="load")
    assert page.url == base_url + PROCEDURE
    assert page.locator(".llr-exit-overlay").count() == 0
    assert page.evaluate("document.documentElement.classList.contains('llr-exiting')") is False
    assert page.locator("article h1").is_visible()


def test_shift_three_times_exits_with_announcements(new_context, base_url):
    context = new_context()
    page = context.new_page()
    page.goto(base_url + PROCEDURE)
    page.evaluate(WATCH_HIDING)
    status = page.locator("#llr-exit-status")
    assert status.get_attribute("role") == "status"
    page.keyboard.press("Shift")
    assert status.inner_text() == "Shift, press 2 more times to exit."
    assert page.locator("a#llr-exit").get_attribute("data-presses") == "1"
    page.keyboard.press("Shift")
    assert status.inner_text() == "Shift, press 1 more time to exit."
    page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URL)
    assert context.recorder.exits == [EXIT_URL]
    assert _hidden_before_leaving(page) == {"contentHidden": True, "overlayCovers": True}


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
    for selector in (".llr-bar", "a#llr-exit", ".llr-exit-skip", ".md-header", ".md-search"):
        assert not page.locator(selector).first.is_visible(), selector
