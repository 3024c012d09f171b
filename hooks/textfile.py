"""Reading a file an editor wrote (a page, a section file, a data file) without trusting it.

What editors paste comes from Word documents and emails: bytes in another encoding, invisible control
characters, a whole document on one line. Each becomes one problem at its line, never a traceback, and a
file too large to be a page is not parsed at all (so no later step can be made slow by it).
"""
from __future__ import annotations

import re
from pathlib import Path

from model import Problem

MAX_BYTES = 1_000_000  # a long procedure is about 40 kB
MAX_LINE = 10_000  # characters; a long paragraph is about 1,500
# C0 and C1 control characters and DEL, except tab and the line ends. A NUL reaches the HTML as it is.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def read(root: Path, path: str) -> tuple[str | None, list[Problem]]:
    """The file's text with line ends made "\\n", a leading byte-order mark and control characters taken
    out, and the problems found; text None when the file cannot be used at all."""
    full = Path(root) / path
    try:
        size = full.stat().st_size
        if size > MAX_BYTES:
            return None, [Problem(path, 1, "error", f"this file is {size / 1_000_000:.1f} MB, more than the limit of 1 MB for a file of the manual: split it into several pages, or remove what was pasted in by mistake")]
        raw = full.read_bytes()
    except OSError as e:
        return None, [Problem(path, 1, "error", f"this file cannot be read ({e.strerror or e}): check that it is an ordinary file, or remove it")]
    return decode(path, raw)


def decode(path: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """`read` for bytes already in hand."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        column = len(raw[raw.rfind(b"\n", 0, e.start) + 1 : e.start].decode("utf-8", "replace")) + 1
        return None, [Problem(path, line, "error", f"this line has a character that is not UTF-8 text at column {column} (often a curly quote or dash from a file saved in another encoding): retype it, or save the file again as UTF-8")]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    # Most files are shorter than one long line. A regular expression for a run of characters would try
    # again from every character of a long paragraph: measuring the lines is linear.
    lines = text.split("\n") if len(text) > MAX_LINE else []
    number = next((n for n, line in enumerate(lines, 1) if len(line) > MAX_LINE), None)
    if number:
        length = len(lines[number - 1])
        return None, [Problem(path, number, "error", f"this line is {length:,} characters long, more than the limit of {MAX_LINE:,}: break it into paragraphs, or remove what was pasted in by mistake")]
    if not CONTROL.search(text):
        return text, []
    problems = []
    for number, line in enumerate(text.split("\n"), 1):
        m = CONTROL.search(line)
        if m:
            problems.append(Problem(path, number, "error", f"this line holds an invisible control character (U+{ord(m.group()):04X}) at column {m.start() + 1}, often left by copying from another program: delete it"))
    return CONTROL.sub("", text), problems


def recover_id(text: str | None) -> str | None:
    """The `id:` of a document whose front matter cannot be read, so that the pages naming it are not
    told it does not exist (one mistake, one message)."""
    m = re.search(r"^id:[ \t]*[\"']?([a-z0-9-]+)", text or "", re.M)
    return m.group(1) if m else None


def recover_ids(text: str | None) -> set[str]:
    """Every `id:` of an unreadable data file (contacts), for the same reason."""
    return set(re.findall(r"^[ \t-]*id:[ \t]*[\"']?([\w-]+)", text or "", re.M))


def lossy(root: Path, path: str) -> str:
    """As much of an unusable file as can be read, only to recover its ids."""
    try:
        with open(Path(root) / path, "rb") as f:
            return f.read(MAX_BYTES).decode("utf-8", "replace")
    except OSError:
        return ""
