"""MkDocs' own warnings, turned into problems with a file and a line.

Our check finds every mistake it knows of before MkDocs starts (the catalogue test proves the check and
the build agree); this is the net behind it. MkDocs names a page but no line, and speaks of links as it
sees them after our link rewriter (hooks/mdext.py), in site terms. Each warning is matched back to the
link the editor wrote and the line it is on, and reworded. In `build` it stays a warning, so strict
mode still stops the build, now with `path:line: error: message`; in `serve` it is also kept for the
problems panel on every page (hooks/preview.py).
"""
from __future__ import annotations

import logging
import re

import content
import mdext
import paths
from model import Problem

# The loggers MkDocs' build warns through (links, files, navigation, templates, configuration).
LOGGERS = ("mkdocs.structure.pages", "mkdocs.structure.files", "mkdocs.structure.nav", "mkdocs.commands.build", "mkdocs.config", "mkdocs.theme")

_LINK = re.compile(r"^Doc file '(?P<uri>[^']+)' contains (?P<kind>an absolute link|an unrecognized relative link|a link) '(?P<url>.*?)'(?:,|$)", re.S)
_NOT_FOUND = re.compile(r"but the target(?: '(?P<target>[^']*)')? is not found")
_ANCHOR = re.compile(r"but the doc '(?P<target>[^']+)' does not contain an anchor '#(?P<anchor>[^']*)'|(?P<here>there is no such anchor on this page)")


def line_of(path: str, written: str, root) -> int:
    """The first line of the file that holds the link as written (front matter counts), else 1."""
    try:
        text = (root / path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return 1
    for candidate in (f"]({written}", f"(<{written}>", written):
        at = text.find(candidate)
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return 1


def problem(message: str, root) -> Problem:
    """One MkDocs warning as a problem an editor can act on."""
    m = _LINK.match(message)
    if not m:
        return Problem("mkdocs.yml", 1, "error", f"the site generator stopped on: {message.strip()}")
    path = content.repo_path(m["uri"])
    written = mdext.Current.written.get((path, m["url"]), m["url"])
    line = line_of(path, written, root)
    if m["kind"] == "an absolute link":
        text = f'link "{written}" uses an address on the site: link to the file with a relative path instead, like "../procedures/child-protection/making-a-referral.md"'
    elif m["kind"] == "an unrecognized relative link":
        text = f'link "{written}" does not lead to a page or file{paths.unseen(written)}: link to the Markdown file itself, like "other-page.md"'
    elif (a := _ANCHOR.search(message)):
        anchor = a["anchor"] if a["anchor"] is not None else written.partition("#")[2]
        name = "this page" if a["here"] else a["target"].rsplit("/", 1)[-1]
        text = f'broken link "{written}": {name} has no heading "{anchor}"{paths.unseen(anchor)} (a heading inside an HTML comment, an HTML block or code has no anchor): link to a heading the page shows'
    elif (n := _NOT_FOUND.search(message)):
        target = n["target"] or written
        text = f'broken link "{written}": there is no page or file {target}{paths.unseen(written)}: check the file name'
    else:
        text = f'link "{written}": {message.split(",", 1)[-1].strip()}'
    return Problem(path, line, "error", text)


class Catch(logging.Filter):
    """Rewrites each MkDocs warning on the way out as `path:line: error: message`, and keeps the problem."""

    def __init__(self):
        super().__init__()
        self.root = None
        self.problems: list[Problem] = []
        self.failed_page: str | None = None  # the page MkDocs was reading or building when it raised

    def filter(self, record: logging.LogRecord) -> bool:
        # Warnings only: MkDocs' errors repeat what was already said (our check's summary, or the page
        # that failed, after its own message).
        if record.levelno >= logging.ERROR and isinstance(record.msg, str):
            m = _FAILED.match(record.msg)
            if m:
                self.failed_page = content.repo_path(m["uri"])
        if record.levelno == logging.WARNING and self.root is not None:
            found = problem(record.getMessage(), self.root)
            self.problems.append(found)
            record.msg, record.args = str(found), ()
        return True


CATCH = Catch()
_FAILED = re.compile(r"^Error (?:reading|building) page '(?P<uri>[^']+)'")


def crash(error: BaseException, fallback: str) -> Problem:
    """A build that raised: the page it was on, in words an editor can act on (no traceback)."""
    path = CATCH.failed_page or fallback
    return Problem(path, 1, "error", f"the site could not be built from this page ({error.__class__.__name__}: {str(error)[:200]}): look for something unusual in it (very deep nesting, a huge table or line) and tell the site's maintainers")


def start(root) -> Catch:
    """Before each build: forget the last build's problems and catch this one's."""
    CATCH.root, CATCH.problems, CATCH.failed_page = root, [], None
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if CATCH not in logger.filters:
            logger.addFilter(CATCH)
    return CATCH
