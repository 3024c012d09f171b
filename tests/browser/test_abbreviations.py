"""Glossary abbreviations show their meaning on hover (title) and on keyboard focus."""

PAGE = "procedures/child-protection/allegations-against-staff-lado/"


def test_an_abbreviation_shows_its_meaning_on_focus(page, base_url):
    page.goto(base_url + PAGE)
    first = page.locator("article abbr", has_text="LADO").first
    title = first.get_attribute("title")
    assert title and first.get_attribute("tabindex") == "0"
    assert page.locator("article abbr[tabindex]", has_text="LADO").count() == 1  # one tab stop, not one per use
    first.focus()
    shown = first.evaluate("el => getComputedStyle(el, '::after').content")
    assert title in shown
