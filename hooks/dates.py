"""Dates: "today" for a build, and dates as readers see them."""
from __future__ import annotations

import datetime as dt
import functools
import os


def today(environ=os.environ) -> dt.date:
    """The build's date: SOURCE_DATE_EPOCH when set (reproducible builds), else the clock, in UTC."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.datetime.now(dt.timezone.utc).date()


def parse(value) -> dt.date | None:
    """A front-matter date (text as the editor wrote it), or None if it is not a real date."""
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def uk(value) -> str:
    """1 March 2026."""
    day = parse(value) if not isinstance(value, dt.date) else value
    return _uk(day) if day else ""


@functools.lru_cache(maxsize=4096)  # the same few dates on every page
def _uk(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
