"""Every kind of reference, on tiny fixture sites: the exact message and line of each problem."""
import datetime as dt

import pytest

import checks
import content
import includes
import xrefs
from fixture_site import page

TODAY = dt.date(2026, 3, 1)


def problems(site) -> list[str]:
    manual = content.load(site.root)
    data = includes.load_data(site.root)
    found = manual.problems + checks.run(manual, data, TODAY)
    return [str(p) for p in sorted(set(found)) if "contact" not in p.message]


@pytest.fixture
def two_pages(site):
    site.write("procedures/strategy.md", page("strategy", """
        ## Quoracy

        ## Who attends {#attendance}

        ## See [the guide](other.md) and `code`
        """))
    return site


# Columns: the link as written in procedures/a.md (line 19), the expected problem, or None when it resolves.
LINKS = [
    ("strategy.md#quoracy", None),
    ("strategy.md#attendance", None),
    ("strategy.md#see-the-guide-and-code", None),
    ("strategy.md?print=1#quoracy", None),
    ("strategy.md#quorum", 'broken link "strategy.md#quorum": strategy.md has no heading "quorum" (did you mean "quoracy"?)'),
    ("strategi.md", 'broken link "strategi.md": there is no page procedures/strategi.md (did you mean "strategy.md"?)'),
    ("../thresholds/levels.md#level-4", None),
    ("../thresholds/levels.md#level-5", 'broken link "../thresholds/levels.md#level-5": levels.md has no heading "level-5" (did you mean "level-4"?)'),
    ("#top-section", None),
    ("#nowhere", 'broken link "#nowhere": this page has no heading "nowhere"'),
    ("../README.md", 'link "../README.md" leads out of the manual (to README.md): link only to files under docs/, procedures/ or thresholds/, or give a full https:// address'),
    ("/procedures/strategy/", 'link "/procedures/strategy/" uses an address on the site: link to the file with a relative path instead, like "../procedures/child-protection/making-a-referral.md"'),
    ("https://www.gov.uk/", None),
    ("a.md", None),
]


@pytest.mark.parametrize("link,expected", LINKS)
def test_links_and_anchors(two_pages, link, expected):
    two_pages.write("thresholds/levels.md", page("levels", "## Level 4: specialist {#level-4}\n", type="threshold"))
    two_pages.write("procedures/a.md", page("a", f"## Top section\n\nSee [this]({link}).\n"))
    found = [p for p in problems(two_pages) if p.startswith("procedures/a.md")]
    assert found == ([f"procedures/a.md:19: error: {expected}"] if expected else [])


def test_links_in_code_are_ignored(site):
    site.write("procedures/a.md", page("a", "Inline `[x](missing.md)` code.\n\n```\n[y](missing.md)\n```\n"))
    assert problems(site) == []


def test_images_and_downloads_are_checked(site):
    site.write("procedures/a.md", page("a", "![Chart](img/chart.png)\n\n[Form](forms/marf.docx)\n"))
    site.write("procedures/img/chart.png", "png")
    assert problems(site) == ['procedures/a.md:19: error: broken link "forms/marf.docx": the file procedures/forms/marf.docx does not exist: check the name, or add the file']


def test_unknown_and_self_related_ids(site):
    site.write("procedures/strategy.md", page("strategy-discussions"))
    site.write("procedures/a.md", page("a", extra="related: [strategy-discusions, a]\n"))
    assert problems(site) == [
        'procedures/a.md:16: error: related id "a" is this document itself: remove it',
        'procedures/a.md:16: error: related id "strategy-discusions" does not exist (did you mean "strategy-discussions"?): use the id of another document',
    ]


def test_a_link_to_a_retired_page_names_the_current_version(site):
    site.write("procedures/new.md", page("new", title="The new procedure"))
    site.write("procedures/old.md", page("old", status="retired", extra="superseded_by: new\n"))
    site.write("procedures/a.md", page("a", "[Old](old.md)\n", extra="related: [old]\n"))
    assert problems(site) == [
        "procedures/a.md:16: error: related id \"old\" goes to procedures/old.md, which is retired: link to the current version, The new procedure (procedures/new.md)",
        "procedures/a.md:18: error: link \"old.md\" goes to procedures/old.md, which is retired: link to the current version, The new procedure (procedures/new.md)",
    ]


def test_a_link_from_an_approved_page_to_a_draft_is_a_warning(site):
    approved = 'approved_by: Policy and Procedures Group\napproved_on: 2026-01-10\neffective_from: 2026-01-10\n'
    site.write("procedures/draft.md", page("draft"))
    site.write("procedures/a.md", page("a", "[Draft](draft.md)\n", status="approved", extra=approved))
    assert problems(site) == ["procedures/a.md:20: warning: link \"draft.md\" goes from this approved document to procedures/draft.md, which is still a draft"]


def test_related_and_referenced_by_are_on_the_page(site):
    site.write("procedures/a.md", page("a", "Text.\n", title="Alpha", extra="related: [b]\n"))
    site.write("procedures/b.md", page("b", "See [Alpha](a.md).\n", title="Bravo"))
    site.write("procedures/c.md", page("c", "See [Alpha](a.md#x).\n", title="Charlie").replace("#x", ""))
    assert site.build().returncode == 0
    alpha = site.html("procedures/a")
    related = alpha.split('llr-related', 1)[1].split("</nav>", 1)[0]
    referenced = alpha.split('llr-referenced-by', 1)[1].split("</nav>", 1)[0]
    assert "Bravo" in related and 'href="../b/"' in related
    assert "Bravo" in referenced and "Charlie" in referenced
    assert "Referenced by" not in site.html("procedures/c")


def test_the_index_finds_heading_ids_as_the_site_renders_them():
    headings, links, *_ = __import__("scan").scan("## A & B: *the* [link](x.md)\n## A & B: the link\n## `code()` here!\n", 1)
    assert [h.id for h in headings] == ["a-b-the-link", "a-b-the-link_1", "code-here"]
    assert [(l.url, l.line) for l in links] == [("x.md", 1)]


def test_a_moved_page_needs_a_redirect_and_gets_a_real_one(site):
    site.write("procedures/referrals.md", page("referrals", "Text.\n", title="Referrals"))
    assert site.build().returncode == 0
    manifest = (site.root / "data" / "published-urls.txt").read_text()
    assert "/procedures/referrals/\n" in manifest
    (site.root / "procedures" / "referrals.md").rename(site.root / "procedures" / "making-a-referral.md")
    result = site.build()
    assert result.returncode != 0
    line = manifest.splitlines().index("/procedures/referrals/") + 1
    assert (f"data/published-urls.txt:{line}: error: the published address /procedures/referrals/ no longer leads anywhere: "
            "if the page moved, add `redirect_from: [procedures/referrals.md]`") in result.stderr
    site.write("procedures/making-a-referral.md", page("referrals", "Text.\n", title="Referrals", extra="redirect_from: [procedures/referrals.md]\n"))
    assert site.build().returncode == 0
    assert 'content="0; url=../making-a-referral/"' in site.html("procedures/referrals")
    assert "/procedures/making-a-referral/" in (site.root / "data" / "published-urls.txt").read_text()


def test_orphans_are_warned_about(site):
    site.write("thresholds/index.md", page("current", "Now.\n", type="threshold"))
    site.write("thresholds/archive/2024/index.md", page("edition-2024", "Then.\n", type="threshold", status="superseded", extra="superseded_by: current\n"))
    site.write("thresholds/archive/2023/index.md", page("edition-2023", "Then.\n", type="threshold", status="superseded", extra="superseded_by: edition-2024\n"))
    assert problems(site) == []  # each edition is reached from the version history of the one that replaced it
    site.write("procedures/a.md", page("a", "[B](b.md)\n"))
    site.write("procedures/b.md", page("b"))
    manual = content.load(site.root)
    outside_nav = lambda d: False  # as if nothing were in the navigation
    found = [str(p) for p in xrefs.orphans(xrefs.build(manual), in_nav=outside_nav) if p.path.startswith("procedures/")]
    assert found == ["procedures/a.md:1: warning: nothing links to this document and it is not in the navigation, so readers cannot find it: link to it from a related page"]


def test_the_blocks_the_build_adds_are_left_out_of_search(site):
    site.write("procedures/a.md", page("a", "## Consent\n\nProcedure text.\n", title="Alpha", extra="related: [b]\n"))
    site.write("procedures/b.md", page("b", "See [Alpha](a.md).\n", title="Bravo"))
    assert site.build().returncode == 0
    import search

    text = search.indexed_pages(site.root / "site")["/procedures/a/"]["content"]
    assert text.startswith("Alpha.") and "Procedure text." in text
    assert "Referenced by" not in text and "Version history" not in text and "Owner:" not in text


def test_relative_paths_are_those_of_posixpath():
    import posixpath
    import random

    import paths

    rnd, parts = random.Random(1), ["a", "b", "procedures", "index.md"]
    for _ in range(5000):
        target, start = ("/".join(rnd.choices(parts, k=rnd.randint(0, 4))) for _ in range(2))
        assert paths.relpath(target, start) == posixpath.relpath("/" + target, "/" + start), (target, start)


def test_a_link_whose_host_cannot_be_read_is_a_web_address_not_a_crash():
    """Found by Hypothesis (tests/test_properties.py): urlsplit refuses "//[" with ValueError."""
    import paths

    for url in ("//[", "https://[x/"):
        assert paths.is_external(url) and paths.resolve("procedures/a.md", url) is None and paths.unreadable(url)
    assert not paths.unreadable("a.md#[x]") and not paths.unreadable("https://www.example.gov.uk/")


def test_the_check_refuses_a_link_whose_host_cannot_be_read(site):
    site.write("procedures/a.md", page("a", "See [x](//[).\n"))
    assert any('link "//[" is not an address a browser can read' in p for p in problems(site))
