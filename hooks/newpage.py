"""`make new-page`: a new document with complete front matter and the headings its type should have.

The front matter comes from the content model (the same fields the check validates), today's date and
the review policy in mkdocs.yml; the new file passes `make check` as soon as it is written. An id or an
address already in use is refused, with what to choose instead.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import content
import model
import reviews
from content import page_url

# The sections a document of each type starts with (editors fill them in or remove what does not apply).
HEADINGS = {
    "procedure": ["In brief", "When this procedure applies", "What to do", "Who to contact", "Timescales", "Recording"],
    "guidance": ["In brief", "What to look for", "What to do", "Who to contact"],
    "threshold": ["In brief", "What this level means", "Examples", "What to do"],
    "public": ["What to do if you are worried", "Who you can talk to", "What happens next"],
    "reference": ["In brief"],
}
AUDIENCE = {"public": "public"}  # every other type is written for practitioners
# Where a new document goes when no FOLDER is given.
FOLDER = {"procedure": "procedures", "guidance": "procedures", "threshold": "thresholds", "public": "docs", "reference": "docs"}
DEFAULT_SOURCE = "Working Together to Safeguard Children 2023 (Department for Education)"


class Refused(Exception):
    """Why the page was not made, in words for the editor."""


def front_matter(kind: str, ident: str, title: str, owner: str, today: dt.date, policy: reviews.Policy) -> str:
    due = reviews.add_years(today, policy.max_interval_years)
    audience = AUDIENCE.get(kind, "practitioners")
    lines = [
        "---",
        f"id: {ident}",
        f"title: {_quote(title)}",
        f"type: {kind}",
        "status: draft",
        'version: "0.1"',
        f"owner: {owner}",
        f"last_reviewed: {today.isoformat()}",
        f"review_due: {due.isoformat()}",
        f"audience: {audience}",
        "sources:",
        f'  - "{DEFAULT_SOURCE}"',
        "changes:",
        '  - version: "0.1"',
        f"    date: {today.isoformat()}",
        "    summary: First draft.",
        "---",
    ]
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    """A title as YAML reads it back unchanged: quoted when it holds a colon, a quote or a leading sign."""
    if re.search(r"[:#'\"\[\]{}]|^[-?!&*%@`|>]", text) or text != text.strip():
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def body(kind: str) -> str:
    return "".join(f"\n## {h}\n\n" for h in HEADINGS[kind])


def create(root: Path, kind: str, ident: str, title: str, folder: str | None = None, owner: str | None = None, today: dt.date | None = None) -> Path:
    """Write the new document and return its path; Refused when it cannot be made as asked."""
    root = Path(root)
    import dates

    today = today or dates.today()
    if kind not in HEADINGS:
        raise Refused(f'TYPE "{kind}" is not a document type: use one of {", ".join(HEADINGS)}{model.did_you_mean(kind, HEADINGS)}')
    if not re.fullmatch(model.ID_PATTERN, ident or ""):
        suggestion = re.sub(r"[^a-z0-9]+", "-", (ident or title).lower()).strip("-")
        raise Refused(f'ID "{ident}" must be lowercase words joined by hyphens: write it like ID={suggestion}')
    if not title.strip():
        raise Refused('TITLE is empty: give the page title, like TITLE="Making a referral"')
    folder = (folder or FOLDER[kind]).strip("/")
    if folder.split("/", 1)[0] not in content.TREES:
        raise Refused(f"FOLDER {folder} is not in the manual: use a folder under {', '.join(content.TREES)}, like FOLDER=procedures/child-protection")
    manual = content.load(root)
    owners = manual.owners
    owner = owner or (owners[0] if owners else "")
    if owner not in owners:
        raise Refused(f'OWNER "{owner}" is not an owning group in data/owners.yml{model.did_you_mean(owner, owners, quote=True)}')
    if ident in manual.by_id:
        raise Refused(f'the id "{ident}" is already used by {manual.by_id[ident].path}: choose another ID')
    path = f"{folder}/{ident}.md"
    problem = content._unpublishable(path)
    if problem:
        raise Refused(f"{path}: {problem}")
    url = "/" + page_url(path)
    taken = {"/" + page_url(d.path): d.path for d in manual.documents}
    if (root / path).exists() or url in taken:
        raise Refused(f"the address {url} is already the address of {taken.get(url, path)}: choose another ID or FOLDER")
    import addresses

    if url in {u for u, _ in addresses.read(root)}:
        raise Refused(f"the address {url} was published before (data/published-urls.txt) and still leads to an old page or redirect: choose another ID, so old links keep their meaning")
    policy = reviews.load_policy(root)
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(front_matter(kind, ident, title, owner, today, policy) + body(kind), encoding="utf-8")
    return target
