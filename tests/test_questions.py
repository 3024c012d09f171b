"""Open questions are counted, listed and refused when publishing; "must" is kept for legal duties."""
import datetime as dt
import io
import json

import checks
import cli
import content
import duties
import includes
import questions
from fixture_site import page

APPROVED = "approved_by: Policy and Procedures Group\napproved_on: 2026-01-10\neffective_from: 2026-01-10\n"

A = """\
The out-of-hours number is [[question: What is the out-of-hours LADO number? | who: Rutland County Council]].

- In a list item: [[question: Which form do schools use?]]

| Step | When |
|---|---|
| Report to conference | [[question: How many days before the conference is the report due? | who: Conference team]] |

`[[question: in code, not counted]]`

```
[[question: in a fence, not counted]]
```
"""


def test_every_open_question_is_a_record_on_the_editors_page_in_the_schedule_and_in_make_check(site):
    site.write("procedures/a.md", page("a", A, title="Alpha"))
    site.write("procedures/b.md", page("b", "Ask [[question: Who chairs the panel?]].\n", title="Beta").replace("owner: Policy and Procedures Group", "owner: Case Review Group"))
    site.write("data/contacts.yml", "- id: x\n  name: X\n  hours: Always.\n  questions:\n    - question: Is the number current?\n      who: The council\n")
    manual = content.load(site.root)
    found = questions.collect(manual)
    assert [(q.path, q.line, q.question, q.who, q.owner) for q in found] == [
        ("procedures/b.md", 17, "Who chairs the panel?", None, "Case Review Group"),
        ("procedures/a.md", 17, "What is the out-of-hours LADO number?", "Rutland County Council", "Policy and Procedures Group"),
        ("procedures/a.md", 19, "Which form do schools use?", None, "Policy and Procedures Group"),
        ("procedures/a.md", 23, "How many days before the conference is the report due?", "Conference team", "Policy and Procedures Group"),
    ]
    out = io.StringIO()
    assert cli.check(site.root, today=dt.date(2026, 3, 1), out=out) == 0
    text = out.getvalue()
    assert "Open questions: 5 open questions in 3 files." in text
    assert "    3  procedures/a.md  Alpha" in text and "    1  procedures/b.md  Beta" in text
    assert site.build().returncode == 0
    html = site.html("editors/open-questions")
    assert html.count("<tr><td>") == 5
    assert ("<tr><td>What is the out-of-hours LADO number?</td><td>Rutland County Council</td>"
            '<td><a href="../../procedures/a/">Alpha</a></td><td><code>procedures/a.md:17</code></td></tr>') in html
    assert html.index("Case Review Group") < html.index("Policy and Procedures Group") < html.index("Contacts and local resources")
    assert "<tr><td>Is the number current?</td><td>The council</td>" in html and "<code>data/contacts.yml:5</code>" in html
    readers = site.html("procedures/a")
    assert readers.count('<span class="llr-open-question">Local detail to be confirmed.</span>') == 3
    assert "Rutland County Council" not in readers and "out-of-hours LADO number" not in readers
    schedule = json.loads((site.root / "site" / "reviews.json").read_text())
    assert {d["id"]: d["open_questions"] for d in schedule["documents"]} == {"a": 3, "b": 1}
    assert '<td><a href="../open-questions/#policy-and-procedures-group">3</a></td>' in site.html("editors/review-schedule")


def test_an_approved_document_with_an_open_question_stops_a_publishing_build(site):
    site.write("docs/index.md", page("home", "Welcome.\n", title="Home", type="reference", status="approved", extra=APPROVED))
    site.write("procedures/a.md", page("a", "Intro.\n\nCall [[question: What is the number?]].\n", status="approved", extra=APPROVED))
    assert site.build().returncode == 0  # a preview build lists it, and goes on
    result = site.build(env={"LLR_PUBLISH": "1"})
    assert result.returncode != 0
    assert 'procedures/a.md:22: error: this approved document still has an open question ("What is the number?") and the site is being published' in result.stderr
    site.write("procedures/a.md", page("a", "Intro.\n\nCall 999.\n", status="approved", extra=APPROVED))
    assert site.build(env={"LLR_PUBLISH": "1"}).returncode == 0


def run(site, today=dt.date(2026, 3, 1)):
    manual = content.load(site.root)
    return [str(p) for p in sorted(set(manual.problems + checks.run(manual, includes.load_data(site.root), today)))]


MUSTS = """\
The council must make enquiries. You should tell the LADO.

> A child "must" be defined here in a quoted definition.

`must` in code, and [a link](https://example.org/you-must-read) do not count.

[[question: Who must sign the form?]]

```
must in a fence
```

The partnership
must confirm the form. Staff must give us the number.
"""


def test_must_without_a_legal_source_and_the_old_placeholder_are_warned_about_at_their_line(site):
    site.write("procedures/a.md", page("a", MUSTS).replace('sources: ["Working Together to Safeguard Children 2023"]', 'sources: ["Leicester partnership, practice notes"]'))
    found = [p for p in run(site) if "must" in p]
    assert found == [
        'procedures/a.md:17: warning: "must" is for a legal or statutory duty, but this document\'s sources list no Act, regulations or statutory guidance: add the law or statutory guidance the duty rests on to `sources:`, or write "should"',
        'procedures/a.md:29: warning: "The partnership must" is the old way of asking for a missing fact: write it as an open question, `[[question: What is ...? | who: who can answer]]`, and keep "must" for legal duties',
        'procedures/a.md:30: warning: "must give us" is the old way of asking for a missing fact: write it as an open question, `[[question: What is ...? | who: who can answer]]`, and keep "must" for legal duties',
    ]
    site.write("procedures/a.md", page("a", MUSTS))  # Working Together is statutory guidance
    assert [p.split(": warning: ")[0] for p in run(site) if "must" in p] == ["procedures/a.md:29", "procedures/a.md:30"]
    site.write("docs/about.md", page("about", "The partnership must confirm it. You must not worry.\n", type="public").replace('sources: ["Working Together to Safeguard Children 2023"]', 'sources: ["A leaflet"]'))
    assert [p.split(": warning: ")[0] for p in run(site) if p.startswith("docs/about.md")] == ["docs/about.md:17"]  # public pages: only the placeholder


# Columns: a sources entry, whether it counts as a legal or statutory source.
SOURCES = [
    ("Children Act 1989, section 47", True),
    ("Children Act 2004 s16M and s16N", True),
    ("The Female Genital Mutilation Act 2003", True),
    ("Working Together to Safeguard Children 2023, chapter 3", True),
    ("Keeping Children Safe in Education 2024, Part four", True),
    ("KCSIE", True),
    ("Child Death Review: Statutory and Operational Guidance (England), October 2018", True),
    ("The Local Authority Social Services Complaints (England) Regulations 2009", True),
    ("legislation.gov.uk, Modern Slavery Act", True),
    ("Home Office statutory guidance on Operation Encompass", True),
    ("Leicester partnership, practice notes (lcitylscb.org, undated)", False),
    ("NSPCC, Report abuse (nspcc.org.uk)", False),
    ("Sefton escalation procedure, 2017", False),
]


def test_what_counts_as_a_legal_source():
    import model

    for source, legal in SOURCES:
        assert duties.has_legal_source(model.Document("procedures/a.md", {"sources": [source]})) is legal, source
