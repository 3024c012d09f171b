"""The content model: each field, each message, every problem in one run, the exported schema."""
import json

import pytest

import cli
import content
import frontmatter
import model
from fixture_site import ROOT, page

OWNERS = model.load_owners(ROOT)


def problems_for(text: str, path: str = "procedures/cse.md") -> list[str]:
    parsed = frontmatter.parse(text)
    doc = model.Document(path, parsed.data, parsed.lines, parsed.body, parsed.body_line)
    return [str(p) for p in model.validate(doc, OWNERS)]


def test_a_valid_document_has_no_problems():
    assert problems_for(page("cse")) == []


# Columns: the line to change in a valid document, what to put instead, the expected problem line.
CASES = [
    ("review_due: 2027-01-10", "review_due: 2026-02-30",
     'procedures/cse.md:9: error: review_due "2026-02-30" is not a real date (write it as YYYY-MM-DD, like 2026-03-01)'),
    ("review_due: 2027-01-10", "reveiw_due: 2027-01-10",
     'procedures/cse.md:9: error: unknown field "reveiw_due" (did you mean review_due?): remove it, or correct its name (the editors\' guide lists every field)'),
    ("owner: Policy and Procedures Group", "owner: Policy & Procedures Group",
     'procedures/cse.md:7: error: owner "Policy & Procedures Group" is not one of: Policy and Procedures Group, Child Death Overview Panel, Case Review Group, Multi-Agency Learning and Development Group, Planning and Delivery Group (did you mean Policy and Procedures Group?)'),
    ("id: cse", "id: CSE Guidance",
     'procedures/cse.md:2: error: id "CSE Guidance" must be lowercase words joined by hyphens: write it like cse-guidance'),
    ('version: "1.0"', "version: 1",
     "procedures/cse.md:6: error: version should be text, not the number 1: write it like `version: \"1.0\"`"),
    ('version: "1.0"', 'version: "v1"',
     'procedures/cse.md:6: error: version "v1" is not a version: write MAJOR.MINOR in quotes, like "2.1"'),
    ("type: procedure", "type: policy",
     'procedures/cse.md:4: error: type "policy" is not one of: procedure, guidance, threshold, public, reference (did you mean public?)'),
    ("last_reviewed: 2026-01-10", "last_reviewed: 10/01/2026",
     'procedures/cse.md:8: error: last_reviewed "10/01/2026" is not written as YYYY-MM-DD: write it like 2026-03-01'),
    ("title: Cse\n", "",
     "procedures/cse.md:1: error: missing field \"title\": add a line such as `title: Making a referral to children's social care`"),
    ("audience: practitioners", "audience: [practitioners]",
     "procedures/cse.md:10: error: audience should be text, not a list: write it like `audience: practitioners`"),
    ("    date: 2026-01-10", "    date: 2026-13-01",
     'procedures/cse.md:14: error: date of changes entry 1 "2026-13-01" is not a real date (write it as YYYY-MM-DD, like 2026-03-01)'),
    ("status: draft", "status: approved",
     "procedures/cse.md:5: error: missing field \"approved_by\" (an approved document must say who approved it, when, and when it takes effect): add a line such as `approved_by: Policy and Procedures Group`"),
]


@pytest.mark.parametrize("old,new,expected", CASES)
def test_each_mistake_has_its_message(old, new, expected):
    text = page("cse")
    assert old in text
    assert expected in problems_for(text.replace(old, new, 1))


def test_every_problem_is_reported_in_one_run():
    text = page("cse").replace("review_due: 2027-01-10", "reveiw_due: 2026-02-30").replace("type: procedure", "type: policy").replace('version: "1.0"', "version: x")
    found = problems_for(text)
    assert len(found) == 4, found  # unknown field, missing review_due, bad type, bad version
    assert all(line.startswith("procedures/cse.md:") for line in found)


@pytest.mark.parametrize("text,line,fragment", [
    ("---\nid: x\ntitle: [unclosed\n---\n", 4, "is not valid YAML"),
    ("no front matter here\n", 1, "has no front matter"),
    ("---\nid: x\n", 1, "no closing line"),
    ("---\nid: a\nid: b\n---\n", 3, 'field "id" is written twice'),
])
def test_front_matter_that_cannot_be_read(tmp_path, text, line, fragment):
    (tmp_path / "procedures").mkdir()
    (tmp_path / "procedures" / "x.md").write_text(text)
    problems = []
    content.read(tmp_path, "procedures/x.md", problems)
    assert any(p.line == line and fragment in p.message for p in problems), problems


def test_dates_and_versions_keep_what_the_editor_wrote():
    data = frontmatter.parse("---\nversion: 1.10\nreview_due: 2026-02-30\n---\n").data
    assert data == {"version": "1.10", "review_due": "2026-02-30"}


def test_a_heading_one_in_the_body_is_refused(tmp_path):
    (tmp_path / "procedures").mkdir()
    (tmp_path / "procedures" / "x.md").write_text(page("x", "\n# Title again\n\nText.\n"))
    problems = []
    content.read(tmp_path, "procedures/x.md", problems)
    assert [p.line for p in problems] == [18]
    assert "the page title comes from `title:`" in problems[0].message


def test_the_committed_json_schema_is_the_model():
    committed = (ROOT / "schema" / "front-matter.schema.json").read_text(encoding="utf-8")
    assert committed == cli.schema_text(ROOT), "run `make schema` and commit schema/front-matter.schema.json"
    assert json.loads(committed)["additionalProperties"] is False


MORE_MISTAKES = [  # beyond CASES: kinds of value each rule of the schema must refuse
    ("order: 1", "order: true"), ("order: 1", "order: \"1\""), ("related: [a]", "related: [a, a]"), ("related: [a]", "related: a"),
    ("related: [a]", "related: [A]"), ("applies_to: [leicester]", "applies_to: [leicester, leicester]"), ("applies_to: [leicester]", "applies_to: []"),
    ("hide: [toc]", "hide: [sidebar]"), ("sources: [\"Working Together to Safeguard Children 2023\"]", "sources: [\"\"]"),
    ("    summary: First version.", "    summary: First version.\n    by: me"), ("    summary: First version.", "    summary: \"\""),
    ("changes:", "changes: []\nx:"), ("status: draft", "status: superseded"),
]


def test_the_quick_check_and_jsonschema_agree_on_every_case():
    """A document the quick check passes is not validated again, so it must never pass one that jsonschema
    would refuse: the real manual, and each mistake above and in CASES."""
    base = page("cse", extra="order: 1\nrelated: [a]\napplies_to: [leicester]\nhide: [toc]\n")
    mistakes = [base.replace(old, new, 1) for old, new, _ in CASES] + [base.replace(old, new, 1) for old, new in MORE_MISTAKES]
    manual = [d.meta for d in content.load(ROOT).documents if d.readable]
    strict = model._validator(OWNERS)
    verdicts = [(model.is_valid(meta, OWNERS), not list(strict.iter_errors(meta))) for meta in [frontmatter.parse(t).data for t in [base] + mistakes] + manual]
    assert all(quick == full for quick, full in verdicts), [i for i, (q, f) in enumerate(verdicts) if q != f]
    assert [quick for quick, _ in verdicts] == [True] + [False] * len(mistakes) + [True] * len(manual)
