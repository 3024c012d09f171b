"""The content pipeline end to end, on tiny fixture sites built with the real hooks."""
from fixture_site import page


def test_pages_from_the_three_trees_appear_at_their_urls_and_link_to_each_other(site):
    site.write("docs/report.md", page("report", "See [referrals](../procedures/cp/referrals.md#consent).\n", type="public"))
    site.write("procedures/cp/referrals.md", page("referrals", """
        ## Consent

        Use [level 4](../../thresholds/levels.md#level-4) and tell the [public](../../docs/report.md).
        """))
    site.write("thresholds/levels.md", page("levels", "## Level 4: specialist {#level-4}\n\nText.\n", type="threshold"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert 'href="../procedures/cp/referrals/#consent"' in site.html("report")
    referrals = site.html("procedures/cp/referrals")
    assert 'href="../../../thresholds/levels/#level-4"' in referrals
    assert 'href="../../../report/"' in referrals
    assert 'id="level-4"' in site.html("thresholds/levels")


def test_the_metadata_block_is_under_the_title(site):
    site.write("procedures/a.md", page("a", "Body.\n", title="A procedure"))
    assert site.build().returncode == 0
    html = site.html("procedures/a")
    assert "<h1>A procedure</h1>" in html
    assert "Status: Draft · Version 1.0 · Not yet in force" in html
    assert "Last reviewed 10 January 2026 · Next review due" in html and "10 January 2027" in html
    assert "Owner: Policy and Procedures Group" in html


def test_navigation_follows_order_and_section_titles(site):
    site.write("procedures/_section.yml", "title: The procedures\norder: 5\n")
    site.write("procedures/b.md", page("b", title="Bravo", extra="order: 1\n"))
    site.write("procedures/a.md", page("a", title="Alpha", extra="order: 2\n"))
    assert site.build().returncode == 0
    nav = site.html("procedures/a").split('md-nav--primary', 1)[1]
    assert "The procedures" in nav
    assert nav.index("Bravo") < nav.index("Alpha")


def test_a_content_error_stops_the_build_with_file_and_line(site):
    site.write("procedures/a.md", page("a").replace("review_due: 2027-01-10", "review_due: 2026-02-30"))
    site.write("procedures/b.md", page("b").replace("owner: Policy and Procedures Group", "owner: Nobody"))
    result = site.build()
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert 'procedures/a.md:9: error: review_due "2026-02-30" is not a real date' in out
    assert 'procedures/b.md:7: error: owner "Nobody" is not one of' in out  # both reported in one run
    assert "Traceback" not in out


def test_a_duplicate_id_fails_the_build(site):
    site.write("procedures/a.md", page("same"))
    site.write("thresholds/b.md", page("same", type="threshold"))
    result = site.build()
    assert result.returncode != 0
    assert 'id "same" is already used by procedures/a.md' in result.stdout + result.stderr


def test_a_file_that_would_be_dropped_fails_the_build(site):
    site.write("procedures/.hidden.md", page("hidden"))
    site.write("docs/overrides/page.md", page("theme-page"))
    result = site.build()
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "procedures/.hidden.md:1: error: a file or folder whose name starts with a dot is not published" in out
    assert "docs/overrides/page.md:1: error: pages cannot live in docs/overrides/" in out


def test_two_files_with_one_address_fail_the_build(site):
    site.write("procedures/a.md", page("a"))
    site.write("procedures/a/index.md", page("a-index"))
    result = site.build()
    assert result.returncode != 0
    assert "procedures/a/index.md:1: error: this page would have the same address /procedures/a/ as procedures/a.md" in result.stdout + result.stderr


def test_a_failed_build_keeps_the_last_good_site(site):
    site.write("procedures/a.md", page("a", "First.\n"))
    assert site.build().returncode == 0
    good = site.html("procedures/a")
    site.write("procedures/a.md", page("a", "Second, with [a broken link](missing.md).\n"))
    result = site.build()
    assert result.returncode != 0
    assert "site/ still holds the last good site" in result.stderr
    assert site.html("procedures/a") == good
    assert not list(site.root.glob(".site-*")), "the temporary build folder is removed"
