"""CODEOWNERS made from the content: each document is reviewed by the team of the group that owns it.

The team of each owning group is configured once, in data/teams.yml; data/owners.yml stays the one list
of groups (model.load_owners reads it unchanged). GitHub uses the last matching line of CODEOWNERS, so
the maintainers' catch-all comes first and each document's own line after it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import content
import model
from frontmatter import load_yaml_file
from model import Problem

TEAMS = "data/teams.yml"
OUTPUT = ".github/CODEOWNERS"


@dataclass
class Teams:
    organisation: str = ""
    maintainers: str = ""
    teams: dict[str, str] = field(default_factory=dict)
    data_owner: str = ""

    def handle(self, team: str) -> str:
        return f"@{self.organisation}/{team}"

    def of(self, owner: str) -> str | None:
        team = self.teams.get(owner)
        return self.handle(team) if team else None


def load(root: Path) -> tuple[Teams, list[Problem]]:
    path = Path(root) / TEAMS
    if not path.is_file():
        return Teams(), [Problem(TEAMS, 1, "error", "the file is missing: write `organisation:`, `maintainers:` and `teams:` (one line per owning group, like `Case Review Group: case-review-group`)")]
    raw = load_yaml_file(path.read_text(encoding="utf-8")) or {}
    teams = Teams(str(raw.get("organisation") or ""), str(raw.get("maintainers") or ""), {str(k): str(v) for k, v in (raw.get("teams") or {}).items()}, str(raw.get("data_owner") or ""))
    problems = []
    if not teams.organisation or not teams.maintainers:
        problems.append(Problem(TEAMS, 1, "error", "organisation and maintainers must both be set: write `organisation: your-github-organisation` and `maintainers: web-team`"))
    owners = model.load_owners(root)
    for owner in owners:
        if owner not in teams.teams:
            problems.append(Problem(TEAMS, 1, "error", f'the owning group "{owner}" has no team: add `  {owner}: team-name` under teams:'))
    for name in teams.teams:
        if name not in owners:
            problems.append(Problem(TEAMS, 1, "error", f'"{name}" is not an owning group in data/owners.yml{model.did_you_mean(name, owners, quote=True)}: correct the name or remove the line'))
    if teams.data_owner and teams.data_owner not in owners:
        problems.append(Problem(TEAMS, 1, "error", f'data_owner "{teams.data_owner}" is not an owning group in data/owners.yml: use one of its names'))
    return teams, problems


def _pattern(path: str) -> str:
    """A CODEOWNERS path for one file (spaces and the comment sign escaped)."""
    return "/" + path.replace(" ", "\\ ").replace("#", "\\#")


def generate(manual: content.Manual, teams: Teams) -> str:
    """One line per folder for its most common owner, and a line for each document or subfolder owned by
    another group: a new page with its folder's usual owner changes nothing here."""
    lines = [
        "# Made by `make codeowners` from each document's owner and data/teams.yml: do not edit by hand.",
        "# A pull request needs a review from the team of the group that owns each file it changes.",
        "",
        f"* {teams.handle(teams.maintainers)}",
    ]
    data_team = teams.of(teams.data_owner)
    if data_team:
        lines += ["", "# Shared data: contacts, glossary, the owning groups", f"/data/ {data_team} {teams.handle(teams.maintainers)}"]
    owner_of = {d.path: str(d.meta.get("owner") or "") for d in manual.documents}
    lines += ["", "# Documents, by owner"]
    for tree in content.TREES:
        lines += _folder(tree, owner_of, teams, prefer=data_team)
    theme = [f"{_pattern(folder)} {teams.handle(teams.maintainers)}" for folder in content.NOT_PAGES]
    lines += ["", "# The theme and its files are code, whatever folder they sit in", *theme]
    return "\n".join(lines) + "\n"


def _folder(folder: str, owner_of: dict[str, str], teams: Teams, inherited: str | None = None, prefer: str | None = None) -> list[str]:
    """The folder's most common owner on one line (unless its parent's line already says so), then the
    documents and subfolders that differ from it; GitHub takes the last line that matches a file."""
    from collections import Counter

    inside = {p: o for p, o in owner_of.items() if p.startswith(folder + "/") and teams.of(o)}
    if not inside:
        return []
    counts = Counter(inside.values())
    prefer = prefer or inherited  # a tie goes to the parent's owner (at the top, the data owner)
    main = sorted(counts, key=lambda o: (-counts[o], teams.of(o) != prefer, o))[0]
    out = [f"{_pattern(folder + '/')} {teams.of(main)}"] if teams.of(main) != inherited else []
    rest = lambda p: p[len(folder) + 1:]
    out += [f"{_pattern(p)} {teams.of(o)}" for p, o in sorted(inside.items()) if "/" not in rest(p) and o != main]
    for sub in sorted({rest(p).split("/", 1)[0] for p in inside if "/" in rest(p)}):
        out += _folder(f"{folder}/{sub}", owner_of, teams, teams.of(main))
    return out


def write(root: Path) -> tuple[str, list[Problem]]:
    teams, problems = load(root)
    text = generate(content.load(root), teams)
    if not problems:
        (Path(root) / OUTPUT).parent.mkdir(exist_ok=True)
        (Path(root) / OUTPUT).write_text(text, encoding="utf-8")
    return text, problems
