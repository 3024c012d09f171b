"""Change control for pull requests: a document whose text changed since a git ref must have a new
version and a new `changes` entry. Corrections to the front matter alone are allowed and named as such."""
from __future__ import annotations

import subprocess
from pathlib import Path

import frontmatter
from content import TREES
from model import Problem


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)


def check(root: Path, base: str) -> tuple[list[Problem], list[str]]:
    """(problems, notes): a problem for each body change without a version bump; a note for each
    front-matter-only correction."""
    root = Path(root)
    if _git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}").returncode != 0:
        return [Problem(".", 1, "error", f'"{base}" is not a git commit or branch here: give BASE as a branch, tag or commit, like BASE=origin/main')], []
    listed = _git(root, "diff", "--name-only", "--diff-filter=M", base, "--", *TREES)
    problems, notes = [], []
    for path in sorted(p for p in listed.stdout.splitlines() if p.endswith(".md")):
        old_text = _git(root, "show", f"{base}:{path}").stdout
        try:
            old = frontmatter.parse(old_text)
            new = frontmatter.parse((root / path).read_text(encoding="utf-8"))
        except frontmatter.FrontMatterError:
            continue  # `make check` reports unreadable front matter
        if old.body.strip() == new.body.strip():
            if old.data != new.data:
                notes.append(f"{path}: front-matter-only correction (allowed without a new version)")
            continue
        old_changes, new_changes = old.data.get("changes") or [], new.data.get("changes") or []
        version = new.data.get("version")
        if version == old.data.get("version") or len(new_changes) <= len(old_changes):
            line = new.lines.get(("version",), 1)
            problems.append(Problem(path, line, "error", f'the text changed since {base} but version is still "{version}" or no changes entry was added: raise version (for example to "{_next(version)}") and add a changes entry with the version, the date and a one-line summary'))
    return problems, notes


def _next(version) -> str:
    try:
        major, minor = str(version).split(".")
        return f"{major}.{int(minor) + 1}"
    except ValueError:
        return "1.1"
