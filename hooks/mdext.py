"""A Markdown extension that rewrites relative links before MkDocs resolves them.

Authors link between the real files (docs/index.md -> ../procedures/x.md), which works in the
repository's file view; MkDocs knows docs/ files without their docs/ prefix, so each link is rewritten
to the same target in MkDocs' terms. It runs before MkDocs' own link processor (priority 0).
"""
from __future__ import annotations

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

import paths


class Current:
    """The repository path of the page being rendered, set by the hook before each page."""

    path = "docs/index.md"
    # (page, link as MkDocs sees it) -> link as the editor wrote it, so that MkDocs' warnings can quote
    # the editor's own words (hooks/buildlog.py). Emptied before each build.
    written: dict[tuple[str, str], str] = {}


class _Rewrite(Treeprocessor):
    def run(self, root):
        for tag, attr in (("a", "href"), ("img", "src")):
            for el in root.iter(tag):
                if el.get(attr):
                    new = paths.for_site(Current.path, el.get(attr))
                    Current.written[(Current.path, new)] = el.get(attr)
                    el.set(attr, new)


class RepoLinks(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_Rewrite(md), "llr_repo_links", 1)
