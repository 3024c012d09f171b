"""Material's palette stylesheet, as the site ships it: only the rules for the switching mark are gone."""
from pathlib import Path

import material

import theme


def material_palette() -> Path:
    found = list((Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("palette.*.min.css"))
    assert len(found) == 1, found
    return found[0]


def test_only_the_switching_rule_is_taken_out_of_materials_palette():
    original = material_palette().read_text(encoding="utf-8")
    # If this fails after an upgrade of Material, the rule has changed shape: look at theme.py again.
    assert "[data-md-color-switching] *" in original
    trimmed = theme.palette_css(original)
    assert "data-md-color-switching" not in trimmed
    removed = len(original) - len(trimmed)
    assert 0 < removed < 200, removed
    assert trimmed.count("{") == original.count("{") - 1


def test_the_built_site_ships_the_trimmed_palette_under_materials_name(real_site):
    built = real_site / "assets" / "stylesheets" / material_palette().name
    assert built.read_text(encoding="utf-8") == theme.palette_css(material_palette().read_text(encoding="utf-8"))
    page = (real_site / "index.html").read_text(encoding="utf-8")
    assert f"assets/stylesheets/{built.name}" in page


def test_tables_arrive_in_the_wrappers_materials_script_puts_them_in():
    wrapped = theme.WRAP + "<table><tr><td>a</td></tr></table></div></div>"
    assert theme.tables("<p>x</p><table><tr><td>a</td></tr></table>") == "<p>x</p>" + wrapped + theme.TABLES_END
    # A table with a class is not Material's to wrap (its script looks for table:not([class])).
    assert theme.tables('<table class="x"><tr><td>a</td></tr></table>') == '<table class="x"><tr><td>a</td></tr></table>' + theme.TABLES_END
    # Nested: each wrapped table is closed where it ends; the mark follows the outer one.
    nested = theme.tables("<table><tr><td><table><tr><td>b</td></tr></table></td></tr></table><p>after</p>")
    assert nested.count(theme.WRAP) == 2 and nested.endswith("</table></div></div></td></tr></table></div></div>" + theme.TABLES_END + "<p>after</p>")


def test_the_first_paint_waits_only_for_tables_that_are_on_show():
    closed = "<details><summary>Version history</summary><table><tr><td>1.0</td></tr></table></details>"
    assert theme.TABLES_END not in theme.tables(closed)
    shown = theme.tables("<table><tr><td>a</td></tr></table><p>b</p>" + closed)
    assert shown.index(theme.TABLES_END) < shown.index("<p>b</p>")
    opened = theme.tables('<details open><summary>s</summary><table><tr><td>a</td></tr></table></details>')
    assert opened.endswith(theme.TABLES_END + "</details>")
    assert theme.TABLES_END not in theme.tables("<p>no tables</p>")
    assert theme.tables("<p>a stray</table> close</p>") == "<p>a stray</table> close</p>"


def test_pages_with_a_table_on_show_wait_for_it_before_their_first_paint(real_site):
    page = (real_site / "editors" / "front-matter" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="expect" href="#llr-tables-end" blocking="render">' in page and page.count(theme.TABLES_END) == 1
    assert page.count('<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table>') == page.count("<table>")
    home = (real_site / "index.html").read_text(encoding="utf-8")
    assert "llr-tables-end" not in home
