"""Material's own files as the site ships them, with one rule taken out of its palette stylesheet.

Material marks the page `data-md-color-switching` while it applies a colour scheme, and its palette
stylesheet turns off every transition on every element while that mark is there
(`[data-md-color-switching] *`). It applies the scheme on every page load, not only when a reader
switches, so the mark comes and goes once per page; a rule on all of the page's elements makes the browser
work out the style of the whole page again each time, which on a long page (the glossary) is about a
tenth of a slow phone's work before it can be used (bench/pages.py).

The rule can go because the page already has its scheme before it is first painted
(docs/overrides/partials/llr-palette.html), so Material's setting on load changes nothing. Without that
script, a dark device's page would start light and its link colours would still be fading when read
(tests/browser/test_colour_scheme.py, and the dark sweeps' colour contrast). A reader who switches the
scheme sees link colours fade for an eighth of a second; nothing else changes.
"""
from __future__ import annotations

import re

from mkdocs.structure.files import File, Files

PALETTE = re.compile(r"assets/stylesheets/palette\.[0-9a-f]+\.min\.css")
SWITCHING = re.compile(r"\[data-md-color-switching\][^{}]*\{[^{}]*\}")


def palette_css(text: str) -> str:
    """Material's palette stylesheet without its rules for the switching mark."""
    return SWITCHING.sub("", text)


def trim(files: Files, config) -> None:
    """Put the trimmed palette stylesheet in place of Material's (in on_files, so `serve` has it too)."""
    for f in [f for f in files if PALETTE.fullmatch(f.src_uri)]:
        files.remove(f)
        files.append(File.generated(config, f.src_uri, content=palette_css(f.content_string)))
