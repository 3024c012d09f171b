"""The catalogue of bad inputs (issue 13), each run through `make check`'s and `make build`'s commands
on a fresh fixture site: both must report the case's problem at its file and line, the check must
report nothing else (one mistake, one message), neither may print a traceback or hang, and nothing
a case forbids may reach site/."""
from __future__ import annotations

import importlib
import os
import pkgutil
import re
import subprocess
import sys

import pytest

import catalogue
from catalogue.case import Case
from fixture_site import ROOT

# `path:line: error: message`, as the check prints it, or behind MkDocs' log prefix in the build.
PROBLEM = re.compile(r"^(?:(?:ERROR|WARNING|INFO) +- +)?(?P<path>[^\s:][^:\n]*):(?P<line>\d+): (?P<severity>error|warning): (?P<message>.*)$", re.M)
TIMEOUT = 120


def cases() -> list[Case]:
    found = []
    for info in pkgutil.iter_modules(catalogue.__path__):
        if info.name.startswith("cases_"):
            found += importlib.import_module(f"catalogue.{info.name}").CASES
    return found


CASES = cases()


def start(site, command: str, env: dict) -> subprocess.Popen:
    """One of the Makefile's commands (`cli.check` / `cli.build`) on the fixture site."""
    call = "check(root)" if command == "check" else "build(root)"
    code = f"import sys; sys.path.insert(0, {str(ROOT / 'hooks')!r}); from pathlib import Path; import cli; root = Path({str(site.root)!r}); sys.exit(cli.{call})"
    environ = {**os.environ, "SOURCE_DATE_EPOCH": "1773000000", "NO_MKDOCS_2_WARNING": "1", **env}
    return subprocess.Popen([sys.executable, "-c", code], cwd=site.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environ)


def finish(process: subprocess.Popen) -> subprocess.CompletedProcess:
    """Its result, bounded in time: a command that hangs fails the case."""
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def run(site, command: str, env: dict) -> subprocess.CompletedProcess:
    return finish(start(site, command, env))


def check_and_build(site, case: Case) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    """Both commands. When the case is a mistake, side by side (one a core): a build that stops writes
    nothing the check reads. A good case's build adds to the published addresses, which the check
    reads, so it runs after the check."""
    if case.errors == 0:
        return run(site, "check", case.env), run(site, "build", case.env)
    check, build = start(site, "check", case.env), start(site, "build", case.env)
    try:
        return finish(check), finish(build)
    finally:
        for process in (check, build):
            if process.poll() is None:
                process.kill()
                process.communicate()


def errors(output: str) -> list[tuple[str, int, str]]:
    return [(m["path"], int(m["line"]), m["message"]) for m in PROBLEM.finditer(output) if m["severity"] == "error"]


def test_the_catalogue_is_large_and_names_are_unique():
    names = [c.name for c in CASES]
    assert len(names) == len(set(names)), "two cases share a name"
    assert len(CASES) >= 60


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.category}-{c.name}")
def test_bad_input(case: Case, site):
    for path, text in case.files.items():
        target = site.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    if case.setup:
        case.setup(site.root)
    check, build = check_and_build(site, case)
    for name, result in (("check", check), ("build", build)):
        assert "Traceback" not in result.stdout + result.stderr, f"{name} crashed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
    found = errors(check.stdout + check.stderr)
    if case.errors == 0:
        assert not found and check.returncode == 0, found
        assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    else:
        path, line, piece = case.expect
        assert len(found) == case.errors, f"the check should report {case.errors} error(s), got: {found}"
        assert any(p == path and n == line and piece.lower() in m.lower() for p, n, m in found), f"expected {case.expect}, the check reported {found}"
        assert check.returncode != 0
        built = errors(build.stdout + build.stderr)
        assert build.returncode != 0, "the build should stop"
        assert any(p == path and n == line and piece.lower() in m.lower() for p, n, m in built), f"expected {case.expect}, the build reported {built}"
    published = site.root / "site"
    for marker in case.forbidden:
        for f in published.rglob("*") if published.is_dir() else []:
            if f.is_file():
                assert marker.encode() not in f.read_bytes(), f"{marker!r} reached {f.relative_to(site.root)}"
