"""`make bench` on tiny synthetic manuals: the generated pages pass the strict build and the check, and
the report has every figure. (The timings themselves are never asserted: see bench/README.md.)"""
import importlib.util

from fixture_site import ROOT

spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_the_benchmark_builds_and_reports_a_small_synthetic_manual(tmp_path):
    results = {n: bench.measure(n, tmp_path) for n in (4, 8)}  # exits with the build's output if a build fails
    assert [results[n]["pages"] for n in (4, 8)] == [5, 9]  # and the home page
    assert all(results[n]["seconds"][name] > 0 for n in (4, 8) for name in ("check", "plain", "full"))
    assert (tmp_path / "site-8" / "full" / "procedures" / "area-000" / "page-07" / "index.html").is_file()
    report = bench.table(results, bench.ratios(results))
    assert "| 8 |" in report and "hooks add at most 10% at 8 pages: " in report and "Cost per page at 8 pages / at 4 pages" in report
    assert all(0 < results[n]["index_wall_seconds"] and 0 < results[n]["index_seconds"] for n in (4, 8))
    share = bench.search_budget(tmp_path, results, skip_browser=True)
    assert "8 pages: adds " in share["text"] and "wall clock" in share["text"] and "CPU " in share["text"] and share["data"]["index_share"]["8"]["wall_share"] > 0
