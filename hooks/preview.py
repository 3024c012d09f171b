"""The live preview (`make serve`) keeps serving whatever the editor saves, and shows the problems on the
page itself.

MkDocs' `serve` stops answering while a rebuild fails (its server waits for a build that never comes),
and mkdocs.yml's `strict: true` fails a rebuild on any warning. So while previewing:
- strict mode is off (`make build` stays strict), and our own errors do not stop the build
  (hooks/site.py); a page whose front matter cannot be read is shown as a short note;
- every problem (our check's, and MkDocs' warnings, reworded with their line by hooks/buildlog.py) is
  printed in the terminal and shown in a panel at the top of every page
  (docs/overrides/partials/llr-problems.html), gone at the next rebuild once fixed;
- should a rebuild still fail (a fault in the code, not the content), the last good pages are put back,
  with the panel saying what happened, so the browser always gets an answer.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from model import Problem

log = logging.getLogger("mkdocs.hooks.llr.preview")

PANEL_TEMPLATE = "partials/llr-problems.html"
UNREADABLE = "This page cannot be shown until the problem with its front matter, listed at the top of the page, is fixed.\n"


class Last:
    """The last good build, kept beside the server's folder, and the theme's template environment."""

    copy: Path | None = None
    env = None
    problems: list[Problem] = []


def no_strict(config) -> None:
    """Turn strict mode off for this build. MkDocs counts warnings with a handler it adds before any hook
    runs when mkdocs.yml says `strict: true`; it is removed here so a warning cannot abort the preview."""
    from mkdocs.utils import CountHandler

    if config.strict:
        log.info("Previewing with strict mode off: problems are shown at the top of every page. `make build` stays strict.")
    config.strict = False
    logger = logging.getLogger("mkdocs")
    for handler in list(logger.handlers):
        if isinstance(handler, CountHandler):
            logger.removeHandler(handler)


def panel(problems: list[Problem], env, note: str = "") -> str:
    """The problems panel's HTML, from the theme's partial; "" when there is nothing to show."""
    shown = sorted(set(problems))
    if not shown and not note:
        return ""
    errors = [str(p) for p in shown if p.severity == "error"]
    warnings = [str(p) for p in shown if p.severity != "error"]
    return env.get_template(PANEL_TEMPLATE).render(errors=errors, warnings=warnings, note=note).strip()


def show(site_dir: Path, html: str) -> None:
    """Put the panel first in the body of every HTML file of the built site."""
    if not html:
        return
    for path in Path(site_dir).rglob("*.html"):
        text = path.read_text(encoding="utf-8", errors="replace")
        start = text.find("<body")
        end = text.find(">", start) + 1 if start >= 0 else 0
        path.write_text(text[:end] + html + text[end:], encoding="utf-8")


def after_build(config, problems: list[Problem]) -> None:
    """After each preview build: report in the terminal, show the panel, keep a copy as the last good site."""
    Last.env = config.theme.get_env()
    errors = [p for p in set(problems) if p.severity == "error"]
    if problems:
        log.warning(f"{len(errors)} error(s) and {len(set(problems)) - len(errors)} warning(s): listed above and at the top of every page.")
    keep(Path(config.site_dir))  # before the panel goes in: a restore shows the panel of its own time
    Last.problems = list(problems)
    show(Path(config.site_dir), panel(problems, Last.env))


def keep(site_dir: Path) -> None:
    """A copy of the site as it is now (hard links: the next build writes new files, never into these)."""
    if Last.copy is None:
        Last.copy = Path(tempfile.mkdtemp(prefix="llr-preview-last-", dir=site_dir.parent))
    shutil.rmtree(Last.copy, ignore_errors=True)

    def link(src, dst):
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(site_dir, Last.copy, copy_function=link)


def guard(builder, site_dir: str):
    """The server's rebuild, made unable to leave the browser without an answer."""

    def build(config=None):
        try:
            builder(config)
        except BaseException as e:  # SystemExit from MkDocs' Abort too: the server must carry on
            if isinstance(e, KeyboardInterrupt):
                raise
            import mdext

            note = f"The preview could not be rebuilt while building {mdext.Current.path} ({e.__class__.__name__}: {e}). These pages are from the last good build; save the file again once it is fixed."
            log.error(note)
            restore(Path(site_dir), note)

    return build


def restore(site_dir: Path, note: str) -> None:
    if Last.copy is None or not Last.copy.is_dir():
        return
    shutil.rmtree(site_dir, ignore_errors=True)
    shutil.copytree(Last.copy, site_dir)
    if Last.env is not None:
        show(site_dir, panel(Last.problems, Last.env, note))


def cleanup() -> None:
    if Last.copy is not None:
        shutil.rmtree(Last.copy, ignore_errors=True)
        Last.copy = None
