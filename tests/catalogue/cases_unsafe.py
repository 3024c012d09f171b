"""Unsafe content (issue 13, point 1): each payload is refused at its line with one message, and its
marker never reaches site/. The first line of defence (hooks/safehtml.py check_page, in `make check`
and the build) catches each of these; tests/test_safehtml.py proves the rendered-HTML check catches
them too when the source check is bypassed."""
from catalogue.case import Case
from fixture_site import FRONT, page

BODY = 17  # the first body line of fixture_site.page() without extra fields
P = "procedures/a.md"


def body(name: str, text: str, line: int, piece: str, marker: str) -> Case:
    """A payload in the body of procedures/a.md, reported at BODY + line."""
    return Case(name, "unsafe", files={P: page("a", text)}, expect=(P, BODY + line, piece), forbidden=(marker,))


def front(name: str, replace: tuple[str, str], line: int, piece: str, marker: str, extra: str = "") -> Case:
    """A payload in a front-matter value of procedures/a.md."""
    text = page("a", "Text.\n", extra=extra).replace(*replace, 1)
    return Case(name, "unsafe", files={P: text}, expect=(P, line, piece), forbidden=(marker,))


CONTACT = """\
- id: city-duty
  name: City duty team
  phones:
    - number: "0116 000 0000"
  last_verified: 2026-02-01
  source: https://www.leicester.gov.uk/
{extra}"""


def contact(name: str, extra: str, piece: str, marker: str) -> Case:
    return Case(name, "unsafe", files={"data/contacts.yml": CONTACT.format(extra=extra), P: page("a", "Call [[phone: city-duty]].\n")},
                expect=("data/contacts.yml", 1, piece), forbidden=(marker,))


CASES = [
    # Elements that run script, load from other hosts, or send information away.
    body("script-tag", '<script>alert("h13-script")</script>\n', 0, "`<script>` is not allowed", "h13-script"),
    body("script-uppercase-src", 'Text.\n\n<SCRIPT SRC="//evil.example/h13-upper.js"></SCRIPT>\n', 2, "`<script>` is not allowed", "h13-upper"),
    body("iframe", '<iframe src="https://evil.example/h13-iframe"></iframe>\n', 0, "link to the video", "h13-iframe"),
    body("iframe-srcdoc", '<iframe srcdoc="&lt;script&gt;h13srcdoc()&lt;/script&gt;"></iframe>\n', 0, "`<iframe>` is not allowed", "h13srcdoc"),
    body("object-data", '<object data="https://evil.example/h13-object.swf"></object>\n', 0, "`<object>` is not allowed", "h13-object"),
    body("embed", '<embed src="https://evil.example/h13-embed.swf">\n', 0, "`<embed>` is not allowed", "h13-embed"),
    body("form-action", '<form action="https://evil.example/h13-form">\n<input name="q">\n<button>Send</button>\n</form>\n', 0, "`<form>` is not allowed", "h13-form"),
    body("button-formaction", 'Text.\n\n<button formaction="https://evil.example/h13-button">Go</button>\n', 2, "`<button>` is not allowed", "h13-button"),
    body("input-image", '<input type="image" src="https://evil.example/h13-input.png">\n', 0, "`<input>` is not allowed", "h13-input"),
    body("style-block", "<style>body { background: url(https://evil.example/h13-style.png) }</style>\n", 0, "`<style>` is not allowed", "h13-style"),
    body("style-attribute-url", '<p style="background:url(https://evil.example/h13-styleattr.png)">Hello</p>\n', 0, "url()", "h13-styleattr"),
    body("meta-refresh", '<meta http-equiv="refresh" content="0; url=https://evil.example/h13-meta">\n', 0, "`<meta>` is not allowed", "h13-meta"),
    body("base-href", '<base href="https://evil.example/h13-base/">\n', 0, "`<base>` is not allowed", "h13-base"),
    body("link-stylesheet", '<link rel="stylesheet" href="https://evil.example/h13-link.css">\n', 0, "`<link>` is not allowed", "h13-link"),
    body("svg-onload", "<svg onload=\"alert('h13-svg')\"><circle r=\"4\"/></svg>\n", 0, "`<svg>` is not allowed", "h13-svg"),
    body("math", "<math><mi>h13math</mi></math>\n", 0, "`<math>` is not allowed", "h13math"),
    body("template", "<template><img src=x onerror=\"h13tpl()\"></template>\n", 0, "`<template>` is not allowed", "h13tpl"),
    body("video-poster", '<video poster="https://other.example/h13-poster.png" controls></video>\n', 0, "`<video>` is not allowed", "h13-poster"),
    # Event handlers, on allowed elements and through attr_list and md_in_html.
    body("img-onerror", "<img src=x onerror=\"alert('h13-onerror')\">\n", 0, "`onerror` is not allowed", "h13-onerror"),
    body("details-ontoggle", "<details open ontoggle=\"h13toggle()\"><summary>More</summary>Text</details>\n", 0, "`ontoggle` is not allowed", "h13toggle"),
    body("a-onclick", '<a href="https://www.nspcc.org.uk/" onclick="h13onclick()">NSPCC</a>\n', 0, "`onclick` is not allowed", "h13onclick"),
    body("attr-list-heading", 'Text.\n\n## When to act {onclick="h13heading()"}\n\nMore.\n', 2, "`onclick` is not allowed", "h13heading"),
    body("attr-list-paragraph", 'A paragraph.\n{: onclick="h13para()" }\n', 1, "`onclick` is not allowed", "h13para"),
    body("attr-list-link", 'See [the NSPCC](https://www.nspcc.org.uk/){onmouseover="h13hover()"}.\n', 0, "`onmouseover` is not allowed", "h13hover"),
    body("md-in-html-onclick", '<div markdown onclick="h13mdhtml()">\n\nSome **text**.\n\n</div>\n', 0, "`onclick` is not allowed", "h13mdhtml"),
    # Links that run script, whatever their spelling.
    body("a-href-entity-javascript", "<a href=\"&#106;avascript:h13entity()\">x</a>\n", 0, "`javascript:` links are not allowed", "h13entity"),
    body("a-href-spaces-case", '<a href="  JaVaScRiPt:h13case()">x</a>\n', 0, "`javascript:` links are not allowed", "h13case"),
    body("a-href-tab-entity", '<a href="java&#x09;script:h13tab()">x</a>\n', 0, "`javascript:` links are not allowed", "h13tab"),
    body("markdown-javascript-link", "Text.\n\n[Click](javascript:h13mdjs())\n", 2, "`javascript:` links are not allowed", "h13mdjs"),
    body("markdown-entity-javascript-link", "[Click](&#x6A;avascript:h13mdent())\n", 0, "`javascript:` links are not allowed", "h13mdent"),
    body("reference-javascript", "Read [the guide][guide].\n\n[guide]: javascript:h13ref()\n", 0, "`javascript:` links are not allowed", "h13ref"),
    body("autolink-javascript", "Go to <javascript:h13auto()>.\n", 0, "`javascript:` links are not allowed", "h13auto"),
    body("vbscript-link", "[Click](vbscript:h13vbs)\n", 0, "`vbscript:` links are not allowed", "h13vbs"),
    body("data-html-link", "[Open](data:text/html;base64,aDEzZGF0YQ==)\n", 0, "`data:` links are not allowed", "aDEzZGF0YQ"),
    # Anything loaded from another host, or from a data: URL.
    body("image-other-host", "![A pixel](https://other.example/h13-pixel.png)\n", 0, "images must be stored in this site", "h13-pixel"),
    body("image-protocol-relative", "![A pixel](//other.example/h13-proto.png)\n", 0, "images must be stored in this site", "h13-proto"),
    body("image-data-url", "![A dot](data:image/png;base64,aDEzZG90)\n", 0, "`data:` images are not allowed", "aDEzZG90"),
    body("html-img-other-host", '<img src="https://other.example/h13-img.png" alt="x">\n', 0, "images must be stored in this site", "h13-img"),
    body("img-srcset", '<img srcset="https://other.example/h13-srcset.png 2x" alt="x">\n', 0, "`srcset` is not allowed", "h13-srcset"),
    body("audio-src", '<audio src="https://other.example/h13-audio.mp3" controls></audio>\n', 0, "`<audio>` is not allowed", "h13-audio"),
    body("a-href-data", '<a href="data:text/html,&lt;script&gt;h13adata()&lt;/script&gt;">Open</a>\n', 0, "`data:` links are not allowed", "h13adata"),
    body("img-src-javascript", '<img src="javascript:h13imgjs()" alt="x">\n', 0, "`javascript:` is not allowed", "h13imgjs"),
    # Script hidden in a table cell, an admonition and a collapsible block.
    body("script-in-table-cell", "| Step | What |\n|---|---|\n| 1 | <script>h13cell()</script> |\n", 2, "`<script>` is not allowed", "h13cell"),
    body("script-in-admonition", '!!! note "Note"\n    <script>h13adm()</script>\n', 1, "`<script>` is not allowed", "h13adm"),
    body("script-in-details", '??? note "More"\n\n    <script>h13det()</script>\n', 2, "`<script>` is not allowed", "h13det"),
    # Markup browsers read differently from a simple parser: the script would run.
    body("comment-closed-early", "Text.\n\n<!--><script>h13cmt()</script>-->\n", 2, "read by browsers differently", "h13cmt"),
    body("comment-bang-close", "<!-- a note --!><img src=x onerror=h13bang()> -->\n", 0, "read by browsers differently", "h13bang"),
    # Front matter shown on pages: plain text only.
    front("title-html", ("title: A\n", "title: A <img src=x onerror=h13title()>\n"), 3, "write the title as plain text", "h13title"),
    front("change-summary-html", ("summary: First version.", "summary: First <script>h13summary()</script> version."), 15, "HTML is not allowed in `summary`", "h13summary"),
    front("approved-by-html", ("", ""), 16, "HTML is not allowed in `approved_by`", "h13approved", extra="approved_by: <b onclick=h13approved()>Group</b>\n"),
    Case("section-title-html", "unsafe", files={"procedures/x/_section.yml": "title: Section <i onmouseover=h13sect()>x</i>\n", "procedures/x/a.md": page("a", "Text.\n")},
         expect=("procedures/x/_section.yml", 1, "write the title as plain text"), forbidden=("h13sect",)),
    Case("glossary-definition-html", "unsafe", files={"data/glossary.yml": "- term: Designated officer\n  abbr: LADO\n  definition: The <script>h13gloss()</script> officer.\n",
                                                      P: page("a", "The LADO decides.\n")},
         expect=("data/glossary.yml", 1, "HTML is not allowed in `definition`"), forbidden=("h13gloss",)),
    # data/contacts.yml: a website that runs script, an email that is not one.
    contact("contact-javascript-website", "  website: javascript:h13site()\n", "must be a full secure address", "h13site"),
    contact("contact-bad-email", '  email: "h13mail <x@y>"\n', "does not look like an email address", "h13mail"),
]
