"""Every check that looks across the whole manual, each a function from the loaded manual (and "today")
to a list of problems. `run` is what `make check` and the build both call."""
from __future__ import annotations

import datetime as dt

import addresses
import includes
import reviews
import safehtml
import xrefs
from content import Manual
from model import Problem


def run(manual: Manual, data: includes.Data, today: dt.date, index: xrefs.Index | None = None,
        policy: reviews.Policy | None = None, publish: bool = False) -> list[Problem]:
    index = index or xrefs.build(manual, data)
    policy = policy or reviews.load_policy(manual.root)
    problems = includes.check_data(data, today) + safehtml.check_contacts(data.contacts, data.contact_lines) + xrefs.check(index) + reviews.check(manual, today, policy) + addresses.check(manual)
    if publish and policy.drafts_when_publishing == "fail":
        problems += [Problem(d.path, d.line("status"), "error", "this document is a draft and the site is being published: approve it (status: approved, with approved_by, approved_on and effective_from) or set review_policy drafts_when_publishing: exclude")
                     for d in manual.documents if d.meta.get("status") == "draft"]
    for doc in manual.documents:
        if doc.readable:
            problems += includes.check_page(doc, data) + safehtml.check_page(doc)
    for section in manual.sections.values():
        problems += safehtml.check_text(f"{section.folder}/_section.yml", 1, "title", section.title)
    for item, line in zip(data.glossary, data.glossary_lines):
        problems += [q for key in ("term", "abbr", "definition") for q in safehtml.check_text("data/glossary.yml", line, key, item.get(key))]
        link = str(item.get("link") or "").partition("#")[0]
        if link and link not in manual.by_path:
            problems.append(Problem("data/glossary.yml", line, "error", f'glossary entry "{item["term"]}" links to {link}, which does not exist: give the repository path of a page, like procedures/child-protection/making-a-referral.md'))
    return problems
