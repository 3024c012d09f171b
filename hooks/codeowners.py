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
    lines = [
        "# Made by `make codeowners` from each document's owner and data/teams.yml: do not edit by hand.",
        "# A pull request needs a review from the team of the group that owns each file it changes.",
        "",
        f"* {teams.handle(teams.maintainers)}",
    ]
    data_team = teams.of(teams.data_owner)
    if data_team:
        lines += ["", "# Shared data: contacts, glossary, the owning groups", f"/data/ {data_team} {teams.handle(teams.maintainers)}"]
    lines += ["", "# Documents, by owner"]
    for doc in sorted(manual.documents, key=lambda d: d.path):
        team = teams.of(str(doc.meta.get("owner") or ""))
        if team:
            lines.append(f"{_pattern(doc.path)} {team}")
    return "\n".join(lines) + "\n"


def write(root: Path) -> tuple[str, list[Problem]]:
    teams, problems = load(root)
    text = generate(content.load(root), teams)
    if not problems:
        (Path(root) / OUTPUT).parent.mkdir(exist_ok=True)
        (Path(root) / OUTPUT).write_text(text, encoding="utf-8")
    return text, problems
