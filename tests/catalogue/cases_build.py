"""Cases that used to pass `make check` and then fail `make build` (on a MkDocs warning with no line), or
change or break the published-address manifest; and leftovers of interrupted builds, which must not
stop the next one. Category "place": the check and the build must agree on the file and line;
"manifest": the addresses the site has published."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from catalogue.case import Case
from fixture_site import page

BODY = 17  # the first body line of fixture_site.page() without extra fields
EXTRA = 16  # the line of the first extra field
B = page("b", "## Target heading\n\nText.\n")
APPROVED = "approved_by: Policy and Procedures Group\napproved_on: 2026-01-10\neffective_from: 2026-01-10\n"
MANIFEST = "data/published-urls.txt"


def links(body: str, **more: str) -> dict[str, str]:
    """procedures/a.md with `body`, and the page it links to, procedures/b.md."""
    return {"procedures/a.md": page("a", body), "procedures/b.md": B, **more}


def exclude_drafts(root: Path) -> None:
    """Publishing leaves drafts out (review_policy drafts_when_publishing: exclude), as `make build PUBLISH=1` may."""
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("drafts_when_publishing: fail", "drafts_when_publishing: exclude"))


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def half_deleted_site_old(root: Path) -> None:
    """Ctrl-C while the old site was being removed: a site.old/ with some of its files left."""
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("<p>the last good site</p>")
    left = root / "site.old" / "assets" / "javascripts"
    left.mkdir(parents=True)
    (left / "bundle.js").write_text("half")


def killed_builds(root: Path) -> None:
    """Builds killed half way: their temporary folders, an interrupted swap's old site, a file of addresses."""
    for name in (f".site-{_dead_pid()}-a1b2", ".site-x7y8z9", f".site-{_dead_pid()}-c3d4-old"):
        (root / name / "procedures").mkdir(parents=True)
        (root / name / "procedures" / "index.html").write_text("stale")
    (root / f".site-{_dead_pid()}-e5f6.urls").write_text("/stale/\n")


CASES = [
    # Invisible and space characters in a link's address, pasted from Word or an email.
    Case("nbsp-in-link-path", "place", links("See [b](b\u00a0.md).\n"), ("procedures/a.md", BODY, "no-break space, U+00A0")),
    Case("nbsp-in-link-anchor", "place", links("See [b](b.md#target\u00a0heading).\n"), ("procedures/a.md", BODY, "no-break space")),
    Case("zero-width-space-in-link", "place", links("See [b](b\u200b.md).\n"), ("procedures/a.md", BODY, "zero width space, U+200B")),
    Case("em-space-in-link", "place", links("See [b](b\u2003.md).\n"), ("procedures/a.md", BODY, "em space")),
    Case("soft-hyphen-in-link", "place", links("See [b](b\u00ad.md).\n"), ("procedures/a.md", BODY, "soft hyphen")),
    Case("space-in-link", "place", links("See [b](my page.md).\n"), ("procedures/a.md", BODY, "holds a space")),
    Case("space-in-reference-definition", "place", links("See [b][r].\n\n[r]: <my b.md>\n"), ("procedures/a.md", BODY, "holds a space")),
    # Headings that are not headings on the page: no anchor to link to.
    Case("heading-only-in-html-comment", "place",
         {"procedures/a.md": page("a", "See [b](b.md#hidden).\n"), "procedures/b.md": page("b", "Text.\n\n<!--\n## Hidden\n-->\n")},
         ("procedures/a.md", BODY, 'has no heading "hidden"')),
    Case("heading-only-in-code-block", "place",
         {"procedures/a.md": page("a", "See [b](b.md#hidden).\n"), "procedures/b.md": page("b", "```\n## Hidden\n```\n")},
         ("procedures/a.md", BODY, 'has no heading "hidden"')),
    Case("heading-only-in-raw-html-block", "place",
         {"procedures/a.md": page("a", "See [b](b.md#hidden).\n"), "procedures/b.md": page("b", "<div>\n## Hidden\n</div>\n")},
         ("procedures/a.md", BODY, 'has no heading "hidden"')),
    Case("anchor-differs-by-case", "place", links("See [b](b.md#Target-Heading).\n"), ("procedures/a.md", BODY, 'did you mean "target-heading"')),
    Case("anchor-on-a-generated-page", "place", links("See [changes](../docs/amendments.md#no-such-month).\n"), ("procedures/a.md", BODY, 'amendments.md has no heading "no-such-month"')),
    Case("heading-in-an-admonition-is-a-heading", "place",
         {"procedures/a.md": page("a", "See [b](b.md#in-the-box).\n"), "procedures/b.md": page("b", "!!! note\n    ## In the box\n\n    Text.\n")}, errors=0),
    # Links MkDocs reads although a line-by-line reading does not.
    Case("link-text-wraps-onto-the-next-line", "place", links("See [the b\npage](missing.md).\n"), ("procedures/a.md", BODY + 1, "there is no page procedures/missing.md")),
    Case("link-text-with-nested-brackets", "place", links("See [a [b [c]]](missing.md).\n"), ("procedures/a.md", BODY, "there is no page procedures/missing.md")),
    # Nesting too deep for Python-Markdown, which stopped the build with a recursion error and no line.
    Case("list-nested-too-deep", "place", {"procedures/a.md": page("a", "".join("    " * i + "- item\n" for i in range(400)))},
         ("procedures/a.md", BODY + 21, "nested more than 20 levels")),
    Case("markdown-blocks-nested-too-deep", "place", {"procedures/a.md": page("a", "<div markdown>\n" * 400 + "Text.\n" + "</div>\n" * 400)},
         ("procedures/a.md", BODY + 20, "HTML blocks with the markdown attribute are open")),
    Case("emphasis-run-too-long", "place", {"procedures/a.md": page("a", "Text " + "*" * 3000 + "x" + "*" * 3000 + "\n")},
         ("procedures/a.md", BODY, "3000 asterisks in a row")),
    # Targets that are not pages of the site.
    Case("link-to-a-folder", "place", links("See [b](sub/).\n", **{"procedures/sub/c.md": page("c")}), ("procedures/a.md", BODY, "points at a folder")),
    Case("absolute-link", "place", links("See [b](/procedures/b/).\n"), ("procedures/a.md", BODY, "uses an address on the site")),
    Case("link-outside-the-trees", "place", links("See [the readme](../README.md).\n"), ("procedures/a.md", BODY, "leads out of the manual")),
    Case("link-to-a-section-file", "place", links("See [s](_section.yml).\n", **{"procedures/_section.yml": "title: Procedures\n"}), ("procedures/a.md", BODY, "not published on the site")),
    Case("link-to-a-hidden-file", "place", links("See [notes](.notes.txt).\n", **{"procedures/.notes.txt": "x\n"}), ("procedures/a.md", BODY, "not published on the site")),
    Case("link-to-a-theme-file", "place",
         {"docs/a.md": page("a", "See [the theme](overrides/theme.html).\n", type="public"), "docs/overrides/theme.html": "<p>x</p>\n"},
         ("docs/a.md", BODY, "not published on the site")),
    Case("link-to-a-heading-of-a-retired-page", "place",
         {"procedures/a.md": page("a", "See [b](b.md#target-heading).\n"), "procedures/b.md": page("b", "## Target heading\n", status="retired")},
         ("procedures/a.md", BODY, "which is retired")),
    Case("link-to-a-draft-left-out-when-publishing", "place",
         {"procedures/a.md": page("a", "See [b](b.md#target-heading).\n", status="approved", extra=APPROVED), "procedures/b.md": B},
         ("procedures/a.md", BODY + 3, "left out when publishing"), env={"LLR_PUBLISH": "1"}, setup=exclude_drafts),
    Case("related-to-a-draft-left-out-when-publishing", "place",
         {"procedures/a.md": page("a", "Text.\n", status="approved", extra=APPROVED + "related: [b]\n"), "procedures/b.md": B},
         ("procedures/a.md", EXTRA + 3, "left out when publishing"), env={"LLR_PUBLISH": "1"}, setup=exclude_drafts),
    # Links the build writes from data (raw HTML, which MkDocs does not check): a reader would hit a dead end.
    Case("glossary-link-to-a-missing-heading", "place",
         {"procedures/b.md": B, "data/glossary.yml": "- term: Strategy discussion\n  definition: A meeting.\n  link: procedures/b.md#nowhere\n"},
         ("data/glossary.yml", 1, 'that page has no heading "nowhere"')),
    Case("glossary-link-to-a-retired-page", "place",
         {"procedures/b.md": page("b", status="retired"), "data/glossary.yml": "- term: Strategy discussion\n  definition: A meeting.\n  link: procedures/b.md\n"},
         ("data/glossary.yml", 1, "which is retired and has no page on the site")),
    # The published addresses.
    Case("redirect-from-an-existing-page", "manifest",
         {"procedures/b.md": B, "procedures/c.md": page("c", "See [b](b.md).\n", extra="redirect_from: [procedures/b.md]\n")},
         ("procedures/c.md", EXTRA, "a page still has that address")),
    Case("redirect-from-a-withdrawn-page", "manifest",
         {"procedures/b.md": page("b", status="retired"), "procedures/c.md": page("c", extra="redirect_from: [procedures/b.md]\n")},
         ("procedures/c.md", EXTRA, "a page still has that address")),
    Case("redirect-from-a-generated-page", "manifest",
         {"procedures/c.md": page("c", extra="redirect_from: [docs/amendments.md]\n")},
         ("procedures/c.md", EXTRA, "a page still has that address")),
    Case("redirect-to-a-draft-left-out-when-publishing", "manifest",
         {"procedures/b.md": page("b", extra="redirect_from: [procedures/old.md]\n")},
         ("procedures/b.md", EXTRA, "would lead to this page, which is a draft"), env={"LLR_PUBLISH": "1"}, setup=exclude_drafts),
    Case("published-address-of-a-draft-left-out", "manifest",
         {"procedures/b.md": B, MANIFEST: "# Every address.\n/procedures/b/\n"},
         (MANIFEST, 2, "/procedures/b/ is procedures/b.md, which is a draft"), env={"LLR_PUBLISH": "1"}, setup=exclude_drafts),
    Case("published-address-that-leads-nowhere", "manifest",
         {MANIFEST: "# Every address.\n/\n/procedures/gone/\n"}, (MANIFEST, 3, "/procedures/gone/ no longer leads anywhere")),
    Case("one-address-for-index-and-file", "manifest",
         {"procedures/a.md": page("a"), "procedures/a/index.md": page("a-index")},
         ("procedures/a/index.md", 1, "the same address /procedures/a/")),
    # MkDocs would publish README.md at the folder's address too; the name rule refuses it first, and
    # renamed as it says (readme.md) it has its own address, so the clash is not a second error.
    Case("readme-beside-index", "manifest",
         {"procedures/x/index.md": page("x"), "procedures/x/README.md": page("x-readme")},
         ("procedures/x/README.md", 1, "rename `README.md` to `readme.md`")),
    # Leftovers of interrupted builds: the build succeeds and removes them (tests/test_build.py looks closer).
    Case("half-deleted-site-old", "manifest", {"procedures/a.md": page("a")}, errors=0, setup=half_deleted_site_old),
    Case("temporary-folders-of-killed-builds", "manifest", {"procedures/a.md": page("a")}, errors=0, setup=killed_builds),
]
