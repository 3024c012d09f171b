"""Diagrams (hooks/diagrams.py): the mermaid flowchart subset read, put in words, drawn by Graphviz and
cached; errors at the fence's line; the built pages carry the picture and the words and no script."""
from __future__ import annotations

import re
import shutil

import pytest

import content
import diagrams
from diagrams import DiagramError, Edge
from fixture_site import ROOT, page
from model import Document

ALL_SYNTAX = """\
flowchart TD
    %% a comment
    A[You notice something] --> B{Immediate danger?}
    B -- Yes --> C["Call 999<br>then tell children's social care"]
    B -->|No| D(Talk to your lead)
    D -.-> E[Record it]
    D -. if it grows .-> F
    C --> D --> G;
"""


def test_every_supported_form_is_read():
    chart = diagrams.parse(ALL_SYNTAX)
    assert chart.direction == "TB"
    assert [(n.id, n.text, n.shape) for n in chart.nodes.values()] == [
        ("A", "You notice something", "box"), ("B", "Immediate danger?", "decision"),
        ("C", "Call 999\nthen tell children's social care", "box"), ("D", "Talk to your lead", "round"),
        ("E", "Record it", "box"), ("F", "F", "box"), ("G", "G", "box"),
    ]
    assert chart.edges == [
        Edge("A", "B"), Edge("B", "C", "Yes"), Edge("B", "D", "No"), Edge("D", "E", dotted=True),
        Edge("D", "F", "if it grows", dotted=True), Edge("C", "D"), Edge("D", "G"),
    ]
    assert diagrams.parse("graph LR\n  A --> B").direction == "LR"
    assert diagrams.parse('flowchart TD\n  A -- "Yes" --> B["x"]').edges == [Edge("A", "B", "Yes")]


@pytest.mark.parametrize("source, line, words", [
    ("sequenceDiagram\n  A->>B: hi", 0, "must start with `flowchart TD`"),
    ("flowchart BT\n  A --> B", 0, "direction 'BT' is not supported"),
    ("flowchart TD\n  A --> B\n  subgraph one", 2, "`subgraph` is not supported"),
    ("flowchart TD\n  A & B --> C", 1, "`&`"),
    ("flowchart TD\n  A ==> B", 1, "an arrow is written"),
    ("flowchart TD\n  A([Stadium]) --> B", 1, "shape is not supported"),
    ("flowchart TD\n\n  A[Not closed --> B", 2, "not closed"),
    ("flowchart TD\n  A[One] --> B\n  A[Two] --> C", 2, "second, different text"),
    ("flowchart TD\n  A[<b>bold</b>]", 1, "only <br> is allowed"),
    ("flowchart TD\n  A --> ", 1, "expected a node"),
    ("%% only a comment\n", 0, "empty"),
])
def test_what_is_not_supported_is_an_error_at_its_line_saying_what_is(source, line, words):
    with pytest.raises(DiagramError) as e:
        diagrams.parse(source)
    assert e.value.line == line
    assert words in e.value.message


def test_an_unsupported_diagram_is_a_problem_at_the_file_line_with_what_to_write(tmp_path):
    body = "Intro.\n\n```mermaid\nflowchart TD\n  A --> B\n  A ==> C\n```\n"
    doc = Document("procedures/x.md", {}, body=body, body_line=20)
    table, problems = diagrams.prepare([doc], tmp_path, draw_missing=False)
    assert table == {}
    assert [str(p) for p in problems] == [
        "procedures/x.md:25: error: this diagram cannot be read: cannot read '==> C': an arrow is written "
        f"-->, -- text -->, -->|text|, -.-> or -. text .->; {diagrams.SUPPORTED}"]


def test_the_steps_in_words_name_each_decisions_answers_and_where_they_lead():
    chart = diagrams.parse(ALL_SYNTAX)
    assert diagrams.steps(chart) == [
        ("You notice something", ["Next: step 2 (Immediate danger?)"]),
        ("Immediate danger?", ["If Yes: step 3 (Call 999, then tell children's social care)", "If No: step 4 (Talk to your lead)"]),
        ("Call 999, then tell children's social care", ["Next: step 4 (Talk to your lead)"]),
        ("Talk to your lead", ["Alongside: step 5 (Record it)", "If it grows: step 6 (F)", "Next: step 7 (G)"]),
        ("Record it", []), ("F", []), ("G", []),
    ]
    decision = diagrams.parse("flowchart TD\n  C{Level?} -->|Child in need| D\n  C -->|LADO referral| E")
    assert [w for _, ways in diagrams.steps(decision) for w in ways] == ["If child in need: step 2 (D)", "If LADO referral: step 3 (E)"]
    html = diagrams.steps_html(diagrams.parse('flowchart TD\n  A["Tom & <br>Jerry"] --> B'))
    assert html == '<ol class="llr-diagram__steps"><li>Tom &amp; Jerry<ul><li>Next: step 2 (B)</li></ul></li><li>B</li></ol>'


def test_the_graphviz_text_keeps_labels_shapes_and_dotted_lines():
    text = diagrams.to_dot(diagrams.parse('flowchart LR\n  A["Say "no" to a long label like this one"] -. step down .-> B{Why?}'), "TB")
    assert "rankdir=TB;" in text
    assert 'n0 [label="Say \\"no\\" to a long label\\nlike this one", shape=box];' in text
    assert 'n1 [label="Why?", shape=diamond' in text
    assert 'n0 -> n1 [label="step down", style="dashed"];' in text


def _no_dot(monkeypatch):
    monkeypatch.setattr(diagrams, "renderer", lambda: None)


def test_a_changed_diagram_without_graphviz_is_an_error_at_its_fence_and_a_cached_one_needs_no_graphviz(tmp_path, monkeypatch):
    _no_dot(monkeypatch)
    doc = Document("thresholds/t.md", {}, body="```mermaid\nflowchart LR\n  A --> B\n```\n", body_line=9)
    table, problems = diagrams.prepare([doc], tmp_path)
    assert len(problems) == 1 and problems[0].line == 9 and "Graphviz, which draws it, is not installed here" in problems[0].message
    assert "make diagrams" in problems[0].message
    assert diagrams.check([doc], tmp_path) == problems  # make check says so too
    chart = diagrams.parse("flowchart LR\n  A --> B")
    for direction in ("LR", "TB"):  # as if drawn before and committed
        (tmp_path / "diagrams").mkdir(exist_ok=True)
        diagrams.Cache(tmp_path).path(diagrams.key_of(chart, direction)).write_text('<svg width="50" height="20"></svg>\n')
    table, problems = diagrams.prepare([doc], tmp_path)
    assert problems == [] and set(table["flowchart LR\n  A --> B"].pictures) == {"LR", "TB"}


def test_the_cache_key_follows_what_is_drawn_not_how_the_source_is_spaced():
    one = diagrams.parse("flowchart TD\n  A --> B")
    two = diagrams.parse("flowchart TD\n\n      A   -->   B  ;\n")
    assert diagrams.key_of(one, "TB") == diagrams.key_of(two, "TB") != diagrams.key_of(one, "LR")
    assert diagrams.key_of(one, "TB") != diagrams.key_of(diagrams.parse("flowchart TD\n  A --> C"), "TB")


def test_every_diagram_of_the_manual_is_drawn_in_the_committed_cache_and_nothing_else_is(monkeypatch):
    _no_dot(monkeypatch)  # a machine without Graphviz builds the site from diagrams/
    manual = content.load(ROOT)
    table, problems = diagrams.prepare(manual.documents, ROOT)
    assert problems == [], "run `make diagrams` and commit diagrams/:\n" + "\n".join(map(str, problems))
    assert len(table) >= 5
    used = {k for r in table.values() for k in r.keys.values()}
    assert {p.stem for p in (ROOT / "diagrams").glob("*.svg")} == used, "run `make diagrams`: it removes drawings no page uses"


@pytest.mark.skipif(not shutil.which("dot"), reason="Graphviz is not installed (apt-get install graphviz)")
def test_graphviz_draws_a_plain_svg_that_a_strict_csp_allows_the_same_every_time():
    text = diagrams.to_dot(diagrams.parse(ALL_SYNTAX))
    svg = diagrams.draw(text)
    assert svg == diagrams.draw(text)
    assert svg.startswith("<svg ") and svg.rstrip().endswith("</svg>")
    for banned in ("style=", "<style", "<script", "<!--", "<title>", ' id="', "<?xml"):
        assert banned not in svg, banned
    assert re.search(r'<svg width="\d+" height="\d+"', svg)
    assert 'font-size="16.00"' in svg and "Immediate danger?" in svg and 'stroke-dasharray' in svg


def test_the_figure_has_the_picture_the_words_and_a_phone_view():
    wide = '<svg width="800" height="100"><text>x</text></svg>\n'
    tall = '<svg width="200" height="500"><text>x</text></svg>\n'
    lr = diagrams.parse("flowchart LR\n  A --> B")
    html = diagrams.figure(diagrams.Rendered(lr, {"LR": wide, "TB": tall}, {"LR": "k1", "TB": "k2"}), "../x.svg")
    assert html.count("<svg") == 2 and "llr-diagram__picture--narrow" in html and "llr-diagram__full" not in html
    assert 'role="img" aria-label="Flowchart. The same steps are listed in words below it."' in html
    assert '<ol class="llr-diagram__steps">' in html and "style=" not in html
    td = diagrams.parse("flowchart TD\n  A --> B")
    html = diagrams.figure(diagrams.Rendered(td, {"TB": wide}, {"TB": "k3"}), "../../assets/diagrams/k3.svg")
    assert html.count("<svg") == 1 and '<a href="../../assets/diagrams/k3.svg">Open the diagram at full size</a>' in html
    html = diagrams.figure(diagrams.Rendered(td, {"TB": tall}, {"TB": "k4"}), "x")
    assert "llr-diagram--fits" in html and "llr-diagram__full" not in html


def test_a_broken_diagram_stops_the_build_at_its_line(site):
    site.write("procedures/flow.md", page("flow", "Before.\n\n```mermaid\nflowchart TD\n  A --> B\n  click A call\n```\n"))
    result = site.build()
    assert result.returncode != 0
    line = next(i for i, text in enumerate((site.root / "procedures/flow.md").read_text().splitlines(), 1) if "click A" in text)
    assert f"procedures/flow.md:{line}: error: this diagram cannot be read: `click` is not supported" in result.stdout + result.stderr


def _diagram_pages():
    manual = content.load(ROOT)
    return [d for d in manual.documents if diagrams.fences(d.body)]


def test_the_built_pages_draw_each_diagram_with_its_words_and_ship_no_diagram_library(real_site):
    pages = _diagram_pages()
    assert len(pages) >= 5
    for doc in pages:
        html = (real_site / content.page_url(doc.path) / "index.html").read_text(encoding="utf-8")
        figures = re.findall(r'<figure class="llr-diagram.*?</figure>', html, re.S)
        assert len(figures) == len(diagrams.fences(doc.body)), doc.path
        for fig in figures:
            assert "<svg " in fig and '<ol class="llr-diagram__steps">' in fig, doc.path
            assert "style=" not in fig and "<script" not in fig and "flowchart" not in fig and "--&gt;" not in fig, doc.path
            for href in re.findall(r'<a href="([^"]+\.svg)"', fig):
                assert (real_site / content.page_url(doc.path) / href).resolve().is_file(), href
    for built in real_site.rglob("*.html"):
        text = built.read_text(encoding="utf-8")
        assert "mermaid.min.js" not in text and 'class="mermaid"' not in text, built
    assert not (real_site / "assets" / "vendor").exists()


def test_the_fence_formatter_links_the_full_size_picture_from_the_page_and_shows_a_mistake_when_serving(monkeypatch):
    source = "flowchart TD\n  A --> B"
    chart = diagrams.parse(source)
    wide = '<svg width="900" height="100"></svg>\n'
    monkeypatch.setattr(diagrams.Current, "table", {source: diagrams.Rendered(chart, {"TB": wide}, {"TB": "abc"})})
    monkeypatch.setattr(diagrams.Current, "page_url", "procedures/child-protection/")
    html = diagrams.fence(source, "mermaid", "llr-diagram", {}, None)
    assert '<a href="../../assets/diagrams/abc.svg">' in html and html.startswith('<figure class="llr-diagram">')
    broken = diagrams.fence("flowchart TD\n  A ==> B", "mermaid", "llr-diagram", {}, None)
    assert "This diagram cannot be drawn" in broken and "an arrow is written" in broken and "<svg" not in broken
