"""Tiny fixture sites built in tmp_path with the real hooks and mkdocs.yml: what tests import.

(Kept out of conftest.py: tests/ and tests/browser/ each have a conftest, and only one of them can be
imported under the name `conftest`.)"""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FRONT = """\
---
id: {id}
title: {title}
type: {type}
status: {status}
version: "1.0"
owner: Policy and Procedures Group
last_reviewed: 2026-01-10
review_due: 2027-01-10
audience: practitioners
sources: ["Working Together to Safeguard Children 2023"]
changes:
  - version: "1.0"
    date: 2026-01-10
    summary: First version.
{extra}---
"""


def page(id: str, body: str = "Text of the page.\n", title: str | None = None, type: str = "procedure", status: str = "draft", extra: str = "") -> str:
    """A valid document: front matter with every required field, then the body."""
    title = title or id.replace("-", " ").capitalize()
    return FRONT.format(id=id, title=title, type=type, status=status, extra=extra) + textwrap.dedent(body)


class Site:
    def __init__(self, root: Path):
        self.root = root

    def write(self, path: str, text: str) -> Path:
        p = self.root / path
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
        return p

    def build(self, env: dict | None = None) -> subprocess.CompletedProcess:
        """`make build`'s command on this site (strict, atomic), with the date pinned."""
        import os

        environ = {**os.environ, "SOURCE_DATE_EPOCH": "1773000000", "NO_MKDOCS_2_WARNING": "1", **(env or {})}
        code = f"import sys; sys.path.insert(0, {str(ROOT / 'hooks')!r}); import cli; from pathlib import Path; sys.exit(cli.build(Path({str(self.root)!r})))"
        return subprocess.run([sys.executable, "-c", code], cwd=self.root, capture_output=True, text=True, env=environ, timeout=300)

    def html(self, url: str) -> str:
        return (self.root / "site" / url / "index.html").read_text(encoding="utf-8")
