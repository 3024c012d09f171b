"""Every check that looks across the whole manual, each a function from the loaded manual (and "today")
to a list of problems. `run` is what `make check` and the build both call."""
from __future__ import annotations

import datetime as dt

import addresses
import amendments
import includes
import paths
import reviews
import scan
import sitecheck
import xrefs
from content import GENERATED, Manual
from model import Problem


def run(manual: Manual, data: includes.Data, today: dt.date, index: xrefs.Index | None = None,
        policy: reviews.Policy | None = None, publish: bool = False) -> list[Problem]:
    index = index or xrefs.build(manual, data)
    policy = policy or reviews.load_policy(manual.root)
    if any("#" in link.url and paths.resolve(path, link.url) in GENERATED for path, links in index.links.items() for link in links):
        index.anchors.update(generated_anchors(manual, today, policy, publish))
    problems = includes.check_data(data, today) + xrefs.check(index) + reviews.check(manual, today, policy) + addresses.check(manual)
    if publish and policy.drafts_when_publishing == "fail":
        problems += [Problem(d.path, d.line("status"), "error", "this document is a draft and the site is being published: approve it (status: approved, with approved_by, approved_on and effective_from) or set review_policy drafts_when_publishing: exclude")
                     for d in manual.documents if d.meta.get("status") == "draft"]
    for doc in manual.documents:
        if doc.readable:
            problems += includes.check_page(doc, data)
    for item, line in zip(data.glossary, data.glossary_lines):
        link = str(item.get("link") or "").partition("#")[0]
        if link and link not in manual.by_path:
            problems.append(Problem("data/glossary.yml", line, "error", f'glossary entry "{item["term"]}" links to {link}, which does not exist: give the repository path of a page, like procedures/child-protection/making-a-referral.md'))
    return problems


def generated_anchors(manual: Manual, today: dt.date, policy: reviews.Policy, publish: bool = False) -> dict[str, list[str]]:
    """The heading ids of the generated pages (one per owning group, one per month of amendments), made
    as the build makes them (hooks/site.py), so that a link to one of them is checked like any other."""
    include = lambda d: sitecheck.published(d, publish, policy.drafts_when_publishing)
    rows = reviews.schedule(manual, today, policy, include=include)
    changes = amendments.collect(manual, include=lambda d: include(d) or d.meta.get("status") == "retired")
    pages = {GENERATED[1]: reviews.schedule_markdown(rows, today, GENERATED[1])[0], GENERATED[0]: amendments.page_markdown(changes, GENERATED[0])[0]}
    return {path: [h.id for h in scan.scan(markdown).headings] for path, markdown in pages.items()}
