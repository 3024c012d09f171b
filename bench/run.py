"""`make bench`: the content check and the builds, timed on a synthetic manual of each size given.

    .venv/bin/python bench/run.py 300 3000 [--repeat 3] [--profile] [--keep]

For each size, in the same run and on the same corpus: the check (`make check`: cli.check), a plain
`mkdocs build` without our hooks (the same pages, with procedures/ moved inside docs/ because without the
hooks MkDocs reads only docs/), and our full build (`make build`: strict, with the hooks). Each is a fresh
process, as when an editor runs the command, so interpreter start-up and imports are included.
Prints a table and writes bench/results/<timestamp>.json (git-ignored) to compare over time.
This is a benchmark, not a test: timings depend on the machine, so nothing here fails on them.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "bench"))
import scan  # noqa: E402  the same slugify as the site, so generated #anchors exist
import search  # noqa: E402  where the full build writes what its indexing cost

EPOCH = "1773000000"  # 2026-03-08: dates pinned, as in the tests, so review states do not drift
PER_SECTION = 50
TARGETS = {"check_speedup": 10.0, "hook_overhead": 0.10, "growth": 1.25, "index_share": 0.10}  # growth: "roughly linear"

WORDS = """child children family parent carer practitioner agency referral assessment strategy discussion
enquiry section plan conference review core group social care police health school nurse visitor
safeguarding significant harm risk concern evidence record information consent share duty manager
decision outcome timescale working days meeting chair minutes partner local authority designated officer
allegation exploitation neglect abuse emotional physical sexual domestic online missing return interview
threshold level need early help support service multi-agency protocol escalation disagreement resolution
voice wishes feelings wellbeing development education attendance housing substance mental capacity
interpreter language culture faith disability advocacy independent statutory guidance legislation court
order emergency protection immediate action plan contingency monitor visit observe record chronology""".split()
ADMONITIONS = ("note", "warning", "tip", "info", "example")


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 20))
    if rng.random() < 0.3:
        i = rng.randrange(len(words))
        words[i] = f"**{words[i]}**"
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def plan(n: int, rng: random.Random) -> list[dict]:
    """Every page's path, title and headings first, so that links can point at real anchors."""
    pages = []
    for i in range(n):
        section, k = divmod(i, PER_SECTION)
        name = "index" if k == 0 else f"page-{k:02d}"
        title = f"{' '.join(rng.choices(WORDS, k=3)).capitalize()} ({i})"
        texts = [f"{' '.join(rng.choices(WORDS, k=rng.randint(2, 5))).capitalize()} {j + 1}" for j in range(rng.randint(6, 12))]
        pages.append({"i": i, "path": f"procedures/area-{section:03d}/{name}.md", "id": f"doc-{i:05d}", "title": title,
                      "headings": [(t, scan.slugify(t)) for t in texts]})
    return pages


def body(page: dict, pages: list[dict], rng: random.Random) -> str:
    """1,500-2,500 words: the planned headings, paragraphs, lists, tables, admonitions and 5-10 links."""
    here = os.path.dirname(page["path"])
    targets = rng.sample([p for p in pages if p is not page], k=min(rng.randint(5, 10), len(pages) - 1))
    links = []
    for t in targets:
        href = os.path.relpath(t["path"], here)
        if rng.random() < 0.4:  # some links go to a section of the target page
            href += "#" + rng.choice(t["headings"])[1]
        links.append(f"[{t['title']}]({href})")
    goal, words, parts = rng.randint(1500, 2500), 0, []
    headings = page["headings"]
    per_heading = goal // len(headings)
    for h, (text, _) in enumerate(headings):
        parts.append(f"{'###' if h and rng.random() < 0.3 else '##'} {text}\n")
        start = words
        while words - start < per_heading:
            kind = rng.random()
            if kind < 0.55:
                block = paragraph(rng)
            elif kind < 0.7:
                block = "\n".join(f"- {sentence(rng)}" for _ in range(rng.randint(3, 6)))
            elif kind < 0.8:
                rows = [f"| {' '.join(rng.choices(WORDS, k=2))} | {sentence(rng)} | {rng.randint(1, 20)} working days |" for _ in range(rng.randint(3, 6))]
                block = "| Step | What happens | By when |\n|---|---|---|\n" + "\n".join(rows)
            elif kind < 0.9:
                block = f'!!! {rng.choice(ADMONITIONS)} "{sentence(rng)[:-1]}"\n\n' + textwrap.indent(paragraph(rng), "    ")
            else:
                block = f"If a child is in danger now, call [[phone: emergency-999]]. {paragraph(rng)}"
            if links and rng.random() < 0.25:
                block += f" See {links.pop()}."
            parts.append(block + "\n")
            words += len(block.split())
    parts += [f"See also {link}.\n" for link in links]  # the links not yet placed
    return "\n".join(parts)


def front(page: dict, pages: list[dict], rng: random.Random) -> str:
    related = ", ".join(p["id"] for p in rng.sample(pages, k=min(3, len(pages))) if p is not page)
    return textwrap.dedent(f"""\
        ---
        id: {page['id']}
        title: "{page['title']}"
        type: procedure
        status: approved
        version: "1.1"
        owner: Policy and Procedures Group
        approved_by: Policy and Procedures Group
        approved_on: 2026-01-15
        effective_from: 2026-02-01
        last_reviewed: 2026-01-10
        review_due: 2027-01-10
        audience: practitioners
        applies_to: [leicester, leicestershire, rutland]
        order: {page['i'] % PER_SECTION * 10}
        related: [{related}]
        sources:
          - "Working Together to Safeguard Children 2023 (Department for Education), chapter 3"
          - "Children Act 1989, section 47"
        changes:
          - version: "1.0"
            date: 2025-11-01
            summary: First approved version.
          - version: "1.1"
            date: 2026-01-15
            summary: Updated the timescales.
        ---
        """)


def generate(root: Path, n: int, seed: int = 1) -> None:
    """A manual of n procedure pages in root, with the real config (hooks loaded from this repository),
    data and assets; and beside it mkdocs-plain.yml, the same site without our hooks."""
    rng = random.Random(seed)
    pages = plan(n, rng)
    for page in pages:
        path = root / page["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(front(page, pages, rng) + "\n" + body(page, pages, rng), encoding="utf-8")
    for section in sorted({os.path.dirname(p["path"]) for p in pages}):
        (root / section / "_section.yml").write_text(f"title: Area {section[-3:]}\norder: {int(section[-3:])}\n")
    (root / "thresholds").mkdir()
    # Not the manifest of published addresses: none of the real pages exists here, so each would be
    # reported as a broken address. The synthetic manual starts unpublished.
    shutil.copytree(ROOT / "data", root / "data", ignore=shutil.ignore_patterns("published-urls.txt"))
    # The glossary links to real procedures, which the synthetic manual does not have.
    glossary = (root / "data" / "glossary.yml").read_text(encoding="utf-8").split("\n")
    (root / "data" / "glossary.yml").write_text("\n".join(l for l in glossary if not l.startswith("  link:")), encoding="utf-8")
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
    (root / "docs" / "index.md").write_text(front({"i": 0, "id": "home", "title": "Home"}, [], rng).replace("type: procedure", "type: reference") + "\nWelcome.\n")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: docs/overrides", f"custom_dir: {ROOT / 'docs' / 'overrides'}")
    (root / "mkdocs.yml").write_text(config.replace("  - hooks/site.py", f"  - {ROOT / 'hooks' / 'site.py'}"))
    # The plain build: no hooks entry, and the pages where MkDocs finds them without the hooks.
    lines = config.split("\n")
    start = lines.index("hooks:")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("  - "))
    plain = "\n".join(lines[:start] + lines[end:]).replace("docs_dir: docs", "docs_dir: plain-docs")
    (root / "mkdocs-plain.yml").write_text(plain)
    # Material marks a page's navigation entry by its `status:`. Our hook keeps the mark for drafts only,
    # so the plain copies drop `status: approved`: otherwise the plain build renders a mark beside every
    # entry on every page, work the full build does not do, and the hooks would look cheaper than they are.
    for src, dest in ((root / "docs", root / "plain-docs"), (root / "procedures", root / "plain-docs" / "procedures")):
        shutil.copytree(src, dest, ignore=shutil.ignore_patterns("*.md"))
        for page in src.rglob("*.md"):
            text = page.read_text(encoding="utf-8")
            (dest / page.relative_to(src)).write_text(text.replace("\nstatus: approved\n", "\n", 1), encoding="utf-8")


def timed(cmds: dict[str, list[str]], root: Path, env: dict | None = None) -> dict[str, tuple[float, float]]:
    """(CPU seconds, wall-clock seconds) of each command, all started together. CPU time (user and
    system) is what a command itself cost; the wall clock also counts waiting for a core. Commands run
    side by side meet the same conditions on a shared machine, so the ratio of their times is steadier
    than that of runs made minutes apart, which can differ by 15% with no change at all."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    out = {}
    with tempfile.TemporaryFile("w+") as log:
        started = {name: (subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=log), time.perf_counter()) for name, cmd in cmds.items()}
        for name, (proc, start) in started.items():
            _, status, usage = os.wait4(proc.pid, 0)  # this child's own CPU time
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode != 0:  # a timing of a failed run means nothing: stop and show why
                log.seek(0)
                sys.exit(f"{name} failed on the synthetic manual:\n{log.read()[-6000:]}")
            out[name] = (usage.ru_utime + usage.ru_stime, time.perf_counter() - start)
    return out


def commands(root: Path, out: Path) -> dict[str, list[str]]:
    check = f"import sys; sys.path.insert(0, {str(ROOT / 'hooks')!r}); import cli; from pathlib import Path; sys.exit(cli.check(Path({str(root)!r})))"
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    return {
        "check": [sys.executable, "-c", check],
        "plain": build + ["-f", str(root / "mkdocs-plain.yml"), "-d", str(out / "plain")],
        "full": build + ["-f", str(root / "mkdocs.yml"), "-d", str(out / "full")],
    }


def measure(n: int, work: Path, repeat: int = 1) -> dict:
    root = work / f"manual-{n}"
    start = time.perf_counter()
    generate(root, n)
    print(f"{n} pages: generated in {time.perf_counter() - start:.1f} s; timing check, plain build, full build ...", flush=True)
    words = sum(len(p.read_text().split()) for p in (root / "procedures").rglob("*.md"))
    # The check alone, then the two builds side by side (one a core), `repeat` times. Seconds are the
    # fastest run (other work on the machine only ever adds time); the hook overhead is the median of the
    # side-by-side pairs.
    cmds = commands(root, work / f"site-{n}")
    index_cpu = work / f"index-cpu-{n}.txt"  # the full build writes what its search indexing took (hooks/search.py)
    side_by_side = (os.cpu_count() or 1) >= 2
    runs: dict[str, list[tuple[float, float]]] = {}
    for _ in range(repeat):
        for group in ([["check"], ["plain", "full"]] if side_by_side else [["check"], ["plain"], ["full"]]):
            for name, t in timed({name: cmds[name] for name in group}, root, {search.CPU_ENV: str(index_cpu)}).items():
                runs.setdefault(name, []).append(t)
    pairs = [full / plain - 1 for (plain, _), (full, _) in zip(runs["plain"], runs["full"])]
    indexing = [tuple(map(float, line.split())) for line in index_cpu.read_text().splitlines()]  # (CPU, wall) per full build
    return {"pages": n + 1, "words": words, "load_average": os.getloadavg()[0], "side_by_side": side_by_side,
            "seconds": {name: min(cpu for cpu, _ in r) for name, r in runs.items()},
            "wall_seconds": {name: min(wall for _, wall in r) for name, r in runs.items()},
            "hook_overhead": statistics.median(pairs),
            "index_seconds": min(cpu for cpu, _ in indexing),
            "index_wall_seconds": min(wall for _, wall in indexing),
            "runs": {name: [{"cpu": cpu, "wall": wall} for cpu, wall in r] for name, r in runs.items()}}


def ratios(results: dict[int, dict]) -> dict:
    out = {}
    for n, r in results.items():
        s = r["seconds"]
        out[str(n)] = {"check_speedup": s["plain"] / s["check"], "hook_overhead": r["hook_overhead"]}
    sizes = sorted(results)
    if len(sizes) > 1:
        small, big = sizes[0], sizes[-1]
        hooks = lambda n: results[n]["seconds"]["plain"] * results[n]["hook_overhead"]
        per_page = lambda n, name: (hooks(n) if name == "hooks" else results[n]["seconds"][name]) / n
        # "hooks": what our hooks add (full - plain). The plain build's own growth is MkDocs' and Material's
        # (the navigation is rendered into every page), which the full build carries too.
        out["growth"] = {name: per_page(big, name) / per_page(small, name) for name in ("check", "plain", "full", "hooks")}
    return out


def table(results: dict[int, dict], r: dict) -> str:
    rows = ["| pages | words | check s | plain build s | full build s | check vs plain | hook overhead | wall clock s (check, plain, full) | load |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, res in sorted(results.items()):
        s, w = res["seconds"], res["wall_seconds"]
        rows.append(f"| {n} | {res['words']:,} | {s['check']:.2f} | {s['plain']:.2f} | {s['full']:.2f} | "
                    f"{r[str(n)]['check_speedup']:.1f}x | {r[str(n)]['hook_overhead']:+.1%} | "
                    f"{w['check']:.2f}, {w['plain']:.2f}, {w['full']:.2f} | {res['load_average']:.1f} |")
    big = str(max(results))
    overheads = [r[str(n)]["hook_overhead"] for n in sorted(results)]
    lines = ["", "\n".join(rows), "(seconds of CPU time, the fastest of the runs; hook overhead: the median of the full/plain pairs run side by side. load: the machine's load average after the runs)", "",
             f"Targets: check at least {TARGETS['check_speedup']:.0f}x faster than the plain build at {big} pages: "
             f"{r[big]['check_speedup']:.1f}x ({'met' if r[big]['check_speedup'] >= TARGETS['check_speedup'] else 'MISSED'}); "
             f"hooks add at most {TARGETS['hook_overhead']:.0%} at {big} pages: {r[big]['hook_overhead']:+.1%} "
             f"({'met' if r[big]['hook_overhead'] <= TARGETS['hook_overhead'] else 'MISSED'}; at every size: "
             + ", ".join(f"{o:+.1%} at {n}" for n, o in zip(sorted(results), overheads)) + ")."]
    if "growth" in r:
        g = r["growth"]
        ours = ("check", "hooks")
        lines.append(f"Cost per page at {max(results)} pages / at {min(results)} pages (1.0 is linear; target <= {TARGETS['growth']} for ours): "
                     + ", ".join(f"{k} {v:.2f}" for k, v in g.items())
                     + (" (met)." if all(g[k] <= TARGETS["growth"] for k in ours) else " (MISSED).")
                     + " hooks = full build - plain build; plain is MkDocs and Material alone.")
    return "\n".join(lines)


def search_budget(work: Path, results: dict[int, dict], skip_browser: bool = False) -> dict:
    """Issue 14's budget: the search index's share of the full build at each size (the wall-clock time
    indexing added to the full build, and its CPU time, as the build wrote them), and in Chromium our search against Material's on the real manual
    and on each synthetic one (bench/search_budget.py)."""
    import search_budget as search_bench  # bench/search_budget.py

    data: dict = {"index_share": {}, "browser": {}}
    lines = ["", "Search index (Pagefind): what it adds to the full build's wall clock (target: at most "
             f"{TARGETS['index_share']:.0%} at the largest size), and its CPU time:"]
    for n, res in sorted(results.items()):
        share = res["index_seconds"] / res["seconds"]["full"]
        wall_share = res["index_wall_seconds"] / res["wall_seconds"]["full"]
        data["index_share"][str(n)] = {"index_seconds": res["index_seconds"], "share": share,
                                       "index_wall_seconds": res["index_wall_seconds"], "wall_share": wall_share}
        lines.append(f"  {n} pages: adds {res['index_wall_seconds']:.1f} s to {res['wall_seconds']['full']:.1f} s, {wall_share:.1%}"
                     + ("" if n != max(results) else (" (met)" if wall_share <= TARGETS["index_share"] else " (MISSED)"))
                     + f"; CPU {res['index_seconds']:.1f} s of {res['seconds']['full']:.1f} s, {share:.1%}"
                     " (Pagefind runs while MkDocs writes the pages)")
    if skip_browser:
        return {"text": "\n".join(lines), "data": data}
    real = work / "real"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(ROOT / "mkdocs.yml"), "-d", str(real / "ours")], cwd=ROOT, check=True, env=env)
    sites = {"the real manual": (real / "ours", search_bench.material_site(ROOT, "mkdocs.yml", real / "material"), search_bench.BUDGET["real"])}
    for n in sorted(results):
        material = search_bench.material_site(work / f"manual-{n}", "mkdocs-plain.yml", work / f"site-{n}" / "material", EPOCH)
        sites[f"{n} synthetic pages"] = (work / f"site-{n}" / "full", material, search_bench.BUDGET["synthetic"])
    for name, (ours, material, budget) in sites.items():
        rows = search_bench.compare(ours, material, budget)
        data["browser"][name] = rows
        lines.append(search_bench.table(name, rows))
    return {"text": "\n".join(lines), "data": data}


def profile(n: int, work: Path, top: int = 25) -> str:
    """Our full build of the n-page manual under cProfile; the hooks' own functions by cumulative time."""
    root, out = work / f"manual-{n}", work / "profile.out"
    cmd = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(root / "mkdocs.yml"), "-d", str(work / "site-profile")]
    timed({"the profiled build": cmd}, root)
    stream = __import__("io").StringIO()
    stats = pstats.Stats(str(out), stream=stream)
    stats.sort_stats("cumulative").print_stats(str(ROOT / "hooks"), top)
    return stream.getvalue()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[300, 3000])
    parser.add_argument("--profile", action="store_true", help="also profile our full build at the largest size")
    parser.add_argument("--repeat", type=int, default=1, help="run each command this many times and keep the fastest")
    parser.add_argument("--keep", action="store_true", help="keep the generated manuals and sites")
    parser.add_argument("--no-browser", action="store_true", help="leave out the search measurements in Chromium")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="llr-bench-"))
    try:
        results = {n: measure(n, work, args.repeat) for n in sorted(args.sizes)}
        r = ratios(results)
        print(table(results, r))
        searched = search_budget(work, results, skip_browser=args.no_browser)
        print(searched["text"])
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        record = {"when": stamp, "commit": commit, "python": platform.python_version(), "machine": platform.platform(),
                  "cpus": os.cpu_count(), "versions": _versions(), "targets": TARGETS,
                  "results": {str(n): res for n, res in results.items()}, "ratios": r, "search": searched["data"]}
        path = ROOT / "bench" / "results" / f"{stamp}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record, indent=2) + "\n")
        print(f"\nWrote {path.relative_to(ROOT)}")
        if args.profile:
            print(profile(max(args.sizes), work))
        if args.keep:
            print(f"Kept the manuals and sites in {work}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def _versions() -> dict:
    from importlib.metadata import version

    return {name: version(name) for name in ("mkdocs", "mkdocs-material")}


if __name__ == "__main__":
    sys.exit(main())
