"""Cross-references: the index of what each page defines (heading ids) and refers to (links, related
ids), and the checks on it. Two passes: record everything while loading, resolve once all is known."""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import includes
import paths
import safehtml
import scan
import content
from content import GENERATED, Manual
from model import Document, Problem, did_you_mean

GONE = ("retired", "superseded")


@dataclass
class Index:
    manual: Manual
    anchors: dict[str, list[str]] = field(default_factory=dict)  # path -> ids in page order
    links: dict[str, list[scan.Link]] = field(default_factory=dict)  # path -> links as written
    targets: dict[str, set[str]] = field(default_factory=dict)  # path -> pages it links to or relates to
    sources: dict[str, set[str]] = field(default_factory=dict)  # path -> pages that link to or relate to it

    def referenced_by(self, path: str) -> list[Document]:
        docs = [self.manual.by_path[p] for p in self.sources.get(path, ()) if p != path]
        return sorted(docs, key=lambda d: str(d.meta.get("title", d.path)).lower())


def build(manual: Manual, data: includes.Data | None = None) -> Index:
    index = Index(manual)
    for doc in manual.documents:
        if not doc.readable:
            continue
        outline = doc.outline()
        ids = [h.id for h in outline.headings]
        if data and any(include.kind == "glossary" for include in outline.includes):
            ids += [includes.glossary_id(item) for item in data.glossary]
        if data and any(include.kind == "resources" for include in outline.includes):
            ids += [f"resource-{ident}" for ident in data.resources]
        index.anchors[doc.path] = ids
        index.links[doc.path] = outline.links
    for doc in manual.documents:
        found = set()
        for link in index.links.get(doc.path, []):
            target = paths.resolve(doc.path, link.url)
            if target in manual.by_path:
                found.add(target)
        for ident in related_ids(doc):
            if ident in manual.by_id:
                found.add(manual.by_id[ident].path)
        index.targets[doc.path] = found
        for target in found:
            index.sources.setdefault(target, set()).add(doc.path)
    return index


def related_ids(doc: Document) -> list[str]:
    related = doc.meta.get("related")
    return [r for r in related if isinstance(r, str)] if isinstance(related, list) else []


def in_navigation(doc: Document) -> bool:
    """The navigation holds every built document except superseded editions (see nav.build in site.py)."""
    return doc.meta.get("status") not in GONE


def check(index: Index, in_nav=in_navigation) -> list[Problem]:
    problems = []
    for doc in index.manual.documents:
        for link in index.links.get(doc.path, []):
            problems += _check_link(index, doc, link)
        problems += _check_related(index, doc)
    return problems + orphans(index, in_nav)


def orphans(index: Index, in_nav=in_navigation) -> list[Problem]:
    """Documents no reader can reach: not in the navigation, and nothing links to them. A superseded
    edition is reached from the version history of the document that replaced it."""
    out = []
    for doc in index.manual.documents:
        if not doc.readable or doc.meta.get("status") == "retired" or in_nav(doc) or index.referenced_by(doc.path):
            continue
        if doc.meta.get("superseded_by") in index.manual.by_id:
            continue
        out.append(Problem(doc.path, 1, "warning", "nothing links to this document and it is not in the navigation, so readers cannot find it: link to it from a related page"))
    return out


def _check_link(index: Index, doc: Document, link: scan.Link) -> list[Problem]:
    manual = index.manual
    url = link.url
    err = lambda message, severity="error": [Problem(doc.path, link.line, severity, message)]
    if paths.unreadable(url):
        return err(f'link "{url}" is not an address a browser can read (its host part is broken): copy the full address from the browser, like https://www.example.gov.uk/')
    if paths.is_external(url) or not url or safehtml.url_problem(url, link.image):  # unsafe: reported by safehtml
        return []
    hidden = paths.unseen(url)
    if hidden:
        return err(f'link "{url}" cannot work{hidden}')
    parts = urlsplit(url)
    if url.startswith("/"):
        return err(f'link "{url}" uses an address on the site: link to the file with a relative path instead, like "../procedures/child-protection/making-a-referral.md"')
    if not parts.path:  # a link within this page
        return _check_anchor(index, doc, doc.path, parts.fragment, url, link)
    target = paths.resolve(doc.path, url)
    if not paths.in_tree(target):
        return err(f'link "{url}" leads out of the manual (to {target}): link only to files under docs/, procedures/ or thresholds/, or give a full https:// address')
    if target in GENERATED:  # their ids are known when a link asks for one (checks.generated_anchors)
        return _check_anchor(index, doc, target, parts.fragment, url, link) if parts.fragment and target in index.anchors else []
    here = posixpath.dirname(doc.path)
    if target in manual.unreadable:  # already reported where it is (one mistake, one message)
        return []
    if target.endswith(".md"):
        if target not in manual.by_path:
            options = [posixpath.relpath(p, here) for p in manual.by_path]
            return err(f'broken link "{url}": there is no page {target}{did_you_mean(posixpath.relpath(target, here), options, quote=True, cutoff=0.5)}')
        problems = _check_status(index, doc, manual.by_path[target], link.line, f'link "{url}"')
        if parts.fragment:
            problems += _check_anchor(index, doc, target, parts.fragment, url, link)
        return problems
    if (manual.root / target).is_dir():
        return err(f'link "{url}" points at a folder: link to the page itself, like "{posixpath.relpath(posixpath.join(target, "index.md"), here)}"')
    if not (manual.root / target).is_file():
        kind = "image" if link.image else "file"
        return err(f'broken link "{url}": the {kind} {target} does not exist: check the name, or add the file')
    if not published_file(target):
        return err(f'link "{url}" goes to {target}, which is not published on the site (section files, the theme in docs/overrides/ and names starting with a dot are left out): link to a page instead')
    return []


def published_file(path: str) -> bool:
    """Whether a file of the content trees (not a page) is copied into the site (see mkdocs.yml's
    exclude_docs and site.on_files)."""
    return posixpath.basename(path) != content.SECTION_FILE and not path.startswith("docs/overrides/") and not any(p.startswith(".") for p in path.split("/"))


def _check_anchor(index, doc, target, fragment, url, link) -> list[Problem]:
    ids = index.anchors.get(target, [])
    if not fragment or fragment in ids or target in index.manual.unreadable:
        return []
    name = posixpath.basename(target) if target != doc.path else "this page"
    return [Problem(doc.path, link.line, "error", f'broken link "{url}": {name} has no heading "{fragment}"{did_you_mean(fragment, ids, quote=True, cutoff=0.5)}')]


def _check_status(index, doc, target: Document, line: int, what: str) -> list[Problem]:
    status = target.meta.get("status")
    if status in GONE:
        successor = index.manual.by_id.get(target.meta.get("superseded_by") or "")
        instead = f'link to the current version, {successor.meta.get("title")} ({successor.path})' if successor else "remove the link or link to the document that replaced it"
        return [Problem(doc.path, line, "error", f"{what} goes to {target.path}, which is {status}: {instead}")]
    if status == "draft" and doc.meta.get("status") == "approved":
        return [Problem(doc.path, line, "warning", f"{what} goes from this approved document to {target.path}, which is still a draft")]
    return []


def _check_related(index: Index, doc: Document) -> list[Problem]:
    problems = []
    for i, ident in enumerate(related_ids(doc)):
        line = doc.line("related", i)
        target = index.manual.by_id.get(ident)
        if target is None and ident in index.manual.unreadable_ids:
            continue  # that document's own problem is reported (one mistake, one message)
        if target is None:
            problems.append(Problem(doc.path, line, "error", f'related id "{ident}" does not exist{did_you_mean(ident, index.manual.by_id, quote=True, cutoff=0.5)}: use the id of another document'))
        elif target is doc:
            problems.append(Problem(doc.path, line, "error", f'related id "{ident}" is this document itself: remove it'))
        else:
            problems += _check_status(index, doc, target, line, f'related id "{ident}"')
    superseded_by = doc.meta.get("superseded_by")
    if isinstance(superseded_by, str) and superseded_by not in index.manual.by_id and superseded_by not in index.manual.unreadable_ids:
        problems.append(Problem(doc.path, doc.line("superseded_by"), "error", f'superseded_by "{superseded_by}" is not the id of any document{did_you_mean(superseded_by, index.manual.by_id, quote=True, cutoff=0.5)}'))
    return problems
