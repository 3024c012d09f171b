"""What the search indexes and the words it knows (hooks/search.py), on fixture sites and the real one.
The search itself is tested in Chromium (tests/browser/test_search.py)."""
import json
from pathlib import Path

import content
import includes
import search
from fixture_site import page


def test_drafts_are_searched_but_old_editions_and_pages_for_editors_are_not():
    assert search.indexed("procedures/a.md", {"status": "draft"})
    assert search.indexed("procedures/a.md", {"status": "approved"})
    assert not search.indexed("procedures/a.md", {"status": "superseded"})
    assert not search.indexed("procedures/a.md", {"status": "retired"})
    assert not search.indexed("docs/editors/index.md", {"status": "draft"})
    assert not search.indexed("docs/how-to-edit.md", {"audience": "editors"})
    assert not search.indexed("thresholds/archive/index.md", {})
    for generated in content.GENERATED:
        assert not search.indexed(generated, {})


def test_the_words_people_use_come_from_the_glossary_and_the_manual(site):
    site.write("data/glossary.yml", """\
- term: Local authority designated officer
  abbr: LADO
  also: ["allegations against staff"]
  definition: The officer who manages allegations.
- term: Children's social care
  definition: The council's service.
""")
    site.write("procedures/a.md", page("a", "## Strategy discussions\n\nBody words here.\n", title="Neglect and harm"))
    manual, data = content.load(site.root), includes.load_data(site.root)
    terms = search.terms(manual, data)
    assert ["allegations against staff", "lado", "local authority designated officer"] in terms["groups"]
    assert not any("children" in " ".join(g) for g in terms["groups"]), "a term with no other words makes no group"
    assert {"neglect", "harm", "strategy", "discussions", "designated", "lado"} <= set(terms["terms"])
    assert {"body", "words", "here"} <= set(terms["words"])
    assert not set(terms["terms"]) & set(terms["words"])


def test_the_page_a_glossary_term_links_to_is_indexed_under_all_its_words(site):
    site.write("data/glossary.yml", """\
- term: Multi-agency safeguarding hub
  abbr: MASH
  also: ["front door"]
  definition: A team.
  link: procedures/a.md
- term: Referral & assessment
  definition: A form.
  link: procedures/a.md
- term: Neglect
  definition: Not linked to a page.
""")
    site.write("procedures/a.md", page("a", "## Referral\n\nBody words only.\n"))
    covered = search.covered(includes.load_data(site.root))
    assert list(covered) == ["procedures/a.md"]
    assert "Multi-agency safeguarding hub (MASH, front door); Referral &amp; assessment" in covered["procedures/a.md"]
    result = site.build()
    assert result.returncode == 0, result.stdout + result.stderr
    body = site.html("procedures/a").split("data-pagefind-body", 1)[1]
    assert f'<p hidden data-pagefind-weight="{search.COVERED_WEIGHT}">In the glossary: Multi-agency' in body, \
        "in the indexed block, and not shown"


def test_the_build_indexes_content_only_and_publishes_the_terms(site):
    site.write("procedures/a.md", page("a", "## Strategy\n\nBody.\n"))
    site.write("procedures/old.md", page("old", "Old text.\n", status="superseded", extra="superseded_by: a\n"))
    result = site.build()
    assert result.returncode == 0, result.stdout + result.stderr
    html = site.html("procedures/a")
    body = html.split("data-pagefind-body", 1)[1]
    assert "<h1" in body.split("data-pagefind-ignore", 1)[0], "the title is indexed"
    assert "data-pagefind-body" not in site.html("procedures/old")
    assert (site.root / "site" / "pagefind" / "pagefind.js").is_file()
    assert not (site.root / "site" / "pagefind" / "pagefind-ui.js").exists(), "only what the site uses is published"
    terms = json.loads((site.root / "site" / search.TERMS_FILE).read_text())
    assert "strategy" in terms["terms"]


def test_other_words_for_a_glossary_term_must_be_a_list(site):
    site.write("data/glossary.yml", "- term: Strategy discussion\n  also: strategy meeting\n  definition: A discussion.\n")
    data = includes.load_data(site.root)
    assert [(p.path, p.line) for p in data.problems] == [("data/glossary.yml", 1)]
    assert "must be a list of words" in data.problems[0].message


def test_indexing_runs_in_the_background_and_a_failed_build_stops_it(tmp_path):
    """Pagefind indexes while the build writes the pages (site.py starts it in on_env); `finish` waits for
    it, `cancel` (a build that failed) stops it and leaves no copy of the pages behind."""
    html = '<div data-pagefind-body><h1>Neglect</h1><p>Signs of neglect in a baby.</p></div>'
    running = search.Indexing(tmp_path / "site", {"a/index.html": html})
    assert running.proc.poll() is None or running.proc.returncode == 0  # started, not waited for
    assert running.finish() == "Search: indexed 1 pages"
    assert list((tmp_path / "site" / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert not Path(running.tmp.name).exists()
    stopped = search.Indexing(tmp_path / "other", {"a/index.html": html})
    stopped.cancel()
    assert stopped.proc.returncode is not None and not Path(stopped.tmp.name).exists()
