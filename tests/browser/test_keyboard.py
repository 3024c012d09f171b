"""Keyboard-only journeys, with focus visible at every step, and the search used by keyboard alone."""
from __future__ import annotations

import re

MAX_TABS = 150

# Is the focused element visibly focused, and not hidden under the sticky bars (WCAG 2.4.7, 2.4.11)?
FOCUS_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {ok: false, why: 'nothing focused', label: 'BODY', href: ''};
  // A hidden radio button (Material's colour switch) shows its focus on the label that follows it.
  let shown = el;
  const box = el.getBoundingClientRect();
  const next = el.nextElementSibling;
  if ((box.width < 2 || box.height < 2) && next && next.tagName === 'LABEL') shown = next;
  const s = getComputedStyle(shown);
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  const r = shown.getBoundingClientRect();
  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  const seen = !!top && (top === shown || shown.contains(top) || top.contains(shown));
  const label = el.tagName + ' ' + (el.getAttribute('href') || el.getAttribute('name') || '') + ' "' + (el.textContent || '').trim().slice(0, 30) + '"';
  return {ok: ring && seen, why: (ring ? '' : 'no focus indicator ') + (seen ? '' : 'covered by ' + (top && top.className)), label,
          href: el.href || ''};
}
"""


def _tab_until(page, wanted) -> list[str]:
    """Press Tab until wanted(focus) is true, checking at every step that focus can be seen."""
    steps = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_JS)
        if not focus["ok"]:  # let a closing animation (the search's fading overlay) finish, then look again
            page.wait_for_timeout(500)
            focus = page.evaluate(FOCUS_JS)
        steps.append(focus["label"])
        assert focus["ok"], f"step {len(steps)}: {focus['label']}: {focus['why']} (after {steps[-6:-1]})"
        if wanted(focus):
            return steps
    raise AssertionError(f"not reached in {MAX_TABS} presses of Tab: {steps}")


def test_keyboard_only_from_home_to_report_a_concern(page, base_url):
    page.goto(base_url)
    _tab_until(page, lambda f: f["href"] == base_url + "report-a-concern/")
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + "report-a-concern/")
    assert "concern" in page.locator("h1").inner_text().lower()


def test_keyboard_only_from_home_to_a_procedure(page, base_url):
    """Home, then the procedures section's page, then a procedure: the way a reader browses."""
    page.goto(base_url)
    for wanted in (re.compile(re.escape(base_url) + r"procedures/[^/]+/$"), re.compile(re.escape(base_url) + r"procedures/[^/]+/[^/]+/$")):
        _tab_until(page, lambda f: bool(wanted.match(f["href"])))
        target = page.evaluate("document.activeElement.href")
        page.keyboard.press("Enter")
        page.wait_for_url(target)
    assert page.locator("article .llr-meta").is_visible()  # a procedure, with its status and dates


def test_search_by_keyboard(page, base_url):
    """"/" opens the search from anywhere on the page; the arrows move through the results; Enter opens
    the one chosen; Escape closes the search and gives focus back to its button."""
    page.goto(base_url)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "llr-search-input"
    page.keyboard.press("Escape")
    assert page.locator("#llr-search-input").is_hidden()
    assert "llr-search__open" in page.evaluate("document.activeElement.className")
    page.keyboard.press("s")
    page.keyboard.type("strategy discussion")
    first = page.locator(".llr-search__link").first
    first.wait_for(state="visible")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    chosen = page.evaluate("document.activeElement.href")
    assert chosen == first.evaluate("a => a.href")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(chosen.split("#")[0])))
    assert "strategy" in page.locator("article").inner_text().lower()


def test_nothing_is_stored_until_the_reader_picks_a_colour_scheme(page, base_url):
    """Searching and reading store nothing; picking a colour scheme with the colour button stores that
    choice, and only that (docs/privacy.md says so). No cookie either way."""
    page.goto(base_url)
    page.locator(".llr-search__open").click()
    page.locator("#llr-search-input").fill("neglect")
    page.locator(".llr-search__link").first.wait_for()
    page.reload()
    assert page.evaluate("[Object.keys(localStorage), Object.keys(sessionStorage)]") == [[], []]
    page.locator("form[data-md-component='palette'] label:not([hidden])").first.click()
    page.reload()
    local = page.evaluate("Object.keys(localStorage)")
    assert [k.rsplit(".", 1)[-1] for k in local] == ["__palette"], local
    assert page.evaluate("Object.keys(sessionStorage)") == []
    assert page.context.cookies() == []


def test_search_leaves_no_words_in_the_address(page, base_url):
    """Opening a search result puts no query in the address (Material's search.highlight added ?h=...),
    so the words are in no history entry and no server log."""
    visited = []
    page.on("framenavigated", lambda frame: visited.append(frame.url) if frame == page.main_frame else None)
    page.goto(base_url)
    page.locator(".llr-search__open").click()
    page.locator("#llr-search-input").fill("domestic abuse")
    first = page.locator(".llr-search__link").first
    first.wait_for(state="visible")
    href = first.get_attribute("href")
    first.click()
    page.wait_for_url(lambda url: url.split("#")[0] != base_url)
    assert "?" not in href
    history = page.evaluate("[location.href, document.referrer, ...performance.getEntriesByType('navigation').map(e => e.name)]")
    assert all("?" not in url for url in visited + history), (visited, history)
