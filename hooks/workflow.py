"""The editors' workflow as plain functions: what a pull request changes (for its job summary and its
annotations), whether it touches code or only content, and the review issues the weekly job posts.

Nothing here talks to GitHub. The workflows in .github/workflows call these through hooks/ci.py (and
the Makefile); another CI or host can call the same commands. Every function that needs the base of a
pull request reads it with git from the repository, so tests use real git in a temporary folder.
"""
from __future__ import annotations

import datetime as dt
import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import changes
import checks
import content
import dates
import includes
import reviews
from content import TREES, page_url
from model import Problem

# Files whose change is a change of content (editors' work): a pull request touching only these runs the
# content check and the content tests; anything else (hooks/, tests/, mkdocs.yml, workflows) runs them all.
CONTENT_PREFIXES = ("procedures/", "thresholds/", "data/")
NOT_CONTENT = ("docs/overrides/", "docs/assets/")


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        raise WorkflowError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


class WorkflowError(Exception):
    """A base that git cannot read: reported in one plain line, never a traceback."""


def changed_files(root: Path, base: str) -> list[str]:
    """Every file that differs between BASE and the working tree (what a pull request changes)."""
    return sorted(set(_git(root, "diff", "--name-only", base).splitlines()) | set(_git(root, "ls-files", "--others", "--exclude-standard").splitlines()))


def is_content(path: str) -> bool:
    if path.startswith(NOT_CONTENT):
        return False
    return path.startswith(CONTENT_PREFIXES) or (path.startswith("docs/") and path.endswith((".md", ".yml")))


def kind_of_change(files: list[str]) -> str:
    """"content" when every changed file is content, else "code" (which runs the whole test suite)."""
    return "content" if files and all(is_content(f) for f in files) else "code"


# --- What a pull request changes ------------------------------------------------------------------


@dataclass(frozen=True)
class DocChange:
    path: str  # the path now (for a deleted file, its old path)
    old_path: str | None  # None for a new file
    status: str  # added | changed | moved | deleted
    title: str
    old_version: str | None
    new_version: str | None
    old_status: str | None = None
    new_status: str | None = None


@dataclass(frozen=True)
class Question:
    path: str
    line: int
    text: str
    who: str | None


@dataclass
class Summary:
    base: str
    documents: list[DocChange] = field(default_factory=list)
    new_problems: list[Problem] = field(default_factory=list)
    fixed_problems: list[Problem] = field(default_factory=list)
    reviews: list[tuple[str, str, str, str]] = field(default_factory=list)  # (title, field, old, new)
    added_addresses: list[str] = field(default_factory=list)
    moved_addresses: list[tuple[str, str, bool]] = field(default_factory=list)  # (old, new, redirected)
    withdrawn_addresses: list[str] = field(default_factory=list)
    questions_added: list[Question] = field(default_factory=list)
    questions_answered: list[Question] = field(default_factory=list)


def export_tree(root: Path, ref: str, dest: Path) -> Path:
    """The files of a commit, written to dest (git archive: no second checkout, no worktree to clean up)."""
    data = subprocess.run(["git", "archive", "--format=tar", ref], cwd=root, capture_output=True)
    if data.returncode != 0:
        raise WorkflowError(f'"{ref}" is not a git commit or branch here: give BASE as a branch, tag or commit, like BASE=origin/main')
    with tarfile.open(fileobj=io.BytesIO(data.stdout)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def all_problems(root: Path, today: dt.date, manual: content.Manual | None = None) -> list[Problem]:
    """Every problem `make check` reports for the tree at root."""
    manual = manual or content.load(root)
    data = includes.load_data(root)
    return sorted(set(manual.problems + data.problems + checks.run(manual, data, today, policy=reviews.load_policy(root))))


def questions(manual: content.Manual) -> list[Question]:
    """Every open question in the manual: `[[question: ... | who: ...]]` markers in the pages."""
    out = []
    for doc in manual.documents:
        if not doc.readable:
            continue
        for kind, arg, line in doc.outline().includes:
            if kind == "question":
                text, who = includes.question(arg)
                if text:
                    out.append(Question(doc.path, line, text, who))
    return out


def _renames(root: Path, base: str) -> dict[str, str]:
    """Content files moved since base: old path -> new path (git's rename detection)."""
    out = {}
    for line in _git(root, "diff", "--name-status", "-M", base, "--", *TREES).splitlines():
        parts = line.split("\t")
        if parts[0].startswith("R") and len(parts) == 3:
            out[parts[1]] = parts[2]
    return out


def summarise(root: Path, base: str, today: dt.date | None = None) -> Summary:
    """Compare the manual at base with the working tree: documents, problems, review dates, addresses and
    open questions, each old beside new."""
    root = Path(root)
    today = today or dates.today()
    if not _ok(root, base):
        raise WorkflowError(f'"{base}" is not a git commit or branch here: give BASE as a branch, tag or commit, like BASE=origin/main')
    head = content.load(root)
    with tempfile.TemporaryDirectory(prefix="llr-base-") as tmp:
        base_root = export_tree(root, base, Path(tmp))
        old = content.load(base_root)
        old_problems = all_problems(base_root, today, old)
    head_problems = all_problems(root, today, head) + changes.check(root, base)[0]
    renames = _renames(root, base)
    summary = Summary(base)

    # Documents
    old_docs, new_docs = old.by_path, head.by_path
    new_from_old = {renames.get(p, p): p for p in old_docs}
    for path, doc in sorted(new_docs.items()):
        before = old_docs.get(new_from_old.get(path, ""))
        if before is None:
            summary.documents.append(DocChange(path, None, "added", _title(doc), None, _v(doc), None, doc.meta.get("status")))
            summary.added_addresses.append("/" + page_url(path))
            continue
        moved = before.path != path
        if not moved and (root / path).read_bytes() == _base_bytes(root, base, before.path):
            continue
        status = "moved" if moved else "changed"
        summary.documents.append(DocChange(path, before.path, status, _title(doc), _v(before), _v(doc), before.meta.get("status"), doc.meta.get("status")))
        for key in ("last_reviewed", "review_due"):
            if str(before.meta.get(key) or "") != str(doc.meta.get(key) or ""):
                summary.reviews.append((_title(doc), key, str(before.meta.get(key) or ""), str(doc.meta.get(key) or "")))
        if moved and page_url(before.path) != page_url(path):
            redirected = before.path in (doc.meta.get("redirect_from") or [])
            summary.moved_addresses.append(("/" + page_url(before.path), "/" + page_url(path), redirected))
        if doc.meta.get("status") == "retired" and before.meta.get("status") != "retired":
            summary.withdrawn_addresses.append("/" + page_url(path))
    for path, doc in sorted(old_docs.items()):
        if renames.get(path, path) not in new_docs:
            summary.documents.append(DocChange(path, path, "deleted", _title(doc), _v(doc), None, doc.meta.get("status"), None))

    # Problems: compared without line numbers (an edit above a problem moves it, it does not make it new)
    key = lambda p, rename=False: (renames.get(p.path, p.path) if rename else p.path, p.severity, p.message)
    old_keys = {key(p, True) for p in old_problems}
    new_keys = {key(p) for p in head_problems}
    summary.new_problems = sorted({p for p in head_problems if key(p) not in old_keys})
    summary.fixed_problems = sorted({p for p in old_problems if key(p, True) not in new_keys})

    # Open questions: by page and text
    qkey = lambda q, rename=False: (renames.get(q.path, q.path) if rename else q.path, q.text)
    old_q, new_q = questions(old), questions(head)
    old_qk, new_qk = {qkey(q, True) for q in old_q}, {qkey(q) for q in new_q}
    summary.questions_added = [q for q in new_q if qkey(q) not in old_qk]
    summary.questions_answered = [q for q in old_q if qkey(q, True) not in new_qk]
    return summary


def _ok(root: Path, base: str) -> bool:
    return subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], cwd=root, capture_output=True).returncode == 0


def _base_bytes(root: Path, base: str, path: str) -> bytes:
    return subprocess.run(["git", "show", f"{base}:{path}"], cwd=root, capture_output=True).stdout


def _title(doc) -> str:
    return str(doc.meta.get("title") or doc.path)


def _v(doc) -> str | None:
    v = doc.meta.get("version")
    return str(v) if v is not None else None


def summary_markdown(s: Summary, preview_url: str = "", preview_note: str = "") -> str:
    """The job summary, in plain words for an editor who does not program."""
    out = ["# What this pull request changes", ""]
    errors = [p for p in s.new_problems if p.severity == "error"]
    if errors:
        out.append(f"**Not ready to merge: {len(errors)} problem{'s' if len(errors) != 1 else ''} to fix** (listed below, with the file and line).")
    else:
        out.append("**The checks found no new errors.** The owning group can review and approve it.")
    out.append("")
    if preview_url:
        out += [f"**Preview:** [open the site as it would look with this change]({preview_url})", ""]
    elif preview_note:
        out += [f"**Preview:** {preview_note}", ""]

    out += [f"## Documents changed ({len(s.documents)})", ""]
    if s.documents:
        out += ["| Document | File | What happened | Version |", "|---|---|---|---|"]
        for d in s.documents:
            what = {"added": "new page", "changed": "changed", "moved": f"moved from `{d.old_path}`", "deleted": "file deleted"}[d.status]
            if d.new_status == "retired" and d.old_status != "retired":
                what += " (withdrawn)"
            elif d.old_status and d.new_status and d.old_status != d.new_status:
                what += f" (status {d.old_status} → {d.new_status})"
            version = _versions(d)
            out.append(f"| {_cell(d.title)} | `{d.path}` | {what} | {version} |")
    else:
        out.append("No document was changed.")
    out.append("")

    out += ["## Problems", ""]
    if s.new_problems:
        out.append("New problems (each says what to do):")
        out += [f"- **{p.severity}** `{p.path}:{p.line}`: {p.message}" for p in s.new_problems]
    else:
        out.append("No new problems.")
    if s.fixed_problems:
        out += ["", "Fixed by this change:"]
        out += [f"- ~~{p.severity}~~ `{p.path}`: {p.message}" for p in s.fixed_problems]
    out.append("")

    if s.reviews:
        out += ["## Review dates", ""]
        name = {"last_reviewed": "last reviewed", "review_due": "review due"}
        out += [f"- {title}: {name[f]} {dates.uk(old) or 'not set'} → {dates.uk(new) or 'not set'}" for title, f, old, new in s.reviews]
        out.append("")

    if s.added_addresses or s.moved_addresses or s.withdrawn_addresses:
        out += ["## Addresses", ""]
        out += [f"- New address: `{u}`" for u in s.added_addresses]
        for old, new, redirected in s.moved_addresses:
            keep = "the old address redirects to the new one" if redirected else f"**the old address will stop working**: add `redirect_from:` with the old file path to the page"
            out.append(f"- Moved: `{old}` → `{new}` ({keep})")
        out += [f"- Withdrawn: `{u}` (readers see a notice that the page was withdrawn)" for u in s.withdrawn_addresses]
        out.append("")

    if s.questions_added or s.questions_answered:
        out += ["## Open questions", ""]
        out += [f"- Asked: {q.text}" + (f" (who can answer: {q.who})" if q.who else "") + f" — `{q.path}:{q.line}`" for q in s.questions_added]
        out += [f"- Answered: {q.text} — `{q.path}`" for q in s.questions_answered]
        out.append("")
    return "\n".join(out)


def _versions(d: DocChange) -> str:
    if d.old_version and d.new_version and d.old_version != d.new_version:
        return f"{d.old_version} → {d.new_version}"
    if d.old_version and d.new_version:
        return f"{d.new_version} (not raised)"
    return d.new_version or d.old_version or ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


# --- Review issues ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewIssue:
    owner: str
    title: str
    body: str | None  # None: nothing is due, so an open issue for this group is closed


ISSUE_LABEL = "review-due"


def issue_title(owner: str) -> str:
    """Stable per group, so the weekly job finds and updates the same issue."""
    return f"Reviews due: {owner}"


def review_issues(rows: list[reviews.Row], owners: tuple[str, ...], today: dt.date, site_url: str = "", teams: dict[str, str] | None = None) -> list[ReviewIssue]:
    """One issue per owning group: what is overdue and what is due soon, or None when nothing is."""
    teams = teams or {}
    out = []
    for owner in owners:
        mine = [r for r in rows if r.owner == owner]
        overdue = [r for r in mine if r.state == reviews.OVERDUE]
        soon = [r for r in mine if r.state == reviews.DUE_SOON]
        if not overdue and not soon:
            out.append(ReviewIssue(owner, issue_title(owner), None))
            continue
        link = lambda r: f"[{r.title}]({site_url.rstrip('/')}/{r.url})" if site_url else r.title
        mention = f"{teams[owner]}: " if owner in teams else ""
        lines = [f"{mention}As of {dates.uk(today)}, {owner} has {len(overdue)} document{'s' if len(overdue) != 1 else ''} "
                 f"overdue for review and {len(soon)} due soon.", ""]
        if overdue:
            lines += ["## Overdue", ""] + [f"- [ ] {link(r)} (`{r.path}`): review was due {dates.uk(r.review_due)}" for r in overdue] + [""]
        if soon:
            lines += ["## Due soon", ""] + [f"- [ ] {link(r)} (`{r.path}`): review due {dates.uk(r.review_due)}" for r in soon] + [""]
        lines += ["To record a review: read the document, change what needs changing, then set `last_reviewed` to the date of the review and `review_due` to the next date, and open a pull request. The editors' guide explains each step.",
                  "", "This issue is updated every week and closed when nothing is due."]
        out.append(ReviewIssue(owner, issue_title(owner), "\n".join(lines) + "\n"))
    return out

