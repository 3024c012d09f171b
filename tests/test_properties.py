"""Property-based tests (Hypothesis): for generated input, the front-matter loader, the file reader, the
date parser, the include parser and the link resolver each return a result or problems, never raise,
and finish quickly (issue 13, point 2)."""
from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import balance
import content
import dates
import frontmatter
import includes
import model
import paths
import scan
import textfile
import xrefs
from fixture_site import page

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SECONDS = 2.0  # for one example; a real page takes a few milliseconds


def quickly(call, *args):
    start = time.perf_counter()
    result = call(*args)
    assert time.perf_counter() - start < SECONDS, f"{call.__name__} took too long"
    return result


# Pieces YAML and Markdown give meaning to, so that generated text reaches the parsers' corners.
YAML_BITS = st.sampled_from(["---", "...", ":", ": ", "- ", "\n", "  ", "\t", '"', "'", "[", "]", "{", "}", ",", "&a", "*a", "!!str", "!x", "|", ">", "#", "?", "%YAML", "@", "`",
                             "id", "title", "yes", "null", "~", "1", "1.0", "2026-02-30", "\\", "\x00", "\x85", "\ufeff", "é", "<<"])
MD_BITS = st.sampled_from(["[[", "]]", "[", "]", "(", ")", "{{", "}}", "{#x}", ":", " ", "\n", "phone", "contact", "Phone", "question", "|", "who:", "glossary", "x-y", "`", "```",
                           "~~~", "#", "## ", "<div>", "</div>", "<!--", "-->", "<span>", "</span>", "<details markdown>", "<a href='x.md'>", "</a>", "<", ">", "&", "*", "_", "!",
                           "../", "a.md", "#h", "https://", "mailto:", "%2e", "\\", "\t", "\x00", "é"])


def texts(bits):
    return st.lists(st.one_of(bits, st.text(max_size=8)), max_size=60).map("".join)


@SETTINGS
@given(texts(YAML_BITS), texts(MD_BITS))
def test_the_front_matter_loader_returns_fields_or_a_problem(yaml_text, body):
    for text in ("---\n" + yaml_text + "\n---\n" + body, yaml_text):
        try:
            parsed = quickly(frontmatter.parse, text)
        except frontmatter.FrontMatterError as e:
            assert isinstance(e.line, int) and e.line >= 1 and e.message
        else:
            assert isinstance(parsed.data, dict) and all(isinstance(k, str) for k in parsed.data)
            meta = model.Document("procedures/a.md", parsed.data, parsed.lines, parsed.body, parsed.body_line)
            for problem in quickly(model.validate, meta, ("Policy and Procedures Group",)):
                assert problem.line >= 1


@SETTINGS
@given(texts(YAML_BITS))
def test_a_data_file_is_read_or_refused_with_a_line(text):
    try:
        quickly(frontmatter.load_yaml_nodes, text)
    except frontmatter.FrontMatterError as e:
        assert e.line >= 1 and e.message


@SETTINGS
@given(st.binary(max_size=300), st.booleans())
def test_any_bytes_are_read_or_refused_with_a_line(raw, valid_page):
    raw = (page("a").encode() + raw) if valid_page else raw
    text, problems = quickly(textfile.decode, "procedures/a.md", raw)
    assert text is not None or problems
    for problem in problems:
        # a line ends at \n, \r\n or a bare \r (old Mac files), as the reader counts them
        assert problem.path == "procedures/a.md" and 1 <= problem.line <= raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
    if text is not None:
        assert not textfile.CONTROL.search(text) and "\r" not in text


@SETTINGS
@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.none(), st.booleans(), st.dates(), st.lists(st.integers(), max_size=3)))
def test_the_date_parser_returns_a_date_or_nothing(value):
    day = quickly(dates.parse, value)
    assert day is None or isinstance(day, dt.date)
    assert isinstance(dates.uk(value), str)


@SETTINGS
@given(st.one_of(st.text(max_size=25), st.integers(min_value=-10**30, max_value=10**30).map(str)))
def test_source_date_epoch_gives_a_date_or_a_problem(value):
    env = {"SOURCE_DATE_EPOCH": value}
    assert isinstance(quickly(dates.today, env), dt.date)
    problems = dates.check_environment(env)
    assert all(p.severity == "error" and "SOURCE_DATE_EPOCH" in p.message for p in problems)
    if value.strip().isdecimal() and len(value.strip()) <= 10:
        assert not problems


CONTACTS = includes.Data(contacts={"city-duty": {"id": "city-duty", "name": "City duty", "phones": [{"number": "0116 000"}]}})


@SETTINGS
@given(texts(MD_BITS))
def test_the_include_parser_returns_includes_or_problems(body):
    doc = model.Document("procedures/a.md", {"id": "a", "title": "A"}, body=body, body_line=17)
    outline = quickly(doc.outline)
    for include in outline.includes:
        assert 17 <= include.line < 17 + body.count("\n") + 1
    for problem in quickly(includes.check_page, doc, CONTACTS):
        assert problem.path == "procedures/a.md" and problem.line >= 17 and problem.message
    expanded = quickly(includes.expand, doc, CONTACTS)
    assert isinstance(expanded, str)
    for line, message in quickly(balance.check, body, 17) + balance.duplicate_ids(outline.headings):
        assert line >= 17 and message


@SETTINGS
@given(st.text(max_size=40))
def test_text_that_looks_like_an_include_gets_a_form_to_write(text):
    message = includes.near_include(text)
    assert "readers would see it as typed" in message and "[[" in message


PAGES = ["procedures/a.md", "procedures/child-protection/b.md", "docs/index.md", "thresholds/levels.md"]


@SETTINGS
@given(st.sampled_from(PAGES), texts(st.sampled_from(["../", "./", "/", "a.md", "b.md", "child-protection/", "#", "h", "?", "x=1", "https:", "//", "mailto:", ":", "%", "..",
                                                      "docs", "procedures", "index.md", " ", "\\", "é", "\x00"])))
def test_the_link_resolver_returns_a_path_or_nothing(here, url):
    target = quickly(paths.resolve, here, url)
    assert target is None or isinstance(target, str)
    assert isinstance(paths.for_site(here, url), str)
    assert isinstance(paths.in_tree(target), bool) if target else True


ROOT = Path(tempfile.mkdtemp(prefix="llr-properties-"))


@SETTINGS
@given(st.lists(texts(st.sampled_from(["[x](", ")", "a.md", "../", "child-protection/b.md", "#", "steps", "## Steps", "\n", "<a href='", "'>", "</a>", "![i](", "img.png",
                                       "[r]: ", "[r]", "b.md#steps", "{#steps}", " "])), min_size=1, max_size=3))
def test_the_link_checks_return_problems(bodies):
    manual = content.Manual(root=ROOT)
    for path, body in zip(PAGES, bodies):
        manual.add(model.Document(path, {"id": path.rsplit("/", 1)[-1][:-3], "title": "T", "status": "draft"}, body=body, body_line=17))
    index = quickly(xrefs.build, manual)
    for problem in quickly(xrefs.check, index):
        assert problem.path in PAGES and problem.line >= 1 and problem.message


def test_scanning_stays_fast_on_a_long_awkward_line():
    """The longest line the reader accepts, of the characters the scanner's patterns look for."""
    body = ("[[phone: [a](b.md) {{x}} <div> `code` ** _ " * 250)[: textfile.MAX_LINE]
    doc = model.Document("procedures/a.md", {}, body=body)
    quickly(doc.outline)
    quickly(includes.check_page, doc, CONTACTS)
    quickly(balance.check, body, 1)


VALUES = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from(["", "a", "b", "draft", "superseded", "retired", "approved", "1.0", "2026-02-30", "2026-01-10", "procedures/a.md", "https://x"])),
                      lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["version", "date", "summary", "x"]), inner, max_size=3)), max_leaves=6)


@SETTINGS
@given(st.lists(st.dictionaries(st.sampled_from(sorted(model.FIELD_NAMES)), VALUES, max_size=8), min_size=1, max_size=3))
def test_every_check_returns_problems_for_any_field_values(metas):
    """Whatever values the fields hold (the schema reports them), no check across the manual raises."""
    import checks

    manual = content.Manual(root=ROOT, owners=("Policy and Procedures Group",))
    for path, meta in zip(PAGES, metas):
        doc = model.Document(path, meta, body="Text [a](a.md).\n", body_line=17)
        manual.problems += model.validate(doc, manual.owners)
        manual.add(doc)
    problems = quickly(checks.run, manual, includes.Data(), dt.date(2026, 3, 1))
    assert all(isinstance(p.line, int) for p in problems)
