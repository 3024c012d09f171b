"""Fixtures: tiny fixture sites (see fixture_site.py) and the real manual, built once per run."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fixture_site import ROOT, Site, page


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """An empty site using the real mkdocs.yml, hooks and owners list, with a home page."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    text = (tmp_path / "mkdocs.yml").read_text().replace("  - hooks/site.py", f"  - {ROOT / 'hooks' / 'site.py'}")
    text = text.replace("custom_dir: docs/overrides", f"custom_dir: {ROOT / 'docs' / 'overrides'}")
    (tmp_path / "mkdocs.yml").write_text(text)
    for folder in ("data", "procedures", "thresholds"):
        (tmp_path / folder).mkdir()
    shutil.copy(ROOT / "data" / "owners.yml", tmp_path / "data" / "owners.yml")
    s = Site(tmp_path)
    s.write("docs/index.md", page("home", "Welcome.\n", title="Home", type="reference"))
    shutil.copytree(ROOT / "docs" / "assets", tmp_path / "docs" / "assets")
    return s


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real manual, built once per test run exactly as `make build` does (strict), date pinned (3 December
    2026, the date of the newest change: changes made that day must not be "in the future")."""
    import os

    out = tmp_path_factory.mktemp("real") / "site"
    # Pinned to 3 December 2026, the date of the newest change: a page changed "in the future" fails the build.
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1796299200", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "hooks/cli.py", "build", "--site", str(out)], cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    return out
