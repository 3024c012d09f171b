"""Every check that looks across the whole manual, each a function from the loaded manual (and "today")
to a list of problems. `run` is what `make check` and the build both call."""
from __future__ import annotations

import datetime as dt
import re

import addresses
import amendments
import contacts
import dates
import diagrams
import duties
import includes
import paths
import questions
import reviews
import scan
import sitecheck
import safehtml
import xrefs
from content import GENERATED, Manual
from model import Document, Problem, did_you_mean


def run(manual: Manual, data: includes.Data, today: dt.date, index: xrefs.Index | None = None,
        policy: reviews.Policy | None = None, publish: bool = False) -> list[Problem]:
    index = index or xrefs.build(manual, data)
    policy = policy or reviews.load_policy(manual.root)
    if any("#" in link.url and paths.resolve(path, link.url) in GENERATED for path, links in index.links.items() for link in links):
        index.anchors.update(generated_anchors(manual, data, today, policy, publish))
    problems = includes.check_data(data, today) + safehtml.check_contacts(data.contacts, data.contact_lines) + diagrams.check(manual.documents, manual.root) + xrefs.check(index) + reviews.check(manual, today, policy) + addresses.check(manual) + dates.check_environment()
    if publish and policy.drafts_when_publishing == "fail":
        problems += [Problem(d.path, d.line("status"), "error", "this document is a draft and the site is being published: approve it (status: approved, with approved_by, approved_on and effective_from) or set review_policy drafts_when_publishing: exclude")
                     for d in manual.documents if d.meta.get("status") == "draft"]
    if publish:
        problems += questions.check_publish(manual)
    if publish and policy.drafts_when_publishing == "exclude":
        problems += left_out(index, policy)
    for doc in manual.documents:
        if doc.readable:
            problems += includes.check_page(doc, data) + duties.check(doc) + too_deep(doc) + safehtml.check_page(doc)
    for section in manual.sections.values():
        problems += safehtml.check_text(f"{section.folder}/_section.yml", 1, "title", section.title)
    for item, line in zip(data.glossary, data.glossary_lines):
        problems += [q for key in ("term", "abbr", "definition") for q in safehtml.check_text("data/glossary.yml", line, key, item.get(key))]
        link, _, fragment = str(item.get("link") or "").partition("#")
        if link and link not in manual.by_path:
            problems.append(Problem("data/glossary.yml", line, "error", f'glossary entry "{item["term"]}" links to {link}, which does not exist: give the repository path of a page, like procedures/child-protection/making-a-referral.md'))
        elif link and fragment and fragment not in index.anchors.get(link, []):
            problems.append(Problem("data/glossary.yml", line, "error", f'glossary entry "{item["term"]}" links to {link}#{fragment}, but that page has no heading "{fragment}"{did_you_mean(fragment, index.anchors.get(link, []), quote=True, cutoff=0.5)}'))
        elif link and not sitecheck.published(manual.by_path[link], publish, policy.drafts_when_publishing):
            problems.append(Problem("data/glossary.yml", line, "error", f'glossary entry "{item["term"]}" links to {link}, which is {manual.by_path[link].meta.get("status")} and has no page on the site: link to the page that covers the term now'))
    return problems


MAX_DEPTH = 20  # levels of lists, admonitions and HTML blocks; Python-Markdown gives out past a few hundred
MAX_RUN = 40  # asterisks or underscores in a row, each an emphasis inside the last
_MARKDOWN_BLOCK = re.compile(r"<([a-z]+)\b[^>]*\bmarkdown\b", re.I)
_DEEP_INDENT = re.compile(r"^(?: {4}|\t){%d}" % (MAX_DEPTH + 1), re.M)
_EMPHASIS_RUN = re.compile(r"[*_]{%d,}" % MAX_RUN)


def too_deep(doc: Document) -> list[Problem]:
    """Nesting too deep for the site's Markdown renderer, which would stop the build on this page with
    a recursion error and no line: the first such line of the page."""
    body = doc.body
    deep = (" " * 4 * (MAX_DEPTH + 1) in body or "\t" in body) and _DEEP_INDENT.search(body)
    if not (deep or ("markdown" in body and _MARKDOWN_BLOCK.search(body)) or "*" * MAX_RUN in body or "_" * MAX_RUN in body):
        return []  # nearly every page: decided by three scans of the text, without a loop over its lines
    lines = body.split("\n")
    code = scan._code_mask(lines)
    open_blocks: list[str] = []
    for n, line in enumerate(lines):
        if code[n]:
            continue
        number = doc.body_line + n
        text = line.expandtabs(4)
        level = (len(text) - len(text.lstrip(" "))) // 4
        if level > MAX_DEPTH:
            return [Problem(doc.path, number, "error", f"this line is indented {level} levels deep; the site cannot show lists, notes or quotes nested more than {MAX_DEPTH} levels: flatten the list or split it")]
        if "markdown" in line:
            open_blocks += [m.group(1).lower() for m in _MARKDOWN_BLOCK.finditer(line)]
        for tag in re.findall(r"</([a-z]+)\s*>", line, re.I):
            if tag.lower() in open_blocks:
                open_blocks.reverse()
                open_blocks.remove(tag.lower())
                open_blocks.reverse()
        if len(open_blocks) > MAX_DEPTH:
            return [Problem(doc.path, number, "error", f"{len(open_blocks)} HTML blocks with the markdown attribute are open here, one inside another; the site cannot show more than {MAX_DEPTH}: close them (</{open_blocks[-1]}>) or remove some")]
        run = _EMPHASIS_RUN.search(line) if ("*" * MAX_RUN in line or "_" * MAX_RUN in line) else None
        if run and line.strip(" *_-"):  # a line of only these signs is a horizontal rule, which is fine
            return [Problem(doc.path, number, "error", f"{len(run.group(0))} {'asterisks' if run.group(0)[0] == '*' else 'underscores'} in a row are read as emphasis inside emphasis, too deep for the site: write \\{run.group(0)[0]} for each sign you mean to show, or use fewer")]
    return []


def left_out(index: xrefs.Index, policy: reviews.Policy) -> list[Problem]:
    """When publishing leaves drafts out: what would lead to one of them from the published site."""
    manual = index.manual
    gone = lambda doc: not sitecheck.published(doc, True, policy.drafts_when_publishing) and doc.meta.get("status") == "draft"
    why = "which is a draft and is left out when publishing (review_policy drafts_when_publishing: exclude)"
    problems = []
    for doc in manual.documents:
        if gone(doc) or doc.meta.get("status") == "retired":
            for old, (path, line) in addresses.redirects(manual).items():
                if path == doc.path and gone(doc):
                    problems.append(Problem(path, line, "error", f"redirect_from {old} would lead to this page, {why}: approve the page before publishing"))
            continue
        for link in index.links.get(doc.path, []):
            target = manual.by_path.get(paths.resolve(doc.path, link.url) or "")
            if target is not None and gone(target):
                problems.append(Problem(doc.path, link.line, "error", f'link "{link.url}" goes to {target.path}, {why}: remove the link until that page is approved'))
        for i, ident in enumerate(xrefs.related_ids(doc)):
            if ident in manual.by_id and gone(manual.by_id[ident]):
                problems.append(Problem(doc.path, doc.line("related", i), "error", f'related id "{ident}" is {manual.by_id[ident].path}, {why}: remove it until that page is approved'))
    absent = sitecheck.expected(manual, True, policy.drafts_when_publishing).absent
    for url, line in addresses.read(manual.root):
        if sitecheck.html_file(url) in absent:
            problems.append(Problem(addresses.MANIFEST, line, "error", f"the published address {url} is {absent[sitecheck.html_file(url)]}, {why}: approve that page before publishing"))
    return problems


def generated_anchors(manual: Manual, data: includes.Data, today: dt.date, policy: reviews.Policy, publish: bool = False) -> dict[str, list[str]]:
    """The heading ids of the generated pages (one per owning group, one per month of amendments), made
    as the build makes them (hooks/site.py), so that a link to one of them is checked like any other."""
    include = lambda d: sitecheck.published(d, publish, policy.drafts_when_publishing)
    rows = reviews.schedule(manual, today, policy, include=include)
    changes = amendments.collect(manual, include=lambda d: include(d) or d.meta.get("status") == "retired")
    pages = {
        GENERATED[1]: reviews.schedule_markdown(rows, today, GENERATED[1])[0],
        GENERATED[0]: amendments.page_markdown(changes, GENERATED[0])[0],
        questions.PAGE: questions.page_markdown(questions.collect(manual, include=include) + includes.data_questions(data), today)[0],
        contacts.PAGE: contacts.page_markdown(manual, data, today)[0],
    }
    return {path: [h.id for h in scan.scan(markdown).headings] for path, markdown in pages.items()}
