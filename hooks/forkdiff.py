"""`make fork-diff`: build the site with MkDocs and with a maintained fork of it (ProperDocs by default),
then compare the two sites file by file. Only the generator tag may differ; anything else is printed and
the command fails, so the day we must move we know what moves with us (docs/about/builder.md).

The fork goes in its own virtualenv (.fork-diff/venv) with the same pinned requirements, so the site's
own .venv never holds two builders. Usage: forkdiff.py [PIP-SPEC [MODULE]], e.g. "properdocs==1.6.7"
or "mkdocs-ng==1.8.0 mkdocs".
"""
from __future__ import annotations

import difflib
import gzip
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".fork-diff"
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def normalise(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return GENERATOR.sub(b'<meta name="generator" content="">', data)


def compare(a: Path, b: Path) -> list[str]:
    """Every difference between two built sites, in words: files only in one, files whose content differs."""
    files = lambda root: {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    fa, fb = files(a), files(b)
    out = [f"only in the MkDocs build: {p}" for p in sorted(fa - fb)] + [f"only in the fork's build: {p}" for p in sorted(fb - fa)]
    for rel in sorted(fa & fb):
        x, y = normalise(a / rel), normalise(b / rel)
        if x != y:
            diff = difflib.unified_diff(x.decode("utf-8", "replace").splitlines(), y.decode("utf-8", "replace").splitlines(), "mkdocs/" + rel, "fork/" + rel, lineterm="", n=1)
            out.append(f"differs: {rel}\n" + "\n".join(list(diff)[:40]))
    return out


def _module(spec: str) -> str:
    return re.split(r"[=<>!~\[ ]", spec, 1)[0].replace("-", "_")


def build_with_fork(spec: str, module: str, dest: Path, env: dict) -> int:
    python = WORK / "venv" / "bin" / "python"
    if not python.exists():
        venv.create(WORK / "venv", with_pip=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(ROOT / "requirements.txt"), spec]
    if subprocess.run(pip).returncode != 0:
        print(f"error: could not install {spec} into {WORK / 'venv'}", file=sys.stderr)
        return 1
    cmd = [str(python), "-m", module, "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(dest)]
    return subprocess.run(cmd, cwd=ROOT, env=env).returncode


def main(spec: str = "properdocs==1.6.7", module: str | None = None) -> int:
    module = module or _module(spec)
    WORK.mkdir(exist_ok=True)
    # One date for both builds, so the review banners and the schedule agree.
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH") or str(int(__import__("time").time()) // 86400 * 86400), "NO_MKDOCS_2_WARNING": "1"}
    a, b = WORK / "mkdocs", WORK / "fork"
    for d in (a, b):
        shutil.rmtree(d, ignore_errors=True)
    sys.path.insert(0, str(ROOT / "hooks"))
    if subprocess.run([sys.executable, str(ROOT / "hooks" / "cli.py"), "build", "--site", str(a)], cwd=ROOT, env=env).returncode != 0:
        print("error: the MkDocs build failed; fix it first (make build)", file=sys.stderr)
        return 1
    if build_with_fork(spec, module, b, env) != 0:
        print(f"error: the build with {spec} failed (its messages are above)", file=sys.stderr)
        return 1
    import headers  # `make build` adds the security headers after MkDocs; do the same for the fork

    headers.write(b)
    differences = compare(a, b)
    report = "\n\n".join(differences) if differences else f"The sites built by MkDocs and by {spec} are the same (apart from the generator tag)."
    (WORK / "report.txt").write_text(report + "\n", encoding="utf-8")
    print(report if len(report) < 20000 else report[:20000] + f"\n... (the rest in {WORK / 'report.txt'})")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
