"""Review dates and versions: the review policy, each document's review state, the checks, and the
review schedule in its four forms (page, JSON, CSV, iCalendar).

Every function takes "today" as an argument: nothing here reads the clock.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import posixpath
from dataclasses import dataclass
from html import escape
from pathlib import Path

import yaml

import dates
import questions
import render
import scan
from content import Manual, page_url
from model import REVIEWED_TYPES, Document, Problem
from paths import site_href

OK, DUE_SOON, OVERDUE = "ok", "due soon", "overdue"


@dataclass(frozen=True)
class Policy:
    due_soon_days: int = 60
    max_interval_years: int = 3
    overdue: str = "warning"  # "warning": reported, the build goes on; "error": the build stops
    drafts_when_publishing: str = "fail"  # "fail": a publish build stops on drafts; "exclude": leaves them out


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its Python tags (we only need plain settings)."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def site_config(root: Path) -> dict:
    path = Path(root) / "mkdocs.yml"
    return (yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}) if path.is_file() else {}


def load_policy(root: Path) -> Policy:
    """The review policy from mkdocs.yml (extra.review_policy), with defaults for what is not set."""
    raw = (site_config(root).get("extra") or {}).get("review_policy") or {}
    known = {k: v for k, v in raw.items() if k in Policy.__dataclass_fields__}
    return Policy(**known)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def state(doc: Document, today: dt.date, policy: Policy) -> str | None:
    """ok, due soon or overdue; None when the document has no review date."""
    due = dates.parse(doc.meta.get("review_due"))
    if due is None:
        return None
    if due < today:
        return OVERDUE
    if (due - today).days <= policy.due_soon_days:
        return DUE_SOON
    return OK


def _version(value) -> tuple[int, int] | None:
    try:
        major, minor = str(value).split(".")
        return int(major), int(minor)
    except ValueError:
        return None


def check(manual: Manual, today: dt.date, policy: Policy) -> list[Problem]:
    problems = []
    for doc in manual.documents:
        if doc.readable and doc.meta.get("status") != "retired":
            problems += check_reviews(doc, today, policy) + check_versions(doc, today)
    return problems


def check_reviews(doc: Document, today: dt.date, policy: Policy) -> list[Problem]:
    out = []
    last, due = dates.parse(doc.meta.get("last_reviewed")), dates.parse(doc.meta.get("review_due"))
    if last and last > today:
        out.append(Problem(doc.path, doc.line("last_reviewed"), "error", f"last_reviewed {last} is in the future: write the date the review actually happened"))
    if last and due:
        if due <= last:
            out.append(Problem(doc.path, doc.line("review_due"), "error", f"review_due {due} is not after last_reviewed {last}: set the next review date after the last review"))
        elif due > add_years(last, policy.max_interval_years):
            out.append(Problem(doc.path, doc.line("review_due"), "error", f"review_due {due} is more than {policy.max_interval_years} years after last_reviewed {last}: set it no later than {add_years(last, policy.max_interval_years)}"))
    if doc.meta.get("status") in ("draft", "approved") and state(doc, today, policy) == OVERDUE:
        severity = "error" if policy.overdue == "error" else "warning"
        out.append(Problem(doc.path, doc.line("review_due"), severity, f"review overdue since {dates.uk(due)} ({doc.meta.get('owner')}): review the document, then update last_reviewed and review_due"))
    return out


def check_versions(doc: Document, today: dt.date) -> list[Problem]:
    changes = doc.meta.get("changes")
    if not isinstance(changes, list) or not all(isinstance(c, dict) for c in changes):
        return []  # the schema has reported it
    out = []
    previous_version, previous_date = None, None
    for i, change in enumerate(changes):
        line = doc.line("changes", i)
        version, day = _version(change.get("version")), dates.parse(change.get("date"))
        if version and previous_version and version <= previous_version:
            out.append(Problem(doc.path, line, "error", f'changes entry {i + 1}: version "{change.get("version")}" does not come after "{".".join(map(str, previous_version))}": list versions oldest first, each higher than the last'))
        if day and previous_date and day < previous_date:
            out.append(Problem(doc.path, line, "error", f"changes entry {i + 1}: date {day} is earlier than the entry before it ({previous_date}): dates must not go backwards"))
        if day and day > today:
            out.append(Problem(doc.path, line, "error", f"changes entry {i + 1}: date {day} is in the future: date a change when it is made"))
        previous_version, previous_date = version or previous_version, day or previous_date
    newest = _version(changes[-1].get("version")) if changes else None
    current = _version(doc.meta.get("version"))
    if newest and current and newest != current:
        out.append(Problem(doc.path, doc.line("version"), "error", f'version "{doc.meta.get("version")}" is not the newest entry in changes ("{changes[-1].get("version")}"): add a changes entry for version {doc.meta.get("version")}, or correct version'))
    return out


@dataclass(frozen=True)
class Row:
    id: str
    title: str
    path: str
    url: str
    owner: str
    last_reviewed: str
    review_due: str
    state: str
    open_questions: int = 0  # markers the partnership has still to answer (hooks/questions.py)


def schedule(manual: Manual, today: dt.date, policy: Policy, include=lambda doc: True) -> list[Row]:
    """Every document with a review date, sorted by owner, then due date."""
    rows = []
    for doc in manual.documents:
        if not include(doc):
            continue
        st = state(doc, today, policy)
        if st is None or doc.meta.get("status") in ("retired", "superseded") or doc.meta.get("type") not in REVIEWED_TYPES:
            continue
        rows.append(Row(str(doc.meta.get("id")), str(doc.meta.get("title")), doc.path, page_url(doc.path), str(doc.meta.get("owner")),
                        str(doc.meta.get("last_reviewed") or ""), str(doc.meta.get("review_due")), st, len(questions.in_document(doc))))
    return sorted(rows, key=lambda r: (r.owner, r.review_due, r.title))


def to_json(rows: list[Row], today: dt.date) -> str:
    return json.dumps({"generated": today.isoformat(), "documents": [r.__dict__ for r in rows]}, indent=2, ensure_ascii=False) + "\n"


def to_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["owner", "title", "id", "url", "last_reviewed", "review_due", "state", "open_questions"])
    for r in rows:
        writer.writerow([r.owner, r.title, r.id, "/" + r.url, r.last_reviewed, r.review_due, r.state, r.open_questions])
    return out.getvalue()


def to_ics(rows: list[Row], today: dt.date, site_url: str = "") -> bytes:
    """One all-day event per document on its due date; the UID is the document id, so it stays stable."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//LLR safeguarding children procedures//Review schedule//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "LLR procedures: review dates")
    stamp = dt.datetime.combine(today, dt.time(), dt.timezone.utc)
    for r in rows:
        event = Event()
        event.add("uid", f"review-{r.id}@llr-safeguarding-procedures")
        event.add("dtstamp", stamp)
        due = dt.date.fromisoformat(r.review_due)
        event.add("dtstart", due)
        event.add("dtend", due + dt.timedelta(days=1))
        event.add("summary", f"Review due: {r.title}")
        event.add("description", f"Owner: {r.owner}. Last reviewed {dates.uk(r.last_reviewed) or 'never'}. {site_url.rstrip('/') + '/' if site_url else '/'}{r.url}")
        cal.add_component(event)
    return cal.to_ical()


def schedule_markdown(rows: list[Row], today: dt.date, page: str) -> tuple[str, list[str]]:
    """The Review schedule page, grouped by owner and sorted by due date: Markdown for the headings and
    text, and each owner's table as an HTML block (render.slot). The page is left out of search (it
    lists every document)."""
    rel = lambda target: posixpath.relpath(target, posixpath.dirname(page))
    label = {OK: "OK", DUE_SOON: "Due soon", OVERDUE: "<strong>Overdue</strong>"}
    counts = {s: sum(r.state == s for r in rows) for s in (OVERDUE, DUE_SOON, OK)}
    out = [
        "---", "search:", "  exclude: true", "---", "",
        "# Review schedule", "",
        f"Every document's review date, as of {dates.uk(today)}: {counts[OVERDUE]} overdue, {counts[DUE_SOON]} due soon, {counts[OK]} up to date.",
        f"The same data: [reviews.json]({rel('docs/reviews.json')}), [reviews.csv]({rel('docs/reviews.csv')}), and a calendar of due dates",
        f"to subscribe to in Outlook or Google Calendar: [reviews.ics]({rel('docs/reviews.ics')}).", "",
    ]
    blocks = []
    for owner in sorted({r.owner for r in rows}):
        out += [f"## {owner}", "", render.slot(len(blocks)), ""]
        table = ["<table>", "<thead><tr><th>Document</th><th>Last reviewed</th><th>Review due</th><th>State</th><th>Open questions</th></tr></thead>", "<tbody>"]
        for r in (r for r in rows if r.owner == owner):
            open_questions = f'<a href="{escape(site_href(page, questions.PAGE, scan.slugify(owner)))}">{r.open_questions}</a>' if r.open_questions else "0"
            table.append(f'<tr><td><a href="{escape(site_href(page, r.path))}">{escape(r.title)}</a></td><td>{dates.uk(r.last_reviewed)}</td>'
                         f"<td>{dates.uk(r.review_due)}</td><td>{label[r.state]}</td><td>{open_questions}</td></tr>")
        blocks.append("\n".join(table + ["</tbody>", "</table>"]))
    return "\n".join(out), blocks


def report(rows: list[Row], markdown: bool = False) -> str:
    """What is overdue or due soon, per owner, for a scheduled job to post or mail."""
    due = [r for r in rows if r.state in (OVERDUE, DUE_SOON)]
    if not due:
        return "Nothing is overdue or due for review soon.\n"
    out = []
    for owner in sorted({r.owner for r in due}):
        out.append(f"## {owner}" if markdown else owner)
        for r in (r for r in due if r.owner == owner):
            what = "OVERDUE since" if r.state == OVERDUE else "due"
            out.append(f"- {r.title} ({r.path}): review {what} {dates.uk(r.review_due)}" if markdown else f"  {r.state:9}  {r.review_due}  {r.title}  ({r.path})")
        out.append("")
    return "\n".join(out)
