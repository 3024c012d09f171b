"""hooks/safehtml.py: the allow-list, its check of the source, and the rendered-HTML guarantee behind it."""
from __future__ import annotations

import os
import subprocess
import sys

import markdown
import pytest
import yaml

import render
import safehtml
from catalogue import cases_unsafe
from fixture_site import ROOT, page
from model import Document


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: __import__("pymdownx.superfences", fromlist=["x"]).fence_code_format)


def site_markdown() -> markdown.Markdown:
    """Markdown with exactly the extensions (and options) of mkdocs.yml."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    names, options = [], {}
    for item in config["markdown_extensions"]:
        name, opts = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        options[name] = opts or {}
    return markdown.Markdown(extensions=names, extension_configs=options)


def doc(body: str, first_line: int = 17) -> Document:
    return Document("procedures/a.md", {"title": "A"}, {("title",): 3}, body, first_line)


def rendered_problems(body: str) -> tuple[str, list]:
    """The rendered-HTML guarantee alone, on what the site's Markdown makes of `body`."""
    return safehtml.check_rendered(doc(body), site_markdown().convert(body))


ALLOWED = """\
Text with **bold**, *emphasis*, `code`, a [relative link](../b.md#part), a [section](#part),
[a website](https://www.nspcc.org.uk/), [email](mailto:help@example.org), [phone](tel:01164541004)
and an image ![A diagram](../assets/diagram.png){width=200}. The LADO decides.

## Part {#part .special}

| Left | Centre | Right |
|:-----|:------:|------:|
| 1    | 2      | 3     |

!!! note "Remember"
    An admonition.

??? info "More detail"
    A collapsible block.

<details markdown="1" open>
<summary>Raw details</summary>

Inside, with <abbr title="Local Authority Designated Officer">LADO</abbr>.<br>
<sup>1</sup> <sub>2</sub> <kbd>Ctrl</kbd>

</details>

<div class="grid" markdown>
A paragraph in **md_in_html**.
</div>

<table><tr><th scope="col" colspan="2">Wide</th></tr><tr><td rowspan="2">a</td><td>b</td></tr></table>

```mermaid
graph TD
  A["Level 1<br>Universal"] --> B
```

A paragraph with an id.
{: #para-id .note lang="en" title="A note" }

*[LADO]: Local Authority Designated Officer
"""


def test_allowed_content_passes_both_lines_of_defence():
    assert safehtml.check_page(doc(ALLOWED)) == []
    html = site_markdown().convert(ALLOWED)
    cleaned, problems = safehtml.check_rendered(doc(ALLOWED), html)
    assert problems == []
    assert 'href="tel:01164541004"' in cleaned and "<abbr title=" in cleaned
    assert 'style="text-align:center"' in cleaned  # the tables extension's alignment survives


def test_our_own_blocks_are_allowed():
    meta = {"title": "A & B", "status": "draft", "version": "1.0", "owner": "Policy and Procedures Group", "review_due": "2027-01-10",
            "changes": [{"version": "1.0", "date": "2026-01-10", "summary": "First."}]}
    d = Document("procedures/a.md", meta, {}, "", 17)
    blocks = render.title(d) + render.header(d, render.overdue_banner(d, True)) + render.footer(d, [d], [d], [d])
    assert "llr-overdue" in blocks and "<script" not in blocks  # assets/llr-page.js shows the banner later
    _, problems = safehtml.check_rendered(d, blocks, "lists")
    assert problems == []


def test_harmless_serialisation_differences_are_not_differences():
    assert safehtml.differences('<p class="a" id="b">x &para;<br/></p>', "<p id=b class='a'>x ¶<br></p>") == []
    assert safehtml.differences("<table><tr><td>a</td></tr></table>", safehtml.sanitise("<table><tr><td>a</td></tr></table>")) == []
    assert safehtml.differences('<td style="text-align: left;">a</td>', '<td style="text-align:left">a</td>') == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "  JaVaScRiPt:alert(1)", "&#106;avascript:x", "java&#x09;script:x", "java\nscript:x",
                                 "&amp;#106;avascript:x", "vbscript:x", "data:text/html,x", "file:///etc/passwd"])
def test_links_that_are_refused(url):
    assert safehtml.link_problem(url)


@pytest.mark.parametrize("url", ["../b.md", "b.md#part", "#part", "https://www.nspcc.org.uk/", "http://example.org", "mailto:a@b.org", "tel:0116", "./", ""])
def test_links_that_are_allowed(url):
    assert safehtml.link_problem(url) is None


@pytest.mark.parametrize("url", ["https://other.example/p.png", "//other.example/p.png", "\\\\other.example/p.png", "data:image/png;base64,AAAA", "javascript:x"])
def test_images_must_be_stored_in_this_site(url):
    assert safehtml.resource_problem(url)
    assert safehtml.resource_problem("../assets/p.png") is None


def test_attributes():
    assert "pages cannot run script" in safehtml.attribute_problem("p", "OnClick", "x()")
    assert safehtml.attribute_problem("td", "style", "text-align: right") is None
    assert "url()" in safehtml.attribute_problem("td", "style", "text-align: right; background: url(https://x/y.png)")
    assert safehtml.attribute_problem("p", "style", "color: red")
    assert safehtml.attribute_problem(None, "id", "x") is None
    assert safehtml.attribute_problem("img", "srcset", "https://x/y.png 2x")


def test_the_source_check_names_the_line_and_what_to_write():
    problems = safehtml.check_page(doc("Fine.\n\n<iframe src=\"https://youtube.example/v\"></iframe>\n\n[x](javascript:go())\n"))
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(19, "`<iframe>` is not allowed"), (21, "`javascript")]
    assert "[Watch the video](https://...)" in problems[0].message


def test_code_is_not_html():
    text = "Write `<script>` like this.\n\n```html\n<script>alert(1)</script>\n```\n"
    assert safehtml.check_page(doc(text)) == []


def test_front_matter_values_are_plain_text():
    d = Document("procedures/a.md", {"title": "A <b>bold</b> title", "owner": "Policy and Procedures Group",
                                     "changes": [{"summary": "Fine."}, {"summary": "Not <script>x</script> fine."}]},
                 {("title",): 3, ("changes", 1, "summary"): 20}, "", 30)
    problems = safehtml.check_front_matter(d)
    assert [(p.line, "plain text" in p.message) for p in problems] == [(3, True), (20, True)]
    assert "write the title as plain text" in problems[0].message


def test_contacts():
    contacts = {"a": {"id": "a", "name": "A", "website": "javascript:alert(1)", "email": "a@b.org"},
                "b": {"id": "b", "name": "B", "website": "https://www.example.gov.uk/", "email": "not an address"},
                "c": {"id": "c", "name": "C <img src=x>", "website": "www.example.gov.uk"}}
    problems = safehtml.check_contacts(contacts, {"a": 1, "b": 5, "c": 9})
    assert [(p.line, p.message.split(" of ")[0]) for p in sorted(problems)] == [(5, "the email"), (9, "HTML is not allowed in `name`: write it as plain text, without <...> tags")]


BODY_CASES = [c for c in cases_unsafe.CASES if c.expect[0] == "procedures/a.md" and c.expect[1] >= cases_unsafe.BODY]


@pytest.mark.parametrize("case", BODY_CASES, ids=lambda c: c.name)
def test_the_rendered_check_catches_every_payload_the_source_check_would(case):
    """The second line of defence on its own (the source check bypassed): every body payload of the
    catalogue is an error at its line once rendered, and its marker is gone from what is published."""
    body = case.files["procedures/a.md"].split("---\n", 2)[2]
    cleaned, problems = rendered_problems(body)
    assert problems, f"the sanitiser changed nothing in {cleaned!r}"
    assert all("would hold something unsafe" in p.message for p in problems)
    lines = body.split("\n")
    near = {p.line for p in problems if p.line == case.expect[1] or any(m in lines[p.line - 17] for m in case.forbidden)}
    assert near, [(p.line, p.message) for p in problems]  # the payload's line (a reference link: its definition)
    for marker in case.forbidden:
        assert marker not in cleaned


def test_a_tag_written_over_several_lines_is_caught_by_both():
    body = 'Text.\n\n<p class="x"\n   onclick="h13()">x</p>\n'
    assert [p.line for p in safehtml.check_page(doc(body))] == [19]
    cleaned, problems = rendered_problems(body)
    assert [p.line for p in problems] == [20] and "h13" not in cleaned  # the nearest line: where onclick is written


def test_the_build_stops_on_the_rendered_check_alone(site):
    """With the source check switched off, the build still stops at the page's line, and the payload
    never reaches the site."""
    site.write("procedures/a.md", page("a", 'Text.\n\n<div markdown onclick="h13route()">\n\nSome **text**.\n\n</div>\n'))
    out = site.root / "out"
    code = (f"import sys; sys.path.insert(0, {str(ROOT / 'hooks')!r}); import safehtml; safehtml.check_page = lambda doc: []; "
            f"from mkdocs.__main__ import cli; cli(['build', '--strict', '-q', '-f', {str(site.root / 'mkdocs.yml')!r}, '-d', {str(out)!r}])")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1773000000", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-c", code], cwd=site.root, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode != 0
    assert "procedures/a.md:19: error: the published page would hold something unsafe: `onclick` is not allowed" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    for f in out.rglob("*") if out.is_dir() else []:
        if f.is_file():
            assert b"h13route" not in f.read_bytes(), f
