"""Command-line entry points behind the Makefile: `check` (the fast content check, no rendering) and
`build` (a strict build into a temporary folder that replaces site/ only when it succeeds)."""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import addresses
import changes
import checks
import content
import dates
import includes
import questions
import report
import reviews
import sitecheck

ROOT = Path(__file__).resolve().parent.parent


def check(root: Path = ROOT, today=None, out=sys.stdout) -> int:
    """Load, validate and check the manual; print every problem, what is due for review, and a count.
    0 when there is no error. With LLR_PUBLISH=1 (`make check PUBLISH=1`), as `make build PUBLISH=1` checks."""
    today = today or dates.today()
    manual = content.load(root)
    data = includes.load_data(root)
    policy = reviews.load_policy(root)
    problems = manual.problems + checks.run(manual, data, today, policy=policy, publish=publishing())
    for line in report.lines(problems):
        print(line, file=out)
    due = reviews.report(reviews.schedule(manual, today, policy))
    print(f"\nReviews as of {dates.uk(today)}:\n{due}", file=out)
    print(questions.report(questions.collect(manual) + includes.data_questions(data)), file=out)
    print(f"Checked {len(manual.documents)} documents. {report.summary(problems)}", file=out)
    return 1 if report.errors(problems) else 0


def review_report(root: Path = ROOT, today=None, markdown: bool = False, out=sys.stdout) -> int:
    """Per owner, what is overdue or due soon; non-zero when something is overdue and the policy says error."""
    today = today or dates.today()
    policy = reviews.load_policy(root)
    rows = reviews.schedule(content.load(root), today, policy)
    title = f"Review report, {dates.uk(today)}"
    print(f"# {title}\n" if markdown else f"{title}\n", file=out)
    print(reviews.report(rows, markdown), file=out)
    return 1 if policy.overdue == "error" and any(r.state == reviews.OVERDUE for r in rows) else 0


def check_changes(root: Path = ROOT, base: str = "origin/main", out=sys.stdout) -> int:
    problems, notes = changes.check(root, base)
    for line in notes + report.lines(problems):
        print(line, file=out)
    print(f"Compared with {base}: {report.summary(problems)}", file=out)
    return 1 if problems else 0


PREFIX = ".site-"  # every folder `build` makes beside site/ starts with this, then its process id


def build(root: Path = ROOT, site: Path | None = None) -> int:
    """`mkdocs build --strict` into a fresh folder beside site/, checked (sitecheck) and swapped in only
    when both succeed; then the addresses the build published are added to the manifest.

    A build killed half way leaves its folder behind (an interrupted swap, the old site's): the next
    build removes them first, so nothing stale clutters or blocks it."""
    site = Path(site or root / "site")
    started = time.time()
    remove_leftovers(site, started)
    tmp = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=site.parent))
    urls = tmp.with_name(tmp.name + ".urls")
    old = tmp.with_name(tmp.name + "-old")
    try:
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(tmp)]
        result = subprocess.run(cmd, cwd=root, env={**os.environ, addresses.OUT_ENV: str(urls)})
        if result.returncode != 0:
            print(f"The build failed: {site.name}/ still holds the last good site.", file=sys.stderr)
            return result.returncode
        policy = reviews.load_policy(root)
        problems = sitecheck.check(tmp, content.load(root), publishing(), policy.drafts_when_publishing)
        if problems:
            for line in report.lines(problems):
                print(line, file=sys.stderr)
            print(f"The built site is not what the manual publishes: {site.name}/ still holds the last good site.", file=sys.stderr)
            return 1
        import headers  # security headers with the hashes of the built pages' inline scripts

        headers.write(tmp)
        published = urls.read_text(encoding="utf-8").split() if urls.is_file() else []
        if site.exists() or site.is_symlink():
            site.rename(old)
        try:
            tmp.rename(site)
        except OSError:
            if old.exists():
                old.rename(site)  # put the last good site back
            raise
        addresses.update(root, published)  # only now: the whole build succeeded and site/ is the new site
        print(f"Built the site into {site}/")
        return 0
    finally:
        for leftover in (tmp, old):
            shutil.rmtree(leftover, ignore_errors=True)
        urls.unlink(missing_ok=True)


def publishing() -> bool:
    return os.environ.get("LLR_PUBLISH") == "1"


def remove_leftovers(site: Path, started: float) -> None:
    """Remove what earlier, interrupted builds left beside `site`: `site.old` (the name older builds
    used for the swap) and our own `.site-<pid>-...` folders and files, when the build that made them has
    ended and they are older than this run. Anything else is left alone."""
    if not (site.exists() or site.is_symlink()):
        # Interrupted between the two renames of a swap: the old site is beside it; put it back.
        swapped = sorted((p for p in site.parent.glob(PREFIX + "*-old") if p.is_dir() and not p.is_symlink() and not _busy(p)), key=lambda p: p.stat().st_mtime)
        if swapped:
            swapped[-1].rename(site)
    old = site.with_name(site.name + ".old")
    if old.is_symlink() or old.is_file():
        old.unlink()
    elif old.is_dir():
        shutil.rmtree(old, ignore_errors=True)
    for path in site.parent.glob(PREFIX + "*"):
        if _busy(path):
            continue  # another build, still at work
        try:
            if path.lstat().st_mtime > started:
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink()
        except OSError:
            continue  # already gone, or not ours to remove: it never blocks the build


def _busy(path: Path) -> bool:
    """Whether the build that made this `.site-<pid>-...` folder is still running."""
    pid = path.name[len(PREFIX):].split("-", 1)[0]
    return pid.isdigit() and int(pid) != os.getpid() and _running(int(pid))


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def draw_diagrams(root: Path = ROOT, out=sys.stdout) -> int:
    """`make diagrams`: draw every diagram not yet in diagrams/ and remove the drawings no page uses."""
    import diagrams

    if not diagrams.renderer():
        print(f"Graphviz is not installed: {diagrams.INSTALL}.", file=out)
        return 1
    manual = content.load(root)
    before = set((root / diagrams.CACHE).glob("*.svg"))
    table, problems = diagrams.prepare(manual.documents, root)
    for line in report.lines(problems):
        print(line, file=out)
    gone = diagrams.prune(table, root) if not problems else []
    new = sorted(set((root / diagrams.CACHE).glob("*.svg")) - before)
    print(f"{len(table)} diagrams: {len(new)} drawn, {len(gone)} unused drawings removed. Commit {diagrams.CACHE}/.", file=out)
    return 1 if problems else 0


SCHEMA = ROOT / "schema" / "front-matter.schema.json"


def schema_text(root: Path = ROOT) -> str:
    """The committed JSON Schema, made from the content model (a test keeps the file in sync)."""
    import json

    import model

    return json.dumps(model.json_schema(model.load_owners(root)), indent=2, ensure_ascii=False) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="llr")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="check the content without building the site")
    b = sub.add_parser("build", help="strict build into site/, replaced only on success")
    b.add_argument("--site", type=Path)
    sub.add_parser("diagrams", help="draw the diagrams missing from diagrams/ and remove unused drawings")
    sub.add_parser("schema", help="write schema/front-matter.schema.json from the content model")
    r = sub.add_parser("review-report", help="what is overdue or due soon, per owner")
    r.add_argument("--markdown", action="store_true")
    c = sub.add_parser("check-changes", help="fail when a page's text changed since BASE without a new version")
    c.add_argument("base")
    lc = sub.add_parser("linkcheck", help="check the external links over the network (opt-in)")
    lc.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for each site (default 10)")
    args = parser.parse_args(argv)
    if args.command == "review-report":
        return review_report(markdown=args.markdown)
    if args.command == "check-changes":
        return check_changes(base=args.base)
    if args.command == "check":
        return check()
    if args.command == "linkcheck":
        import linkcheck  # only this opt-in command needs the network libraries

        return linkcheck.run(ROOT, args.timeout)
    if args.command == "diagrams":
        return draw_diagrams()
    if args.command == "schema":
        SCHEMA.write_text(schema_text(), encoding="utf-8")
        print(f"Wrote {SCHEMA.relative_to(ROOT)}")
        return 0
    return build(site=args.site)


if __name__ == "__main__":
    sys.exit(main())
