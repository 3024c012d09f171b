"""The editors' workflow as plain functions, on fixture repositories with real git: the pull-request
summary, the annotations, content-or-code, the weekly review issues, CODEOWNERS and new pages."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

import codeowners
import content
import newpage
import prpreview as preview
import report
import reviews
import workflow
from fixture_site import ROOT, page
from model import Problem

TODAY = dt.date(2026, 3, 1)


def git(repo, *args):
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(site):
    """A fixture manual committed on main: two procedures, one with an open question."""
    site.write("procedures/a.md", page("proc-a", "## In brief\n\nText.\n\n[[question: Who answers the phone at night? | who: Rutland County Council]]\n"))
    site.write("procedures/b.md", page("proc-b", "## In brief\n\nText.\n"))
    git(site.root, "init", "-q", "-b", "main")
    git(site.root, "add", "-A")
    git(site.root, "commit", "-qm", "base")
    return site


def bump(text: str, body: str, version: str = "1.1") -> str:
    """A page's text with its body replaced, its version raised and a changes entry added."""
    head = text[: text.index("---", 3) + 4]
    head = head.replace('version: "1.0"', f'version: "{version}"').replace(
        "    summary: First version.\n", f'    summary: First version.\n  - version: "{version}"\n    date: 2026-02-01\n    summary: Changed.\n')
    return head + body


def test_summary_names_documents_versions_reviews_addresses_and_questions(repo):
    a = (repo.root / "procedures/a.md").read_text()
    # a: text changed, version raised, review date moved, its open question answered
    new_a = bump(a, "## In brief\n\nThe night line is staffed.\n").replace("review_due: 2027-01-10", "review_due: 2027-02-10")
    repo.write("procedures/a.md", new_a)
    # b: moved with a redirect; c: new, with a question and a broken link
    git(repo.root, "mv", "procedures/b.md", "procedures/moved-b.md")
    repo.write("procedures/moved-b.md", page("proc-b", "## In brief\n\nText.\n", extra="redirect_from: [procedures/b.md]\n"))
    repo.write("procedures/c.md", page("proc-c", "## In brief\n\nSee [nowhere](missing.md).\n\n[[question: Which team takes referrals? | who: Leicester City Council]]\n"))
    s = workflow.summarise(repo.root, "main", TODAY)

    by_path = {d.path: d for d in s.documents}
    assert by_path["procedures/a.md"].status == "changed"
    assert (by_path["procedures/a.md"].old_version, by_path["procedures/a.md"].new_version) == ("1.0", "1.1")
    assert by_path["procedures/moved-b.md"].status == "moved" and by_path["procedures/moved-b.md"].old_path == "procedures/b.md"
    assert by_path["procedures/c.md"].status == "added"
    assert s.reviews == [("Proc a", "review_due", "2027-01-10", "2027-02-10")]
    assert s.added_addresses == ["/procedures/c/"]
    assert s.moved_addresses == [("/procedures/b/", "/procedures/moved-b/", True)]
    assert [q.text for q in s.questions_added] == ["Which team takes referrals?"]
    assert [(q.path, q.text) for q in s.questions_answered] == [("procedures/a.md", "Who answers the phone at night?")]
    assert any(p.path == "procedures/c.md" and "missing.md" in p.message for p in s.new_problems)
    assert not s.fixed_problems

    text = workflow.summary_markdown(s, "https://example.org/pr-7/")
    assert "| Proc a | `procedures/a.md` | changed | 1.0 → 1.1 |" in text
    assert "moved from `procedures/b.md`" in text
    assert "review due 10 January 2027 → 10 February 2027" in text
    assert "Moved: `/procedures/b/` → `/procedures/moved-b/` (the old address redirects to the new one)" in text
    assert "Asked: Which team takes referrals? (who can answer: Leicester City Council) — `procedures/c.md:" in text
    assert "Answered: Who answers the phone at night? — `procedures/a.md`" in text
    assert "[open the site as it would look with this change](https://example.org/pr-7/)" in text
    assert "Not ready to merge" in text


def test_summary_reports_a_text_change_without_a_new_version_and_a_move_without_redirect(repo):
    a = (repo.root / "procedures/a.md").read_text()
    repo.write("procedures/a.md", a.replace("Text.", "Different text."))
    git(repo.root, "mv", "procedures/b.md", "procedures/renamed.md")
    s = workflow.summarise(repo.root, "main", TODAY)
    messages = [(p.path, p.message) for p in s.new_problems]
    assert any(path == "procedures/a.md" and "version is still" in m for path, m in messages)
    assert s.moved_addresses == [("/procedures/b/", "/procedures/renamed/", False)]
    text = workflow.summary_markdown(s)
    assert "| Proc a | `procedures/a.md` | changed | 1.0 (not raised) |" in text
    assert "**the old address will stop working**" in text


def test_summary_counts_a_fixed_problem_and_ignores_line_shifts(repo):
    repo.write("procedures/b.md", page("proc-b", "## In brief\n\nSee [x](gone.md).\n"))
    repo.write("procedures/a.md", page("proc-a", "## In brief\n\nSee [x](gone.md).\n"))
    git(repo.root, "commit", "-qam", "two broken links")
    # a: its link fixed (text and version changed); b: a line added above its broken link
    repo.write("procedures/a.md", bump((repo.root / "procedures/a.md").read_text(), "## In brief\n\nSee [b](b.md).\n"))
    repo.write("procedures/b.md", bump((repo.root / "procedures/b.md").read_text(), "## In brief\n\nNew line.\n\nSee [x](gone.md).\n"))
    s = workflow.summarise(repo.root, "main", TODAY)
    assert [p.path for p in s.fixed_problems if "gone.md" in p.message] == ["procedures/a.md"]
    assert not [p for p in s.new_problems if "gone.md" in p.message]
    assert "Fixed by this change:" in workflow.summary_markdown(s)


def test_summary_names_a_bad_base_in_plain_words(repo):
    with pytest.raises(workflow.WorkflowError, match='"nope" is not a git commit or branch here'):
        workflow.summarise(repo.root, "nope", TODAY)


def test_annotations_use_githubs_format_and_escape_what_it_needs():
    lines = report.github([Problem("procedures/a,b.md", 4, "error", "50% done:\nnext line"), Problem("x.md", 1, "warning", "late")])
    assert lines == [
        "::error file=procedures/a%2Cb.md,line=4,title=Error in procedures/a%2Cb.md::50% done:%0Anext line".replace("50%", "50%25"),
        "::warning file=x.md,line=1,title=Warning in x.md::late",
    ]


def test_the_annotations_command_on_a_pull_request(repo):
    repo.write("procedures/c.md", page("proc-c", "## In brief\n\nSee [nowhere](missing.md).\n"))
    code = f"import sys; sys.path.insert(0, {str(ROOT / 'hooks')!r}); import ci; from pathlib import Path; sys.exit(ci.annotations('main', Path({str(repo.root)!r})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"SOURCE_DATE_EPOCH": "1773000000", "PATH": "/usr/bin:/bin"}, timeout=120)
    assert out.returncode == 0, out.stderr
    assert any(line.startswith("::error file=procedures/c.md,line=") and "missing.md" in line for line in out.stdout.splitlines())


# (changed files, the kind of change): content-only changes run the content check and content tests.
@pytest.mark.parametrize("files, kind", [
    (["procedures/a.md"], "content"),
    (["procedures/a.md", "data/contacts.yml", "docs/editors/index.md", "thresholds/_section.yml"], "content"),
    (["procedures/a.md", "hooks/model.py"], "code"),
    (["docs/overrides/main.html"], "code"),
    (["docs/assets/llr.css"], "code"),
    ([".github/workflows/pull-request.yml"], "code"),
    (["mkdocs.yml"], "code"),
    ([], "code"),
])
def test_kind_of_change(files, kind):
    assert workflow.kind_of_change(files) == kind


def test_changed_files_include_new_untracked_files(repo):
    repo.write("procedures/new.md", page("proc-new"))
    (repo.root / "procedures/a.md").write_text("changed")
    assert workflow.changed_files(repo.root, "main") == ["procedures/a.md", "procedures/new.md"]


def rows(*specs):
    return [reviews.Row(i, t, f"procedures/{i}.md", f"procedures/{i}/", o, "2025-01-01", due, st) for i, t, o, due, st in specs]


def test_review_issues_one_per_group_and_none_when_nothing_is_due():
    owners = ("Policy and Procedures Group", "Case Review Group", "Child Death Overview Panel")
    r = rows(("a", "Alpha", "Policy and Procedures Group", "2026-02-01", reviews.OVERDUE),
             ("b", "Beta", "Policy and Procedures Group", "2026-04-01", reviews.DUE_SOON),
             ("c", "Gamma", "Case Review Group", "2027-04-01", reviews.OK))
    issues = workflow.review_issues(r, owners, TODAY, "https://site.example/", {"Policy and Procedures Group": "@org/ppg"})
    assert [(i.owner, i.title, i.body is None) for i in issues] == [
        ("Policy and Procedures Group", "Reviews due: Policy and Procedures Group", False),
        ("Case Review Group", "Reviews due: Case Review Group", True),
        ("Child Death Overview Panel", "Reviews due: Child Death Overview Panel", True),
    ]
    body = issues[0].body
    assert body.startswith("@org/ppg: As of 1 March 2026, Policy and Procedures Group has 1 document overdue for review and 1 due soon.")
    assert "## Overdue\n\n- [ ] [Alpha](https://site.example/procedures/a/) (`procedures/a.md`): review was due 1 February 2026" in body
    assert "## Due soon\n\n- [ ] [Beta](https://site.example/procedures/b/) (`procedures/b.md`): review due 1 April 2026" in body
    assert "Gamma" not in body


def test_review_issues_command_writes_a_manifest_for_the_workflow(tmp_path):
    code = f"import sys; sys.path.insert(0, {str(ROOT / 'hooks')!r}); import ci; from pathlib import Path; sys.exit(ci.review_issues(Path({str(tmp_path / 'out')!r})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"SOURCE_DATE_EPOCH": "1796000000", "PATH": "/usr/bin:/bin"}, timeout=120)
    assert out.returncode == 0, out.stderr
    import json

    manifest = json.loads((tmp_path / "out" / "issues.json").read_text())
    import model

    assert [e["owner"] for e in manifest] == list(model.load_owners(ROOT))
    for e in manifest:
        assert e["title"] == f"Reviews due: {e['owner']}" and e["label"] == "review-due"
        assert bool(e["body"]) == e["open"]


# --- CODEOWNERS -----------------------------------------------------------------------------------

def test_committed_codeowners_is_current():
    teams, problems = codeowners.load(ROOT)
    assert not problems, report.lines(problems)
    expected = codeowners.generate(content.load(ROOT), teams)
    assert (ROOT / codeowners.OUTPUT).read_text(encoding="utf-8") == expected, "CODEOWNERS is out of date: run `make codeowners` and commit it"


def test_codeowners_from_owners_and_teams(site):
    site.write("procedures/a.md", page("proc-a"))
    site.write("procedures/cdr.md", page("proc-cdr").replace("owner: Policy and Procedures Group", "owner: Child Death Overview Panel"))
    import model

    owners = model.load_owners(ROOT)  # Policy and Procedures Group first, Child Death Overview Panel second
    site.write("data/teams.yml", "organisation: org\nmaintainers: web\ndata_owner: Policy and Procedures Group\nteams:\n"
               + "".join(f"  {o}: t{i}\n" for i, o in enumerate(owners)))
    teams, problems = codeowners.load(site.root)
    assert not problems
    text = codeowners.generate(content.load(site.root), teams)
    lines = text.splitlines()
    documents = lines[lines.index("# Documents, by owner") + 1:]
    assert documents[:4] == ["/docs/ @org/t0", "/procedures/ @org/t0", "/procedures/cdr.md @org/t1", ""]
    assert lines.index("* @org/web") < lines.index("/procedures/ @org/t0") < lines.index("/docs/overrides/ @org/web")
    assert "/data/ @org/t0 @org/web" in lines
    # A new page with its folder's usual owner changes nothing; one with another owner gets its line.
    site.write("procedures/b.md", page("proc-b"))
    assert codeowners.generate(content.load(site.root), teams) == text
    site.write("procedures/sub/c.md", page("proc-c").replace("owner: Policy and Procedures Group", "owner: Child Death Overview Panel"))
    lines = codeowners.generate(content.load(site.root), teams).splitlines()
    assert "/procedures/ @org/t0" in lines and "/procedures/sub/ @org/t1" in lines  # two against two: the tie keeps the default group


def test_codeowners_names_a_group_without_a_team_and_a_misspelt_one(site):
    site.write("data/teams.yml", "organisation: org\nmaintainers: web\nteams:\n  Policy and Procedure Group: ppg\n")
    _, problems = codeowners.load(site.root)
    messages = [p.message for p in problems]
    assert 'the owning group "Case Review Group" has no team: add `  Case Review Group: team-name` under teams:' in messages
    assert '"Policy and Procedure Group" is not an owning group in data/owners.yml (did you mean "Policy and Procedures Group"?): correct the name or remove the line' in messages


# --- New pages ------------------------------------------------------------------------------------

def test_new_page_is_a_correct_document(site):
    import checks
    import includes

    path = newpage.create(site.root, "procedure", "visiting-a-child", "Visiting a child: at home", "procedures/child-protection", today=TODAY)
    assert path == site.root / "procedures/child-protection/visiting-a-child.md"
    text = path.read_text()
    assert 'title: "Visiting a child: at home"' in text
    assert "last_reviewed: 2026-03-01\nreview_due: 2029-03-01\n" in text  # review_policy max_interval_years: 3
    assert "  - version: \"0.1\"\n    date: 2026-03-01\n    summary: First draft.\n" in text
    assert text.index("## In brief") < text.index("## Who to contact")
    manual = content.load(site.root)
    problems = manual.problems + checks.run(manual, includes.load_data(site.root), TODAY)
    assert [p for p in problems if p.path == "procedures/child-protection/visiting-a-child.md"] == []
    assert manual.by_id["visiting-a-child"].meta["title"] == "Visiting a child: at home"


@pytest.mark.parametrize("kind, ident, folder, message", [
    ("procedure", "proc-a", "procedures/other", 'the id "proc-a" is already used by procedures/a.md: choose another ID'),
    ("procedure", "a", "procedures", "the address /procedures/a/ is already the address of procedures/a.md: choose another ID or FOLDER"),
    ("procedure", "Bad Id", "procedures", 'ID "Bad Id" must be lowercase words joined by hyphens: write it like ID=bad-id'),
    ("procedur", "x", "procedures", 'TYPE "procedur" is not a document type: use one of procedure, guidance, threshold, public, reference (did you mean procedure?)'),
    ("procedure", "x", "elsewhere", "FOLDER elsewhere is not in the manual: use a folder under docs, procedures, thresholds, like FOLDER=procedures/child-protection"),
])
def test_new_page_refuses(site, kind, ident, folder, message):
    site.write("procedures/a.md", page("proc-a"))
    with pytest.raises(newpage.Refused) as e:
        newpage.create(site.root, kind, ident, "A title", folder, today=TODAY)
    assert str(e.value) == message


def test_new_page_refuses_an_address_published_before(site):
    site.write("data/published-urls.txt", "/procedures/old/\n")
    site.write("procedures/new.md", page("new", extra="redirect_from: [procedures/old.md]\n"))
    with pytest.raises(newpage.Refused, match="was published before"):
        newpage.create(site.root, "guidance", "old", "Old", "procedures", today=TODAY)


@pytest.mark.parametrize("kind", list(newpage.HEADINGS))
def test_every_type_scaffolds_a_valid_document(site, kind):
    import model

    path = newpage.create(site.root, kind, f"new-{kind}", f"New {kind}", today=TODAY)
    manual = content.load(site.root)
    doc = manual.by_path[path.relative_to(site.root).as_posix()]
    assert model.validate(doc, manual.owners) == [] and not manual.problems
    assert [h.text for h in doc.outline().headings] == newpage.HEADINGS[kind]


# --- Previews -------------------------------------------------------------------------------------

def test_a_preview_goes_to_its_own_folder_and_is_removed_on_close(tmp_path):
    built, pages = tmp_path / "site", tmp_path / "preview"
    (built / "procedures").mkdir(parents=True)
    (built / "index.html").write_text("new")
    (built / "procedures" / "index.html").write_text("p")
    (pages / "pr-8").mkdir(parents=True)
    (pages / "pr-8" / "index.html").write_text("other pull request")
    (pages / "pr-7").mkdir()
    (pages / "pr-7" / "stale.html").write_text("old build of this one")
    preview.publish(built, pages, "7")
    assert sorted(p.relative_to(pages).as_posix() for p in pages.rglob("*") if p.is_file()) == [
        ".nojekyll", "pr-7/index.html", "pr-7/procedures/index.html", "pr-8/index.html"]
    assert preview.remove(pages, 7) and not (pages / "pr-7").exists() and (pages / "pr-8/index.html").read_text() == "other pull request"
    assert not preview.remove(pages, 7)
    with pytest.raises(preview.PreviewError, match='PR "../x" is not a pull request number'):
        preview.publish(built, pages, "../x")
    with pytest.raises(preview.PreviewError, match="holds no built site"):
        preview.publish(tmp_path / "nothing", pages, 3)
    # The command the workflow runs, with the system Python (nothing installed)
    result = subprocess.run(["python3", str(ROOT / "hooks" / "prpreview.py"), "publish", str(built), str(pages), "9"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and (pages / "pr-9" / "index.html").read_text() == "new"


def test_the_summary_command_appends_to_the_step_summary(repo, tmp_path):
    repo.write("procedures/c.md", page("proc-c", "## In brief\n\nNew.\n"))
    out = tmp_path / "summary.md"
    out.write_text("earlier step\n")
    code = f"import sys; sys.path.insert(0, {str(ROOT / 'hooks')!r}); import ci; from pathlib import Path; sys.exit(ci.pr_summary('main', {str(out)!r}, '', 'download the artefact', Path({str(repo.root)!r})))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"SOURCE_DATE_EPOCH": "1773000000", "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert text.startswith("earlier step\n# What this pull request changes")
    assert "**Preview:** download the artefact" in text and "New address: `/procedures/c/`" in text
