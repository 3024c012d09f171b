"""Dates: "today" for a build, and dates as readers see them."""
from __future__ import annotations

import datetime as dt
import functools
import os

from model import Problem


def today(environ=os.environ) -> dt.date:
    """The build's date: SOURCE_DATE_EPOCH when set (reproducible builds), else the clock, in UTC. A
    value that is not a date falls back to the clock, and check_environment() reports it."""
    return _epoch(environ.get("SOURCE_DATE_EPOCH")) or dt.datetime.now(dt.timezone.utc).date()


def _epoch(value: str | None) -> dt.date | None:
    if not value or not value.strip().isdecimal() or len(value.strip()) > 12:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), dt.timezone.utc).date()
    except (OverflowError, OSError, ValueError):
        return None


def check_environment(environ=os.environ) -> list[Problem]:
    """SOURCE_DATE_EPOCH, when set, must be a whole number of seconds since 1970 (a build's "today")."""
    value = environ.get("SOURCE_DATE_EPOCH")
    if value and _epoch(value) is None:
        return [Problem("SOURCE_DATE_EPOCH", 0, "error", f'the environment variable SOURCE_DATE_EPOCH is "{value[:40]}", not a date: set it to the seconds since 1970 (for example `git log -1 --format=%ct`), or unset it')]
    return []


def parse(value) -> dt.date | None:
    """A front-matter date (text as the editor wrote it), or None if it is not a real date."""
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except (ValueError, TypeError):
        return None


def uk(value) -> str:
    """1 March 2026."""
    day = parse(value) if not isinstance(value, dt.date) else value
    return _uk(day) if day else ""


@functools.lru_cache(maxsize=4096)  # the same few dates on every page
def _uk(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
