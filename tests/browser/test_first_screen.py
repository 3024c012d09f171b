"""Report a concern on a phone: the first screen, with no scrolling, holds the 999 instruction and the
three councils' numbers (Leicester, Leicestershire, Rutland), each a tap target of at least 44 x 44 px
(WCAG 2.5.5), none overlapping, none covered by the sticky bars. Then the page goes on in the order a
frightened reader needs: not sure which council, what happens when you call, staying safe."""
from __future__ import annotations

import pytest

PAGE = "report-a-concern/"

# The tap targets of the first screen (each row's main number: a number in the text of a row, such as
# Rutland's out-of-hours one, is a link in a sentence), in reading order, with where each is, whether it is the element
# at its own centre (not under the sticky bar), and the text of the row it is in.
TARGETS_JS = """
() => [...document.querySelectorAll(['.llr-urgent', '.llr-council'].map(row => `article ${row} .llr-contact > p:nth-child(2) .llr-phone`).join(', '))].map(a => {
  const r = a.getBoundingClientRect();
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  const row = a.closest('.llr-urgent, .llr-council');
  return {href: a.getAttribute('href'), x: r.left, y: r.top, width: r.width, height: r.height,
          onTop: !!top && (top === a || a.contains(top)), row: row.innerText.replace(/\\s+/g, ' ').trim()};
})
"""


@pytest.mark.parametrize("width,height", [(390, 844), (320, 640)])
def test_the_first_screen_is_999_and_the_three_councils_numbers(new_context, base_url, width, height):
    page = new_context(viewport={"width": width, "height": height}).new_page()
    page.goto(base_url + PAGE)
    targets = page.evaluate(TARGETS_JS)
    assert [t["href"] for t in targets] == ["tel:999", "tel:01164541004", "tel:01163050005", "tel:01572758407"]
    assert "danger" in targets[0]["row"] and "police" in targets[0]["row"]
    for t, place in zip(targets[1:], ("Leicester", "Leicestershire", "Rutland")):
        assert t["row"].startswith(place), t["row"]
    for t in targets:
        assert t["width"] >= 44 and t["height"] >= 44, t
        assert t["x"] >= 0 and t["x"] + t["width"] <= width and t["y"] >= 0 and t["y"] + t["height"] <= height, (width, height, t)
        assert t["onTop"], t
    for i, a in enumerate(targets):
        for b in targets[i + 1:]:
            apart = a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"] or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]
            assert apart, (a, b)
    assert page.evaluate("scrollY") == 0


def test_the_page_goes_on_in_the_order_a_worried_reader_needs(page, base_url):
    page.goto(base_url + PAGE)
    headings = [h.replace("¶", "").strip() for h in page.locator("article h2").all_inner_texts()]
    order = ["Not sure which council?", "What happens when you call", "Staying safe while you use this site"]
    assert [h for h in headings if h in order] == order
    assert headings.index(order[0]) == 0  # nothing between the numbers and "not sure which council"


def test_each_number_has_one_card_on_the_page(page, base_url):
    """A council's card once, however many times its number is mentioned in the text."""
    page.goto(base_url + PAGE)
    mains = page.evaluate("[...document.querySelectorAll('article .llr-contact')].map(c => c.querySelector('.llr-phone')?.getAttribute('href')).filter(Boolean)")
    assert len(mains) == len(set(mains)), mains
