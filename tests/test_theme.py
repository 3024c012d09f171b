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
