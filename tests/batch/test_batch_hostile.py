"""`jixiao batch` against what a folder from outside may hold: it reports, it never crashes.

Odd file names (not UTF-8), control characters in text, a symlink loop, a file that
trips a core bug: each gives a row (or is skipped, for the loop) and the run goes on,
with no traceback, under a strict UTF-8 stdout. And the progress bar shows only on a
terminal (a pseudo-terminal here).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, run_jixiao, run_on_terminal


def _strict_env() -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}


def test_odd_names_control_characters_and_loops(tmp_path: Path, reference_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    text = reference_path.read_text(encoding="utf-8")
    odd = os.fsencode(tmp_path) + b"/\xb9\xfa.toml"  # GBK bytes in the name
    with open(odd, "wb") as handle:
        handle.write(reference_path.read_bytes())
    (tmp_path / "ctl.toml").write_text(
        text.replace('name = "中国国际贸易促进委员会岳阳市君山区委员会"', 'name = "单位\\u0001名\\u001f"', 1),
        encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    out = tmp_path / "s.xlsx"
    result = run_jixiao("batch", str(tmp_path), "--json", "--summary", str(out), env=_strict_env())
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    rows = json.loads(result.stdout)["reports"]
    assert len(rows) == 2 and all(row["readable"] for row in rows)
    assert any("\ufffd" in row["file"] for row in rows)
    book = openpyxl.load_workbook(out)
    units = {row[2] for row in book["汇总"].iter_rows(min_row=3, max_row=4, values_only=True)}
    assert "单位\ufffd名\ufffd" in units
    plain = run_jixiao("batch", str(tmp_path), env=_strict_env())
    assert plain.returncode == 0 and "Traceback" not in plain.stderr


def test_a_core_crash_is_a_row_not_the_end(tmp_path: Path, reference_path: Path) -> None:
    """An amount of 10^30 trips a core bug today (see test_properties); the batch survives it."""
    text = reference_path.read_text(encoding="utf-8")
    huge, count = re.subn(r"^executed = 194\.72.*$", "executed = 1e30", text, count=1, flags=re.M)
    assert count == 1
    (tmp_path / "a-huge.toml").write_text(huge, encoding="utf-8")
    (tmp_path / "b-good.toml").write_text(text, encoding="utf-8")
    result = run_jixiao("batch", str(tmp_path), "--json")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    huge, good = json.loads(result.stdout)["reports"]
    assert huge["readable"] is False or huge["errors"] >= 1
    assert good["readable"] is True and good["errors"] == 0


def _on_terminal(*args: str) -> tuple[int, str]:
    """Run the CLI with a pseudo-terminal as stdout and stderr; its exit code and screen."""
    return run_on_terminal(*args, env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "160"})


def test_progress_bar_only_on_a_terminal(tmp_path: Path, reference_path: Path) -> None:
    for index in range(60):
        (tmp_path / f"r{index:02d}.toml").write_bytes(reference_path.read_bytes())
    code, shown = _on_terminal("batch", str(tmp_path))
    assert code == 0
    assert "检查报告" in shown and "60/60" in shown
    assert "共 60 个文件" in shown
    code, shown = _on_terminal("batch", str(tmp_path), "--json")
    assert code == 0 and "检查报告" not in shown and "━" not in shown
    assert '"files": 60' in shown


_MEASURED = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, timeout=900)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stdout.buffer.write(f"{done.returncode} {peak} {seconds:.1f}\\n".encode() + done.stdout)
sys.stderr.buffer.write(done.stderr)
"""


def test_every_hostile_case_and_a_thousand_good_reports(tmp_path: Path, reference_path: Path) -> None:
    """One row per path, the right counts, no hang, peak memory under 300 MB (issue 13)."""
    from tests.hardening.hostile_cases import BOOK, LOADS, build

    book = tmp_path / "reference.xlsx"
    assert run_jixiao("export", str(reference_path), "--to", str(book)).returncode == 0
    cases = build(tmp_path / "in" / "hostile", book.read_bytes())
    text = reference_path.read_text(encoding="utf-8")
    good = tmp_path / "in" / "good"
    good.mkdir()
    for index in range(1000):
        (good / f"r{index:04d}.toml").write_text(text.replace("君山区委员会", f"君山区委员会{index}", 1),
                                                 encoding="utf-8")
    books = [str(case.path) for case in cases if case.kind == BOOK]
    result = subprocess.run([sys.executable, "-c", _MEASURED, sys.executable, "-m", "tui.cli", "batch",
                             str(tmp_path / "in"), *books, "--json"],
                            cwd=ROOT, capture_output=True, text=True, timeout=960)
    head, _, body = result.stdout.partition("\n")
    code, peak_kb, seconds = head.split()
    assert code == "1" and "Traceback" not in result.stderr, result.stderr[-2000:]
    payload = json.loads(body)
    rows = payload["reports"]
    reports = [case for case in cases if case.kind != BOOK and case.name != "folder.toml"]  # a folder: walked
    assert len(rows) == 1000 + len(reports) + len(books)
    assert len({row["file"] for row in rows}) == len(rows), "one row per path"
    loads = [case for case in reports if case.kind == LOADS]
    summary = payload["summary"]
    assert summary["readable"] == 1000 + len(loads)
    assert summary["unreadable"] == len(reports) - len(loads) + len(books)
    assert summary["with_errors"] == sum(1 for case in loads if case.status == 1)
    assert all(row["message"] for row in rows if not row["readable"])
    assert int(peak_kb) < 300 * 1024, f"peak {int(peak_kb) // 1024} MB"
    print(f"batch of {len(rows)} paths: {seconds} s, peak {int(peak_kb) // 1024} MB")


def test_a_folder_that_cannot_be_listed_is_a_row(tmp_path: Path, reference_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Root reads every folder, so the refusal is simulated where os.walk lists them."""
    from core.batch import check_files, collect_files

    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.toml").write_bytes(reference_path.read_bytes())
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.toml").write_bytes(reference_path.read_bytes())
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    entries = collect_files([str(tmp_path)])
    assert [(Path(path).name, bool(problem)) for path, problem in entries] == [("locked", True), ("a.toml", False)]
    rows = list(check_files(entries))
    assert rows[0].readable is False and "无法读取文件夹（没有读取权限），其中的报告未检查" in (rows[0].message or "")
    assert rows[1].readable is True
