"""bench/speed.py writes its tables as its own dated section of bench/results.md and keeps every other."""
import importlib.util
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def speed_module():
    spec = importlib.util.spec_from_file_location("bench_speed", REPO / "bench" / "speed.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bench_writes_its_own_section_and_keeps_the_others(tmp_path):
    speed = speed_module()
    results = tmp_path / "results.md"
    shutil.copy(REPO / "bench" / "results.md", results)
    before = results.read_text()
    assert before.count("\n## ") + before.count("\n# ") > 10  # a file of many dated sections

    speed.write_section(results, "| engine | pages/s |\n|---|---|\n| dateline | 1.0 |", "2031-01-02")
    first = results.read_text()
    assert first.startswith(before.rstrip("\n")) and "| dateline | 1.0 |" in first

    # the same day again: its own section is replaced, in place, and nothing else moves
    results.write_text(first + "\n## 2031-01-02: another measurement\n\nkept\n")
    speed.write_section(results, "| engine | pages/s |\n|---|---|\n| dateline | 2.0 |", "2031-01-02")
    second = results.read_text()
    assert "| dateline | 1.0 |" not in second and "| dateline | 2.0 |" in second
    assert second.startswith(before.rstrip("\n")) and second.endswith("## 2031-01-02: another measurement\n\nkept\n")
    assert second.count(speed.SECTION.format(day="2031-01-02")) == 1

    # another day: a section of its own beside the first
    speed.write_section(results, "| dateline | 3.0 |", "2031-01-03")
    third = results.read_text()
    assert third.startswith(second.rstrip("\n")) and third.rstrip().endswith("| dateline | 3.0 |")


def test_a_missing_results_file_is_made(tmp_path):
    speed = speed_module()
    results = tmp_path / "results.md"
    speed.write_section(results, "| dateline | 1.0 |", "2031-01-02")
    assert results.read_text() == speed.SECTION.format(day="2031-01-02") + "\n\n| dateline | 1.0 |\n"


def test_engines_time_slices_in_turn_and_a_failing_one_is_a_line_of_the_table():
    """Real worker processes on three fundus pages cut into slices of two (two slices), each timed twice:
    every engine times every slice in every pass, an engine's time is the sum of its fastest time for
    each slice, and an engine whose worker fails is a line of text, not a crash."""
    speed = speed_module()
    rows = speed.run_all(["resiliparse", "no-such-engine", "trafilatura"], "fundus", 3, 2, size=2)
    by = {r["engine"]: r for r in rows if isinstance(r, dict)}
    assert list(by) == ["resiliparse", "trafilatura"]
    for r in by.values():
        assert r["slices"] == 2 and r["repeat"] == 2 and sorted(r["rounds"]) == [0, 1, 2, 3]
        cpu = r["rounds"]
        assert r["cpu_seconds"] == min(cpu[0], cpu[2]) + min(cpu[1], cpu[3]) > 0  # rounds 0, 2: slice 0
        assert r["pages"] == 3 and r["pages_per_s"] == 3 / r["cpu_seconds"]
        assert r["f1"] is not None and 0 < r["f1"] <= 1
    failed = [r for r in rows if isinstance(r, str)]
    assert len(failed) == 1 and failed[0].startswith("no-such-engine: failed") and "unknown engine" in failed[0]
    table = speed.table(rows, "fundus")
    assert "| resiliparse |" in table and "| trafilatura |" in table and "no-such-engine: failed" in table
    assert "3 pages in 2 slices" in table and "each slice 2 times" in table


def test_the_ratio_round_by_round_pairs_the_same_rounds():
    speed = speed_module()
    rows = [{"engine": "dateline", "rounds": {0: 1.0, 1: 2.0, 3: 1.0}},
            {"engine": "trafilatura", "rounds": {0: 1.5, 1: 2.0, 2: 9.0, 3: 3.0}}, "x: failed"]
    assert speed.by_round(rows) == [1.5, 1.0, 3.0]
    assert speed.by_round(rows[:1]) == []
    assert speed.quartiles([1.0, 2.0, 3.0, 4.0, 5.0]) == (2.0, 3.0, 4.0)
    assert speed.slices(5, 2) == [(0, 2), (2, 4), (4, 5)]


def test_ab_times_two_checkouts_and_names_the_records_that_differ(tmp_path):
    """bench/ab.py on three fundus pages: the checkout against itself finds every record the same; against a
    copy whose walk writes every block in capitals, every page differs and the exit code says so."""
    import subprocess
    import sys

    other = tmp_path / "other"
    shutil.copytree(REPO / "src", other / "src", ignore=shutil.ignore_patterns("__pycache__"))
    walker = other / "src" / "dateline" / "blocks" / "html.py"
    code = walker.read_text()
    assert code.count('text = " ".join(raw.split())') == 1
    walker.write_text(code.replace('text = " ".join(raw.split())', 'text = " ".join(raw.split()).upper()'))

    def ab(b: Path) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(REPO / "bench" / "ab.py"), str(REPO), str(b), "--set", "fundus",
                               "--limit", "3", "--rounds", "2", "--same"], capture_output=True, text=True, timeout=300)

    same = ab(REPO)
    assert same.returncode == 0, same.stderr
    assert "fundus/html, 3 pages" in same.stdout and "B/A" in same.stdout
    assert "records that differ: 0" in same.stdout
    changed = ab(other)
    assert changed.returncode == 1, changed.stderr
    assert "records that differ: 3" in changed.stdout
