"""Review dates, versions, amendments and approval status."""
import datetime as dt
import io
import json
import subprocess

import pytest

import changes
import cli
import dates
import reviews
import search
from fixture_site import page
from model import Document

POLICY = reviews.Policy()


def doc(**meta) -> Document:
    base = {"id": "x", "title": "X", "type": "procedure", "status": "draft", "version": "1.0", "owner": "Case Review Group",
            "changes": [{"version": "1.0", "date": "2026-01-10", "summary": "First."}]}
    return Document("procedures/x.md", {**base, **meta})


# Columns: review_due, today, expected state (window 60 days).
STATES = [
    ("2026-03-01", dt.date(2026, 3, 1), reviews.DUE_SOON),   # due today: not yet overdue
    ("2026-03-02", dt.date(2026, 3, 1), reviews.DUE_SOON),   # due tomorrow
    ("2026-02-28", dt.date(2026, 3, 1), reviews.OVERDUE),    # one day overdue
    ("2028-02-29", dt.date(2028, 2, 28), reviews.DUE_SOON),  # 29 February
    ("2028-02-29", dt.date(2028, 3, 1), reviews.OVERDUE),
    ("2026-04-30", dt.date(2026, 3, 1), reviews.DUE_SOON),   # 60 days ahead: inside the window
    ("2026-05-01", dt.date(2026, 3, 1), reviews.OK),         # 61 days ahead
]


@pytest.mark.parametrize("due,today,expected", STATES)
def test_review_state_at_the_boundaries(due, today, expected):
    assert reviews.state(doc(review_due=due), today, POLICY) == expected


def test_today_comes_from_source_date_epoch():
    assert dates.today({"SOURCE_DATE_EPOCH": "1772323200"}) == dt.date(2026, 3, 1)
    assert dates.uk("2026-03-01") == "1 March 2026"


# Columns: front matter overrides, expected message fragment.
REVIEW_PROBLEMS = [
    ({"last_reviewed": "2026-03-01", "review_due": "2026-03-01"}, "review_due 2026-03-01 is not after last_reviewed 2026-03-01"),
    ({"last_reviewed": "2026-01-01", "review_due": "2029-01-02"}, "is more than 3 years after last_reviewed 2026-01-01: set it no later than 2029-01-01"),
    ({"last_reviewed": "2026-03-02", "review_due": "2027-01-01"}, "last_reviewed 2026-03-02 is in the future"),
    ({"last_reviewed": "2025-01-01", "review_due": "2026-02-28"}, "review overdue since 28 February 2026 (Case Review Group)"),
]


@pytest.mark.parametrize("meta,fragment", REVIEW_PROBLEMS)
def test_review_date_rules(meta, fragment):
    found = reviews.check_reviews(doc(**meta), dt.date(2026, 3, 1), POLICY)
    assert [p.message for p in found if fragment in p.message], found


def test_overdue_is_a_warning_unless_the_policy_says_error():
    late = doc(last_reviewed="2025-01-01", review_due="2026-02-28")
    assert reviews.check_reviews(late, dt.date(2026, 3, 1), POLICY)[0].severity == "warning"
    assert reviews.check_reviews(late, dt.date(2026, 3, 1), reviews.Policy(overdue="error"))[0].severity == "error"


# Columns: version, changes, expected message fragment.
VERSION_PROBLEMS = [
    ("1.1", [("1.0", "2026-01-10"), ("1.1", "2026-01-09")], "date 2026-01-09 is earlier than the entry before it"),
    ("1.0", [("1.1", "2026-01-10"), ("1.0", "2026-01-11")], 'version "1.0" does not come after "1.1"'),
    ("2.0", [("1.0", "2026-01-10")], 'version "2.0" is not the newest entry in changes ("1.0")'),
    ("1.0", [("1.0", "2026-03-02")], "date 2026-03-02 is in the future"),
    ("1.10", [("1.9", "2026-01-10"), ("1.10", "2026-01-11")], None),  # 1.10 comes after 1.9
]


@pytest.mark.parametrize("version,history,fragment", VERSION_PROBLEMS)
def test_version_rules(version, history, fragment):
    d = doc(version=version, changes=[{"version": v, "date": day, "summary": "s"} for v, day in history])
    found = [p.message for p in reviews.check_versions(d, dt.date(2026, 3, 1))]
    assert (found == []) if fragment is None else any(fragment in m for m in found), found


@pytest.fixture
def reviewed(site):
    """A site whose two documents are overdue and up to date, as of 2026-03-09 (SOURCE_DATE_EPOCH in conftest)."""
    site.write("procedures/late.md", page("late", "Text.\n", title="Late one").replace("review_due: 2027-01-10", "review_due: 2026-02-01").replace("last_reviewed: 2026-01-10", "last_reviewed: 2025-06-01"))
    site.write("procedures/fine.md", page("fine", "Text.\n", title="Fine one").replace("owner: Policy and Procedures Group", "owner: Case Review Group"))
    return site


def test_pages_show_review_dates_version_history_and_the_overdue_banner(reviewed):
    result = reviewed.build()
    assert result.returncode == 0, result.stderr
    assert "procedures/late.md:9: warning: review overdue since 1 February 2026" in result.stderr
    late, fine = reviewed.html("procedures/late"), reviewed.html("procedures/fine")
    assert "Last reviewed 1 June 2025 · Next review due" in late
    assert 'class="admonition danger llr-overdue" role="note" data-review-due="2026-02-01">' in late  # shown at build time
    # A draft is not in force, so it never "remains in force" (render.overdue_banner; approved: below).
    assert "This draft was due for review on 1 February 2026. It is not yet in force." in late
    assert "remains in force" not in late
    assert 'data-review-due="2027-01-10" hidden="">' in fine  # hidden now; the page script shows it after the date
    assert "<summary>Version history</summary>" in fine and "<td>First version.</td>" in fine
    # No draft box on the page: the status line says Draft, and (all of the manual being draft) the one
    # site-wide notice says it is not yet in force.
    assert "Status: Draft" in fine and "llr-draft" not in fine
    assert 'class="llr-strip__draft"' in fine and "not yet in force" in fine


def test_the_overdue_banner_of_an_approved_document_says_it_remains_in_force():
    import render
    from model import Document

    doc = Document("procedures/a.md", {"status": "approved", "review_due": "2026-02-01"})
    assert "It remains in force until it is replaced." in render.overdue_banner(doc, True)
    assert render.overdue_banner(Document("b.md", {"status": "superseded", "review_due": "2026-02-01"}), True) == ""


def test_the_review_schedule_and_its_data_files(reviewed):
    assert reviewed.build().returncode == 0
    site = reviewed.root / "site"
    schedule = reviewed.html("editors/review-schedule")
    assert schedule.index("Case Review Group") < schedule.index("Policy and Procedures Group")
    assert '<td><a href="../../procedures/late/">Late one</a></td><td>1 June 2025</td><td>1 February 2026</td><td><strong>Overdue</strong></td>' in schedule
    assert "llr-block" not in schedule
    assert "/editors/review-schedule/" not in search.indexed_pages(site)  # it lists every title
    data = json.loads((site / "reviews.json").read_text())
    assert [(d["id"], d["state"]) for d in data["documents"]] == [("fine", "ok"), ("late", "overdue")]
    assert (site / "reviews.csv").read_text().splitlines()[0] == "owner,title,id,url,last_reviewed,review_due,state,open_questions"
    from icalendar import Calendar

    events = Calendar.from_ical((site / "reviews.ics").read_bytes()).walk("VEVENT")
    assert sorted(str(e["uid"]) for e in events) == ["review-fine@llr-safeguarding-procedures", "review-late@llr-safeguarding-procedures"]
    assert {e.decoded("dtstart") for e in events} == {dt.date(2027, 1, 10), dt.date(2026, 2, 1)}


def test_amendments_page_and_a_valid_atom_feed(site):
    site.write("procedures/a.md", page("a", title="Alpha").replace('version: "1.0"', 'version: "1.1"', 1).replace(
        "    summary: First version.\n", "    summary: First version.\n  - version: \"1.1\"\n    date: 2026-02-03\n    summary: Added the consent section.\n"))
    site.write("procedures/gone.md", page("gone", title="Gone", status="retired"))
    assert site.build().returncode == 0
    html = site.html("amendments")
    assert html.index("February 2026") < html.index("January 2026")
    assert '<li><strong>Updated</strong>: <a href="../procedures/a/">Alpha</a>, version 1.1, 3 February 2026. Added the consent section.</li>' in html
    assert "<strong>New</strong>" in html and "<strong>Withdrawn</strong>: Gone" in html
    assert "llr-block" not in html  # every list in its place
    assert "/amendments/" not in search.indexed_pages(site.root / "site")  # an editors' list, not for readers' searches
    import feedparser

    feed = feedparser.parse((site.root / "site" / "amendments.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.entries[0].title == "Updated: Alpha (version 1.1)"


def test_superseded_and_retired_documents(site):
    site.write("thresholds/index.md", page("current", "Now.\n", title="Threshold document", type="threshold"))
    site.write("thresholds/archive/2024/index.md", page("edition-2024", "Then.\n", title="Threshold document (2024 edition)", type="threshold", status="superseded", extra="superseded_by: current\n"))
    site.write("procedures/old.md", page("old", title="Old", status="retired", extra="superseded_by: current\n"))
    site.write("procedures/gone.md", page("gone", title="Gone", status="retired"))
    assert site.build().returncode == 0
    archived = site.html("thresholds/archive/2024")
    assert "This document has been replaced" in archived and 'href="../../"' in archived
    assert "llr-pdf-link" not in archived and "llr-pdf-link" in site.html("thresholds")  # the PDF is of the current edition
    assert "Threshold document (2024 edition)" in site.html("thresholds").split("Version history", 1)[1]
    indexed = search.indexed_pages(site.root / "site")
    assert "/thresholds/" in indexed and not [url for url in indexed if url.startswith("/thresholds/archive")]
    assert 'url=../../thresholds/' in site.html("procedures/old")
    assert "This document was withdrawn on 10 January 2026" in site.html("procedures/gone")


def test_publish_mode_fails_on_drafts_or_leaves_them_out(site):
    approved = 'approved_by: Policy and Procedures Group\napproved_on: 2026-01-10\neffective_from: 2026-01-10\n'
    site.write("docs/index.md", page("home", "Welcome.\n", title="Home", type="reference", status="approved", extra=approved))
    site.write("procedures/draft.md", page("draft"))
    result = site.build(env={"LLR_PUBLISH": "1"})
    assert result.returncode != 0
    assert "procedures/draft.md:5: error: this document is a draft and the site is being published" in result.stderr
    (site.root / "mkdocs.yml").write_text((site.root / "mkdocs.yml").read_text().replace("drafts_when_publishing: fail", "drafts_when_publishing: exclude"))
    assert site.build(env={"LLR_PUBLISH": "1"}).returncode == 0
    assert not (site.root / "site" / "procedures" / "draft").exists()


def git(repo, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo, check=True, capture_output=True)


def test_check_changes_with_a_real_git_repository(site):
    site.write("procedures/a.md", page("a", "Original text.\n"))
    site.write("procedures/b.md", page("b", "Original text.\n"))
    site.write("procedures/c.md", page("c", "Original text.\n"))
    git(site.root, "init", "-q", "-b", "main")
    git(site.root, "add", "-A")
    git(site.root, "commit", "-qm", "base")
    site.write("procedures/a.md", page("a", "Changed text.\n"))  # body changed, no new version
    site.write("procedures/b.md", page("b", "Original text.\n", title="Better title"))  # front matter only
    bumped = page("c", "Changed text.\n").replace('version: "1.0"', 'version: "1.1"', 1).replace(
        "    summary: First version.\n", "    summary: First version.\n  - version: \"1.1\"\n    date: 2026-02-01\n    summary: Clearer.\n")
    site.write("procedures/c.md", bumped)
    problems, notes = changes.check(site.root, "main")
    assert [str(p) for p in problems] == ['procedures/a.md:6: error: the text changed since main but version is still "1.0" or no changes entry was added: raise version (for example to "1.1") and add a changes entry with the version, the date and a one-line summary']
    assert notes == ["procedures/b.md: front-matter-only correction (allowed without a new version)"]
    assert changes.check(site.root, "no-such-ref")[0][0].message.startswith('"no-such-ref" is not a git commit')


def test_review_report_per_owner_and_its_exit_code(reviewed):
    out = io.StringIO()
    assert cli.review_report(reviewed.root, today=dt.date(2026, 3, 1), markdown=True, out=out) == 0
    text = out.getvalue()
    assert "## Policy and Procedures Group" in text and "- Late one (procedures/late.md): review OVERDUE since 1 February 2026" in text
    (reviewed.root / "mkdocs.yml").write_text((reviewed.root / "mkdocs.yml").read_text().replace("overdue: warning", "overdue: error"))
    assert cli.review_report(reviewed.root, today=dt.date(2026, 3, 1), out=io.StringIO()) == 1
