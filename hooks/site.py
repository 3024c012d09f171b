"""The MkDocs hooks: thin calls into the plain modules beside this file.

Events used, and why:
- on_startup: remember whether this is `serve` (report problems, keep serving) or `build` (stop on errors).
- on_config: load and check the manual once per build (serve reloads the config on every rebuild, so no
  state survives between builds); add the link-rewriting Markdown extension.
- on_files: add procedures/ and thresholds/ (they live outside docs/), prove no file is dropped, and set
  the navigation from the content tree.
- on_page_markdown: tell the link rewriter which page is rendering; expand includes.
- on_page_content: the title, metadata block and notices, from the front matter.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

import checks
import content
import dates
import includes
import mdext
import nav
import render
import report
import xrefs

log = logging.getLogger("mkdocs.hooks.llr")


class State:
    command = "build"
    manual: content.Manual | None = None
    data: includes.Data | None = None
    index: xrefs.Index | None = None


def on_startup(command, dirty):
    State.command = command


def on_config(config):
    root = Path(config.config_file_path).parent
    State.manual = content.load(root)
    State.data = includes.load_data(root)
    State.index = xrefs.build(State.manual, State.data)
    problems = State.manual.problems + checks.run(State.manual, State.data, dates.today(), State.index)
    for problem in sorted(set(problems)):
        (log.error if problem.severity == "error" else log.info)(str(problem))
    failed = report.errors(problems)
    if failed and State.command != "serve":
        raise PluginError(report.summary(problems))
    config.markdown_extensions.append(mdext.RepoLinks())
    return config


def on_files(files, config):
    manual = State.manual
    for tree in ("procedures", "thresholds"):
        base = manual.root / tree
        for path in sorted(base.rglob("*")) if base.is_dir() else []:
            rel = path.relative_to(manual.root).as_posix()
            if path.is_file() and path.name != content.SECTION_FILE and not any(p.startswith(".") for p in rel.split("/")):
                files.append(File(rel, src_dir=str(manual.root), dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls))
    pages = {f.src_uri for f in files.documentation_pages(inclusion=InclusionLevel.is_included)}
    dropped = [d.path for d in manual.documents if content.src_uri(d.path) not in pages]
    if dropped:
        raise PluginError("These Markdown files would not become pages: " + ", ".join(dropped) + ". Move or rename them.")
    config.nav = nav.build(manual)
    return files


def on_page_markdown(markdown, page, config, files):
    path = content.repo_path(page.file.src_uri)
    mdext.Current.path = path
    return includes.expand(markdown, path, State.data)


def on_page_content(html, page, config, files):
    doc = State.manual.by_path.get(content.repo_path(page.file.src_uri))
    if doc is None or not doc.readable:
        return html
    if 'class="mermaid"' in html:  # our own copy, so Material does not fetch mermaid from a CDN
        html += f'<script src="{files.get_file_from_path("assets/vendor/mermaid/mermaid.min.js").url_relative_to(page.file)}"></script>'
    related = [State.manual.by_id[i] for i in xrefs.related_ids(doc) if i in State.manual.by_id]
    return render.header(doc) + html + render.footer(doc, related, State.index.referenced_by(doc.path))
