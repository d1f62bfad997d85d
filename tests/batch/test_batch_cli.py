"""`jixiao batch` on small folders: rows, order, reasons, exit codes, JSON, workbook.

Every test runs the real command line in a subprocess, as a bureau's script would.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.evaluate import evaluate
from core.report import ReportError
from core.storage import loads
from tests.conftest import ROOT, run_jixiao
from tests.generate_reports import FAULTS, generate, write_reports


def _batch_json(*args: str) -> tuple[int, dict]:
    result = run_jixiao("batch", *args, "--json")
    assert "Traceback" not in result.stderr
    return result.returncode, json.loads(result.stdout)


def test_generator_tells_the_truth() -> None:
    """The generator's claims (readable, error count, reason) hold for 300 reports."""
    seen_faults: set[str] = set()
    for item in generate(300, seed=11):
        try:
            report = loads(item.payload.decode("utf-8"))
        except UnicodeDecodeError:
            assert not item.readable and item.reason == "不是 UTF-8"
            continue
        except ReportError as exc:
            assert not item.readable, (item.name, str(exc))
            assert item.reason in str(exc)
            continue
        assert item.readable, item.name
        evaluation = evaluate(report)
        assert evaluation.errors == item.errors, (item.name, [f.message for f in evaluation.findings])
        seen_faults |= {f.id for f in evaluation.findings if f.severity == "error"}
    assert seen_faults == set(FAULTS)


def test_rows_in_path_order_with_reasons(tmp_path: Path, reference_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.toml").write_bytes(reference_path.read_bytes())
    (tmp_path / "b" / "a.toml").write_text('schema = 1\nform = "nowhere"\n', encoding="utf-8")
    (tmp_path / "b" / "notes.txt").write_text("not a report", encoding="utf-8")
    single = tmp_path / "single.toml"
    single.write_bytes(reference_path.read_bytes())
    code, out = _batch_json(str(single), str(tmp_path / "b"))
    assert code == 1
    files = [Path(r["file"]).name for r in out["reports"]]
    assert files == ["single.toml", "a.toml", "z.toml"]
    first, bad, good = out["reports"]
    assert set(first) >= {"file", "readable", "unit", "year", "total", "grade", "errors", "warnings", "message"}
    assert bad["readable"] is False and "未知的表单类型" in bad["message"]
    assert good == first | {"file": good["file"]}
    assert good["unit"] == "中国国际贸易促进委员会岳阳市君山区委员会"
    assert (good["year"], good["total"], good["grade"], good["errors"], good["warnings"]) == (2024, "98", "优", 0, 4)
    assert good["execution_rate"] == "100.00" and good["budget_total"] == "194.72"
    assert out["summary"]["files"] == 3 and out["summary"]["unreadable"] == 1
    assert out["summary"]["clean"] == 2


def test_all_clean_exits_0_and_errors_exit_1(tmp_path: Path) -> None:
    items = generate(40, seed=3, broken=0, faulty=0)
    for item in items:
        (tmp_path / item.name).write_bytes(item.payload)
    code, out = _batch_json(str(tmp_path))
    assert code == 0 and out["summary"]["with_errors"] == 0
    faulty = generate(5, seed=4, broken=0, faulty=1)
    (tmp_path / "faulty.toml").write_bytes(faulty[0].payload)
    code, out = _batch_json(str(tmp_path))
    assert code == 1
    row = next(r for r in out["reports"] if r["file"].endswith("faulty.toml"))
    assert row["errors"] == faulty[0].errors and row["message"]


@pytest.mark.parametrize("setup", ["missing", "empty"])
def test_nothing_to_run_exits_2(tmp_path: Path, setup: str) -> None:
    target = tmp_path / ("nothing-here" if setup == "missing" else "")
    result = run_jixiao("batch", str(target))
    assert result.returncode == 2
    assert ("路径不存在" if setup == "missing" else "没有找到报告文件") in result.stderr
    assert "Traceback" not in result.stderr


def test_json_imports_no_rich_and_text_has_no_progress_bar(tmp_path: Path, reference_path: Path) -> None:
    (tmp_path / "r.toml").write_bytes(reference_path.read_bytes())
    probe = (
        "import sys, io, contextlib\n"
        "from tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main(['batch', {str(tmp_path)!r}, '--json'])\n"
        "print(code, any(m == 'rich' or m.startswith('rich.') for m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.split() == ["0", "False"], result.stderr
    text = run_jixiao("batch", str(tmp_path))
    assert text.returncode == 0
    assert "检查报告" not in text.stdout + text.stderr and "━" not in text.stdout + text.stderr
    assert "中国国际贸易促进委员会岳阳市君山区委员会" in text.stdout


def test_summary_workbook(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    written = write_reports(tmp_path / "in", 60, seed=8, broken=0.1, faulty=0.3)
    out = tmp_path / "out" / "汇总.xlsx"
    out.parent.mkdir()
    result = run_jixiao("batch", str(tmp_path / "in"), "--summary", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert sorted(p.name for p in out.parent.iterdir()) == ["汇总.xlsx"]  # no temp left behind
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总", "问题清单"]
    sheet = book["汇总"]
    head = [c.value for c in sheet[2]]
    unit, errors, total = head.index("单位"), head.index("错误"), head.index("总分")
    rows = [r for r in sheet.iter_rows(min_row=3, values_only=True)]
    table = [r for r in rows[: len(written)]]
    assert len(table) == len(written)
    unreadable = [r for r in table if r[unit] is None]
    assert len(unreadable) == sum(not g.readable for _, g in written)
    readable = table[len(unreadable):]
    keys = [(-r[errors], r[total] if r[total] is not None else -1) for r in readable]
    assert keys == sorted(keys), "sorted by errors, then 总分"
    totals = {r[0]: r[1] for r in rows[len(written):] if r and r[0]}
    assert totals["文件数"] == len(written)
    assert totals["错误合计"] == sum(g.errors for _, g in written)
    findings = list(book["问题清单"].iter_rows(min_row=3, values_only=True))
    files_with_findings = {r[0] for r in findings}
    assert {str(p) for p, _ in written} <= files_with_findings
    errors = [r for r in findings if r[2] == "错误"]
    assert len(errors) == sum(g.errors for _, g in written)


def test_summary_keeps_formula_like_text_as_text(tmp_path: Path, reference_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    text = reference_path.read_text(encoding="utf-8").replace(
        'name = "中国国际贸易促进委员会岳阳市君山区委员会"', 'name = "=HYPERLINK(\\"http://x\\")"', 1)
    (tmp_path / "r.toml").write_text(text, encoding="utf-8")
    out = tmp_path / "s.xlsx"
    assert run_jixiao("batch", str(tmp_path / "r.toml"), "--summary", str(out)).returncode == 0
    cell = openpyxl.load_workbook(out)["汇总"]["C3"]  # 单位 of the first report
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_summary_needs_xlsx_suffix(tmp_path: Path, reference_path: Path) -> None:
    result = run_jixiao("batch", str(reference_path), "--summary", str(tmp_path / "s.csv"))
    assert result.returncode == 2 and ".xlsx" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_summary_that_cannot_be_written_exits_2(tmp_path: Path, reference_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "s.xlsx"
    result = run_jixiao("batch", str(reference_path), "--summary", str(out))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "无法保存" in result.stderr and "文件夹不存在" in result.stderr
    assert not out.parent.exists()
