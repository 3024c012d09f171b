"""`make build`: leftovers of interrupted builds never block or clutter the next one, the built site is
checked before it replaces site/, and the address manifest changes only when the whole build succeeded."""
from __future__ import annotations

import shutil
import subprocess
import sys

import content
import sitecheck
from fixture_site import page

MANIFEST = "data/published-urls.txt"


def dead_pid() -> int:
    """The id of a process that has ended."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_leftovers_of_interrupted_builds_are_removed_and_do_not_block(site):
    site.write("procedures/a.md", page("a", "Text.\n"))
    old = site.root / "site.old" / "assets"  # Ctrl-C while site.old was being deleted
    old.mkdir(parents=True)
    (old / "half.css").write_text("x")
    for name in (f".site-{dead_pid()}-abc", ".site-k2j3h4", f".site-{dead_pid()}-xyz-old"):
        (site.root / name / "procedures").mkdir(parents=True)
    (site.root / f".site-{dead_pid()}-q.urls").write_text("/x/\n")
    (site.root / ".sitemap-notes").mkdir()  # not ours: another prefix
    result = site.build()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in site.root.iterdir() if p.name.startswith((".site", "site"))) == [".sitemap-notes", "site"]
    assert (site.root / "site" / "procedures" / "a" / "index.html").is_file()
    assert site.build().returncode == 0  # and again, with site/ in place


def test_the_folder_of_a_build_still_running_is_kept(site):
    site.write("procedures/a.md", page("a"))
    busy = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        theirs = site.root / f".site-{busy.pid}-abc"
        theirs.mkdir()
        assert site.build().returncode == 0
        assert theirs.is_dir()
    finally:
        busy.kill()
        busy.wait()


def test_an_interrupted_swap_gets_the_last_good_site_back(site):
    site.write("procedures/a.md", page("a", "Good.\n"))
    assert site.build().returncode == 0
    (site.root / "site").rename(site.root / f".site-{dead_pid()}-abc-old")  # killed between the renames
    site.write("procedures/a.md", page("a", "Now [broken](missing.md).\n"))
    assert site.build().returncode != 0
    assert "Good." in site.html("procedures/a")


def built(site):
    assert site.build().returncode == 0
    return site.root / "site", content.load(site.root)


def test_the_site_check_passes_a_good_build_and_finds_each_kind_of_fault(site):
    site.write("procedures/a.md", page("a", "See [b](b.md).\n"))
    site.write("procedures/b.md", page("b"))
    site.write("procedures/old.md", page("old", status="retired"))
    site.write("procedures/c.md", page("c", extra="redirect_from: [procedures/moved.md]\n"))
    out, manual = built(site)
    assert sitecheck.check(out, manual) == []
    assert (out / "procedures" / "old" / "index.html").is_file() and (out / "procedures" / "moved" / "index.html").is_file()

    shutil.rmtree(out / "procedures" / "b")
    (out / "procedures" / "stray.html").write_text("<p>hi</p>")
    (out / "procedures" / "notes.md").write_text("# raw")
    (out / "procedures" / "moved" / "index.html").unlink()
    found = {(p.path, p.line, p.message.split(":")[0]) for p in sitecheck.check(out, manual)}
    assert ("procedures/b.md", 1, "the build did not write its page (procedures/b/index.html)") in found
    assert ("procedures/c.md", manual.by_path["procedures/c.md"].line("redirect_from", 0), "the build did not write the redirect from procedures/moved.md (procedures/moved/index.html)") in found
    assert ("site/procedures/stray.html", 1, "the site would publish procedures/stray.html, which no document makes") in found
    assert ("site/procedures/notes.md", 1, "the site would publish the raw Markdown file procedures/notes.md") in found
    assert any(p == "procedures/a.md" and "links to ../b/" in m for p, _, m in {(p.path, p.line, p.message) for p in sitecheck.check(out, manual)})
    lines = (site.root / MANIFEST).read_text().splitlines()
    assert ("data/published-urls.txt", lines.index("/procedures/b/") + 1, "the published address /procedures/b/ does not answer in the new site") in found


def test_drafts_left_out_when_publishing_must_not_be_in_the_site(site):
    site.write("procedures/a.md", page("a"))
    out, manual = built(site)
    problems = sitecheck.check(out, manual, publish=True, drafts_when_publishing="exclude")
    assert any(p.path == "procedures/a.md" and "this draft is left out when publishing, but the build wrote it" in p.message for p in problems)


def test_a_build_whose_site_check_fails_does_not_replace_site_or_the_manifest(site):
    site.write("procedures/a.md", page("a", "First.\n"))
    assert site.build().returncode == 0
    before = (site.root / MANIFEST).read_text()
    site.write("procedures/b.md", page("b", "New.\n"))
    site.write("docs/stray.html", "<p>Not a page.</p>\n")  # copied as it is: not what the manual publishes
    result = site.build()
    assert result.returncode != 0
    assert "site/stray.html:1: error: the site would publish stray.html, which no document makes" in result.stderr or "docs/stray.html:1: error:" in result.stdout + result.stderr
    assert not (site.root / "site" / "procedures" / "b").exists()
    assert (site.root / MANIFEST).read_text() == before
    assert not list(site.root.glob(".site-*"))


def test_the_manifest_is_not_changed_by_a_build_that_fails_at_mkdocs_strict_stage(site):
    site.write("procedures/a.md", page("a"))
    assert site.build().returncode == 0
    before = (site.root / MANIFEST).read_text()
    assert "/procedures/a/\n" in before
    site.write("procedures/b.md", page("b", extra="redirect_from: [procedures/old-b.md]\n"))
    config = site.root / "mkdocs.yml"
    # A warning only MkDocs' strict mode turns into a failure, after every hook has run.
    config.write_text(config.read_text() + "\nextra_templates:\n  - no-such-template.html\n")
    result = site.build()
    assert result.returncode != 0 and "strict mode" in result.stdout + result.stderr
    assert (site.root / MANIFEST).read_text() == before
    config.write_text(config.read_text().replace("\nextra_templates:\n  - no-such-template.html\n", ""))
    assert site.build().returncode == 0
    after = (site.root / MANIFEST).read_text()
    assert "/procedures/b/\n" in after and "/procedures/old-b/\n" in after


def test_a_crash_while_building_a_page_names_the_page_without_a_traceback(site):
    """A fault no check foresaw (here a hook that raises on one page) stops the build with the page's
    path and plain words, keeps the last good site, and prints no traceback."""
    site.write("procedures/a.md", page("a", "Text.\n"))
    site.write("procedures/b.md", page("b", "Text.\n"))
    assert site.build().returncode == 0
    good = site.html("procedures/b")
    site.write("faulty_hook.py", "def on_page_markdown(markdown, page, **kwargs):\n    if page.file.src_uri == 'procedures/b.md':\n        raise RecursionError('maximum recursion depth exceeded')\n")
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("hooks:\n", "hooks:\n  - faulty_hook.py\n"))
    result = site.build()
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in out
    assert "procedures/b.md:1: error: the site could not be built from this page (RecursionError: maximum recursion depth exceeded)" in out
    assert site.html("procedures/b") == good
