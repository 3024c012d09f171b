"""One bad input and what the editor must be told."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class Case:
    name: str  # short and unique, e.g. "script-tag"
    category: str  # unsafe | crash | silent | names | includes | html | place | follow-on | manifest | data
    # Files written into a fresh fixture site (tests/conftest.py `site`): path -> text (str) or bytes.
    files: dict[str, str | bytes] = field(default_factory=dict)
    # The problem both the check and the build must report: (path, line, a piece of the message).
    expect: tuple[str, int, str] = ("", 0, "")
    # How many errors the check reports in all: one mistake, one message.
    errors: int = 1
    # Strings that must never reach site/ (an unsafe payload's marker), whatever the build's outcome.
    forbidden: tuple[str, ...] = ()
    # Extra environment for both commands (SOURCE_DATE_EPOCH, ...).
    env: dict[str, str] = field(default_factory=dict)
    # Anything files cannot express (symlinks, loops, leftovers of a killed build), run on the site root.
    setup: Callable[[Path], None] | None = None
