"""The MkDocs hooks: thin calls into the plain modules beside this file.

Events used, and why:
- on_startup: remember whether this is `serve` (report problems, keep serving, strict mode off) or `build`
  (stop on errors).
- on_config: load and check the manual once per build (serve reloads the config on every rebuild, so no
  state survives between builds); draw the diagrams that are not drawn yet (hooks/diagrams.py); add the
  link-rewriting Markdown extension and the ```mermaid fence formatter.
- on_files: add procedures/ and thresholds/ (they live outside docs/), leave out what is not published,
  prove no file is dropped, add the generated pages and files and the diagrams' full-size pictures, and
  set the navigation.
- on_page_read_source: hand MkDocs the body of each page already read in on_config, so no page is read
  or parsed twice.
- on_page_markdown: set the page's metadata from that parse; tell the link rewriter which page is
  rendering; expand includes; keep superseded documents out of search.
- on_build_error: in `build`, a crash is reported as `path:line: error:` with no traceback.
- on_serve, on_shutdown: the preview keeps answering when a rebuild fails (hooks/preview.py).
- on_post_build: stop if a rendered page broke the allow-list (hooks/safehtml.py); the threshold document's PDF; in `serve`, the problems panel on every page
  (hooks/preview.py); in `build`, this build's addresses for `make build` (hooks/cli.py), which adds them
  to the published-URL manifest once the whole build has succeeded and site/ is the new site.
- on_page_content: the page's HTML through the allow-list sanitiser (anything it would change is an
  error, and the build stops in on_post_build); the title; the metadata block, banners, version history and link lists are made here
  and kept aside.
- on_page_context: add what was kept aside, and the generated pages' lists and tables. Hooks run after
  plugins, so Material's search has indexed the page by then: search finds the procedures' own text, and
  does not parse the same blocks on every page.
"""
from __future__ import annotations

import logging
import os
import subprocess
from html import escape
from pathlib import Path

from mkdocs.exceptions import Abort, BuildError, PluginError
from mkdocs.structure.files import File, InclusionLevel

import addresses
import amendments
import buildlog
import checks
import contacts
import content
import dates
import diagrams
import includes
import mdext
import model
import nav
import paths
import pdf
import preview
import questions
import render
import report
import reviews
import search
import sitecheck
import safehtml
import theme
import xrefs

log = logging.getLogger("mkdocs.hooks.llr")

SCHEDULE_PAGE, AMENDMENTS_PAGE = content.GENERATED[1], content.GENERATED[0]


class State:
    command = "build"
    manual: content.Manual | None = None
    data: includes.Data | None = None
    index: xrefs.Index | None = None
    policy = reviews.Policy()
    today = None
    publish = False
    editions: dict = {}
    blocks: dict = {}  # src_uri -> (title length, what goes under the title, what goes at the foot)
    slots: dict = {}  # src_uri of a generated page -> its HTML blocks (render.slot)
    searched: dict = {}  # the page's file in the site -> what search indexes of it (hooks/search.py)
    covered: dict = {}  # a page's path -> the glossary terms it covers, for its indexed block (search.covered)
    indexing = None  # search.Indexing, from on_env to on_post_build
    problems: list = []  # what the check found, for the preview's problems panel
    unsafe: list = []  # what the sanitiser would have changed on the rendered pages (hooks/safehtml.py)
    reported: set = set()  # files with errors from on_config (when serving, their pages are not reported twice)


def published(doc) -> bool:
    """Whether a document becomes a page: retired ones never do; drafts not when publishing with exclude."""
    return sitecheck.published(doc, State.publish, State.policy.drafts_when_publishing)


def on_startup(command, dirty):
    State.command = command


def on_config(config):
    root = Path(config.config_file_path).parent
    State.today = dates.today()
    State.policy = reviews.load_policy(root)
    State.publish = os.environ.get("LLR_PUBLISH") == "1"
    State.manual = content.load(root)
    State.data = includes.load_data(root)
    State.index = xrefs.build(State.manual, State.data)
    State.blocks = {}
    State.searched = {}
    mdext.Current.written = {}
    buildlog.start(root)
    State.unsafe = []
    State.editions = {}  # id -> the superseded editions it replaced, for its version history
    for d in State.manual.documents:
        if d.meta.get("status") == "superseded" and isinstance(d.meta.get("superseded_by"), str):
            State.editions.setdefault(d.meta["superseded_by"], []).append(d)
    diagrams.Current.table, drawn = diagrams.prepare(State.manual.documents, root)
    problems = drawn + State.manual.problems + checks.run(State.manual, State.data, State.today, State.index, State.policy, State.publish)
    State.problems = problems
    if State.command == "serve":
        preview.no_strict(config)
    for problem in sorted(set(problems)):
        (log.error if problem.severity == "error" else log.info)(str(problem))
    State.reported = {p.path for p in problems if p.severity == "error"}
    if report.errors(problems) and State.command != "serve":
        raise PluginError(report.summary(problems))
    config.markdown_extensions.append(mdext.RepoLinks())
    fences = config.mdx_configs.setdefault("pymdownx.superfences", {}).setdefault("custom_fences", [])
    fences[:] = [f for f in fences if f.get("name") != diagrams.LANGUAGE]
    fences.append({"name": diagrams.LANGUAGE, "class": "llr-diagram", "format": diagrams.fence})
    # One notice on every page while the whole manual is draft (docs/overrides/main.html shows it).
    config.extra["llr_site_notice"] = render.site_notice([d for d in State.manual.documents if published(d)])
    return config


def on_files(files, config):
    manual = State.manual
    # Only the files the loader accepted (content.tree_files): no symbolic link, no file named outside the
    # rule, is read or copied into the site, even when `serve` carries on past the errors.
    accepted = set(manual.files)
    for f in list(files):
        rel = content.repo_path(f.src_uri)
        if rel.startswith(content.TREES) and not rel.startswith(content.NOT_PAGES) and rel not in accepted:
            files.remove(f)
    for rel in manual.files:
        if rel.startswith(("procedures/", "thresholds/")) and not rel.endswith(content.SECTION_FILE) and not any(p.startswith(".") for p in rel.split("/")):
            files.append(File(rel, src_dir=str(manual.root), dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls))
    pages = {f.src_uri for f in files.documentation_pages(inclusion=InclusionLevel.is_included)}
    dropped = [d.path for d in manual.documents if content.src_uri(d.path) not in pages]
    if dropped:
        raise PluginError("These Markdown files would not become pages: " + ", ".join(dropped) + ". Move or rename them.")
    for doc in manual.documents:
        if not published(doc):
            files.remove(files.get_file_from_path(content.src_uri(doc.path)))
            if doc.meta.get("status") == "retired":
                files.append(_withdrawn_file(doc, config))
    for old, (path, _) in addresses.redirects(manual).items():
        if not published(manual.by_path[path]) and manual.by_path[path].meta.get("status") != "retired":
            continue  # a draft left out: no redirect to a page that is not there (the check says so)
        page = render.redirect_page(str(manual.by_path[path].meta.get("title")), paths.site_href(old, path))
        files.append(File.generated(config, content.page_url(old) + "index.html", content=page))
    for rendered in diagrams.Current.table.values():  # the pictures at full size, for phones
        k = rendered.keys[rendered.chart.direction]
        files.append(File.generated(config, f"{diagrams.SITE_DIR}/{k}.svg", abs_src_path=str(diagrams.Cache(manual.root).path(k))))
    _add_generated(files, config)
    theme.trim(files, config)
    config.nav = nav.build(manual, include=lambda d: published(d) and xrefs.in_navigation(d))
    return files


def _withdrawn_file(doc, config) -> File:
    successor = State.manual.by_id.get(doc.meta.get("superseded_by") or "")
    href = paths.site_href(doc.path, successor.path) if successor and published(successor) else None
    return File.generated(config, content.page_url(doc.path) + "index.html", content=render.withdrawn_page(doc, successor, href))


def _add_generated(files, config) -> None:
    rows = reviews.schedule(State.manual, State.today, State.policy, include=published)
    changes = amendments.collect(State.manual, include=lambda d: published(d) or d.meta.get("status") == "retired")
    site_url = config.site_url or ""
    pages = {
        content.src_uri(SCHEDULE_PAGE): reviews.schedule_markdown(rows, State.today, SCHEDULE_PAGE),
        content.src_uri(AMENDMENTS_PAGE): amendments.page_markdown(changes, AMENDMENTS_PAGE),
        content.src_uri(questions.PAGE): questions.page_markdown(questions.collect(State.manual, include=published) + includes.data_questions(State.data), State.today),
        content.src_uri(contacts.PAGE): contacts.page_markdown(State.manual, State.data, State.today),
    }
    State.slots = {uri: blocks for uri, (_, blocks) in pages.items()}
    generated = {
        **{uri: markdown for uri, (markdown, _) in pages.items()},
        "reviews.json": reviews.to_json(rows, State.today),
        "reviews.csv": reviews.to_csv(rows),
        "reviews.ics": reviews.to_ics(rows, State.today, site_url),
        "amendments.xml": amendments.atom(changes, site_url),
    }
    generated[search.TERMS_FILE] = search.terms_json(State.manual, State.data)
    State.covered = search.covered(State.data)
    for uri, text in generated.items():
        files.append(File.generated(config, uri, content=text))


def on_post_build(config):
    if State.unsafe and State.command != "serve":  # the rendered pages' guarantee (on_page_content)
        raise PluginError(report.summary(State.unsafe))
    # The threshold document as one PDF: `build` stops if it cannot be made, `serve` warns.
    pdf.on_post_build(config, State.manual, State.command)
    try:  # the search index, started in on_env (hooks/search.py)
        indexing, State.indexing = State.indexing, None
        if indexing:  # None if it could not start (on_env)
            log.info(indexing.finish())
    except (search.SearchIndexError, OSError, subprocess.SubprocessError) as e:
        if State.command != "serve":
            raise PluginError(f"The search index could not be made: {e}")
        log.error(f"The search index could not be made: {e}")
    if State.command == "serve":  # after the search index, so that search does not index the panel
        preview.after_build(config, State.problems + buildlog.CATCH.problems)
    out = os.environ.get(addresses.OUT_ENV)
    if State.command == "build" and out:  # what this build publishes; `make build` adds it to the manifest
        Path(out).write_text("".join(f"{u}\n" for u in sorted(addresses.current(State.manual))), encoding="utf-8")


def on_env(env, config, files):
    """Every page's content is known: Pagefind indexes it while MkDocs writes the pages."""
    _stop_indexing()
    try:
        State.indexing = search.Indexing(Path(config.site_dir), State.searched)
    except (OSError, subprocess.SubprocessError) as e:
        if State.command != "serve":
            raise PluginError(f"The search index could not be made: {e}")
        log.error(f"The search index could not be made: {e}")
    return env


def _stop_indexing():
    if State.indexing:
        State.indexing.cancel()
        State.indexing = None


def on_build_error(error):
    """`build`: a fault that is not a content problem (those stop the build in on_config) ends the build
    with the page and a message, never a traceback. `serve` carries on (hooks/preview.py)."""
    _stop_indexing()
    if State.command == "build" and not isinstance(error, BuildError):
        log.error(str(buildlog.crash(error, mdext.Current.path)))
        raise Abort("Aborted: the build could not finish (see the error above).")


def on_serve(server, config, builder):
    server.builder = preview.guard(builder, config.site_dir)  # a failed rebuild leaves the last good pages
    return server


def on_shutdown():
    _stop_indexing()
    preview.cleanup()


def on_page_read_source(page, config):
    doc = State.manual.by_path.get(content.repo_path(page.file.src_uri))
    if doc is not None and doc.readable:
        # Read and parsed in on_config: MkDocs gets the body behind an empty front matter (with none, it
        # would take a first line like "Note: ..." for metadata); on_page_markdown sets the metadata.
        return "---\n{}\n---\n" + doc.body
    if doc is not None:  # only when serving: a page whose front matter cannot be read (the build stops)
        return "---\n{}\n---\n" + preview.UNREADABLE
    return None


def on_page_markdown(markdown, page, config, files):
    path = content.repo_path(page.file.src_uri)
    mdext.Current.path = path
    diagrams.Current.page_url = content.page_url(path)
    doc = State.manual.by_path.get(path)
    if doc is not None and doc.readable:
        page.meta = dict(doc.meta)
        if "title" in page.meta:  # the theme puts it into <title> and the header as it is: escape it
            page.meta["title"] = escape(str(page.meta["title"]))
    else:  # a generated page, or (when serving) a page whose front matter cannot be read
        doc = model.Document(path, {}, body=markdown)
    status = page.meta.get("status")
    if status == "superseded":
        page.meta["search"] = {"exclude": True}
    # Our template offers the threshold document's PDF on its current pages.
    page.meta["threshold_pdf"] = path.startswith("thresholds/") and status not in pdf.OLD
    page.meta["llr_search"] = search.indexed(path, doc.meta)
    if status != "draft":  # Material marks pages in the navigation by status: drafts only
        page.meta.pop("status", None)
    return includes.expand(doc, State.data)


def on_page_content(html, page, config, files):
    manual = State.manual
    doc = manual.by_path.get(content.repo_path(page.file.src_uri))
    if doc is None or not doc.readable:  # a generated page, or (serving) a page whose front matter is broken
        return _safe(doc or model.Document(content.repo_path(page.file.src_uri), {}), html)
    html = _safe(doc, html)
    overdue = reviews.state(doc, State.today, State.policy) == reviews.OVERDUE
    successor = manual.by_id.get(doc.meta.get("superseded_by") or "")
    banners = render.overdue_banner(doc, overdue) + render.superseded_banner(doc, successor)
    related = [manual.by_id[i] for i in xrefs.related_ids(doc) if i in manual.by_id and published(manual.by_id[i])]
    earlier = State.editions.get(doc.meta.get("id"), [])
    title = render.title(doc)
    header, footer = render.header(doc, banners), render.footer(doc, related, [d for d in State.index.referenced_by(doc.path) if published(d)], earlier)
    _safe(doc, title + header + footer, "title, metadata or lists")  # checked, published as made
    State.blocks[page.file.src_uri] = (len(title), header, footer)
    if page.meta.get("llr_search"):  # Pagefind indexes the title and the content, not our blocks
        section = f' data-pagefind-meta="section:{escape(page.parent.title, quote=True)}"' if page.parent else ""
        audience = f' data-pagefind-filter="audience:{escape(str(page.meta.get("audience")), quote=True)}"' if page.meta.get("audience") else ""
        body = html.replace('<a class="headerlink"', '<a class="headerlink" data-pagefind-ignore')  # not "Neglect¶" in the index and excerpts
        State.searched[page.file.dest_uri] = f"<div data-pagefind-body{section}{audience}>{title}<div data-pagefind-ignore>{header}</div>{body}{State.covered.get(doc.path, '')}</div>"
    return title + html


def _safe(doc, html: str, what: str = "") -> str:
    """The sanitised HTML; what sanitising changed is an error at the nearest source line. The diagrams'
    pictures, drawn by the build, are set aside while the rest is checked."""
    pictures = [svg for svg in diagrams.drawings() if svg in html] if "<svg" in html else []
    for i, svg in enumerate(pictures):
        html = html.replace(svg, f"LLR-DIAGRAM-{i}-PICTURE")
    cleaned, problems = safehtml.check_rendered(doc, html, what)
    for i, svg in enumerate(pictures):
        cleaned = cleaned.replace(f"LLR-DIAGRAM-{i}-PICTURE", svg)
    if doc.path not in State.reported:  # a page whose source check failed is not reported again
        for problem in problems:
            log.error(str(problem))
        State.unsafe += problems
    return cleaned


def on_page_context(context, page, config, nav):
    blocks = State.blocks.pop(page.file.src_uri, None)
    if blocks:
        end, header, footer = blocks
        title, body = page.content[:end], page.content[end:]
        if page.file.dest_uri in State.searched:  # as Pagefind is indexing it (on_page_content)
            page.content = State.searched[page.file.dest_uri] + footer
        else:
            page.content = title + header + body + footer
    if page.file.src_uri in State.slots:
        blocks = State.slots[page.file.src_uri]
        _safe(model.Document(content.repo_path(page.file.src_uri), {}), "".join(blocks), "lists")  # checked, published as made
        page.content = render.fill(page.content, blocks)
    page.content = theme.tables(page.content)
    page.meta["llr_tables"] = theme.TABLES_END in page.content  # the first paint waits for them (main.html)
    return context

