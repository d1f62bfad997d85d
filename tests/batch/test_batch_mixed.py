"""`jixiao batch` over a bureau's folder as it arrives: data files, Word reports, workbooks.

The 200 files of tests/helpers/mixed_batch.py, each with the outcome it must have: its
kind, whether it can be read, its error count, and for a broken file a word of its
reason. The real command line in a subprocess, as JSON and as the table a clerk reads.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.helpers import seed_docx
from tests.helpers.mixed_batch import write_mixed

pytest.importorskip("docx")
pytest.importorskip("openpyxl")


def _batch(*args: str, columns: int = 80) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui.cli", "batch", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, env={**os.environ, "COLUMNS": str(columns)})


def _errors_once(path: Path, cache: dict[str, int]) -> int:
    """The error count of a file whose truth is its reading (same bytes, same answer)."""
    from core.evaluate import evaluate
    from exports.importing import import_file

    key = hashlib.sha256(path.read_bytes()).hexdigest()
    if key not in cache:
        result = import_file(path)
        assert result.report is not None, result.refused
        cache[key] = evaluate(result.report).errors
    return cache[key]


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def test_two_hundred_mixed_files(tmp_path: Path) -> None:
    folder = tmp_path / "收到的报告"
    expected = write_mixed(folder, 200)
    result = _batch(str(folder), "--json")
    assert result.returncode == 1, result.stderr  # some files cannot be read
    assert "Traceback" not in result.stderr
    payload = json.loads(result.stdout)
    rows = {Path(row["file"]).name: row for row in payload["reports"]}
    assert len(payload["reports"]) == 200 and sorted(rows) == sorted(item.name for item in expected.files)
    cache: dict[str, int] = {}
    for item in expected.files:
        row = rows[item.name]
        assert row["kind"].removeprefix("jixiao-") == item.kind, item
        assert row["readable"] == item.readable, (item, row["message"])
        if not item.readable:
            assert item.reason in row["message"] and row["kind_name"], (item, row["message"])
            continue
        errors = item.errors if item.errors is not None else _errors_once(folder / item.name, cache)
        assert row["errors"] == errors, (item, row["message"])
        if row["kind"] in ("docx", "xlsx"):  # read through the form: how much was understood
            assert re.fullmatch(r"\d+/\d+", row["understood"]) and row["fields_read"] > 0, row
    summary = payload["summary"]
    assert summary["files"] == 200 and summary["unreadable"] == expected.unreadable
    assert summary["readable"] == 200 - expected.unreadable
    assert summary["errors"] == sum(row["errors"] for row in payload["reports"])
    kinds = summary["kinds"]
    assert kinds["toml"] == expected.kinds["toml"] and kinds["docx"] == expected.kinds["docx"]
    assert kinds.get("xlsx", 0) + kinds.get("jixiao-xlsx", 0) == expected.kinds["xlsx"]
    assert kinds.get("jixiao-xlsx", 0) > 0  # the workbooks jixiao exported are known as such

    table = _batch(str(folder), columns=80)
    assert table.returncode == 1 and "Traceback" not in table.stderr
    lines = table.stdout.splitlines()
    assert all(_width(line) <= 80 for line in lines), max(lines, key=_width)
    for item in expected.files:
        assert str(folder / item.name) in table.stdout
    for word in ("数据文件", "Word 报告", "手填工作簿", "jixiao 工作簿", "已识别"):
        assert word in table.stdout
    assert f"共 200 个文件：无法读取 {expected.unreadable}" in table.stdout


def test_wide_table_has_kind_column(tmp_path: Path, reference_path: Path) -> None:
    (tmp_path / "a.toml").write_bytes(reference_path.read_bytes())
    (tmp_path / "b.docx").write_bytes(seed_docx.build("faithful"))
    result = _batch(str(tmp_path), columns=240)
    assert result.returncode == 0, result.stderr
    head = next(line for line in result.stdout.splitlines() if line.startswith("文件"))
    assert head.split()[:3] == ["文件", "类型", "单位"] and "已识别" in head
    row = next(line for line in result.stdout.splitlines() if "b.docx" in line)
    assert "Word 报告" in row and re.search(r"\d+/\d+", row)


def test_save_toml_keeps_imported_data_and_overwrites_nothing(tmp_path: Path) -> None:
    from core.evaluate import evaluate
    from core.storage import load

    word = seed_docx.build("faithful")
    for sub in ("一", "二"):
        (tmp_path / "in" / sub).mkdir(parents=True)
        (tmp_path / "in" / sub / "报告.docx").write_bytes(word)
    (tmp_path / "in" / "一" / "旧.docx").write_bytes(word)
    keep = tmp_path / "out"
    keep.mkdir()
    (keep / "旧.toml").write_text("# 已有的文件\n", encoding="utf-8")
    result = _batch(str(tmp_path / "in"), "--json", "--save-toml", str(keep))
    assert result.returncode == 0, result.stderr
    rows = {row["file"]: row for row in json.loads(result.stdout)["reports"]}
    assert sorted(p.name for p in keep.iterdir()) == sorted(["旧.toml", "报告-2.toml", "报告.toml"])  # no temp left
    assert (keep / "旧.toml").read_text(encoding="utf-8") == "# 已有的文件\n"
    old = rows[str(tmp_path / "in" / "一" / "旧.docx")]
    assert old["saved"] is None and "已存在" in old["save_problem"]
    saved = load(keep / "报告.toml")
    assert evaluate(saved).errors == rows[str(tmp_path / "in" / "一" / "报告.docx")]["errors"]
    table = _batch(str(tmp_path / "in"), "--save-toml", str(keep))
    unwrapped = "".join(line.strip() for line in table.stdout.splitlines())  # a card wraps where the path ends
    assert table.returncode == 0 and unwrapped.count("已存在，不会覆盖") == 3
    assert sorted(p.name for p in keep.iterdir()) == sorted(["旧.toml", "报告-2.toml", "报告.toml"])


def test_save_toml_must_be_a_folder(tmp_path: Path, reference_path: Path) -> None:
    (tmp_path / "a.toml").write_bytes(reference_path.read_bytes())
    (tmp_path / "f").write_text("x", encoding="utf-8")
    result = _batch(str(tmp_path / "a.toml"), "--save-toml", str(tmp_path / "f"))
    assert result.returncode == 2 and "不是文件夹" in result.stderr


def test_summary_workbook_prints_well(tmp_path: Path) -> None:
    import openpyxl

    folder = tmp_path / "in"
    write_mixed(folder, 20, seed=3)
    out = tmp_path / "汇总.xlsx"
    result = _batch(str(folder), "--json", "--summary", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    book = openpyxl.load_workbook(out)
    for sheet in book:
        assert sheet["A1"].value and sheet["A1"].font.bold  # the title row
        assert sheet.page_setup.orientation == "landscape" and str(sheet.page_setup.paperSize) == "9"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0
        assert sheet.print_title_rows == "$2:$2"
        assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
        assert sheet.auto_filter.ref.startswith("A2:")
        assert sheet["A3"].border.left.style == "thin" and sheet["A2"].font.bold
    reports = book["汇总"]
    head = [c.value for c in reports[2]]
    assert head[:3] == ["文件", "类型", "单位"]
    assert reports.auto_filter.ref == f"A2:{openpyxl.utils.get_column_letter(len(head))}22"
    money = head.index("预算数（万元）") + 1
    readable = next(r for r in reports.iter_rows(min_row=3, max_row=22) if r[money - 1].value is not None)
    assert readable[money - 1].number_format == "#,##0.00"
    assert {r[1] for r in reports.iter_rows(min_row=3, max_row=22, values_only=True)} >= {"数据文件", "Word 报告"}

    findings = book["问题清单"]
    head = [c.value for c in findings[2]]
    visible = [i for i, letter in enumerate("ABCDEFG"[:len(head)])
               if not findings.column_dimensions[letter].hidden]
    assert [head[i] for i in visible] == ["文件", "单位", "级别", "位置", "说明"]
    last = openpyxl.utils.get_column_letter(len(visible))
    assert findings.auto_filter.ref.startswith("A2:" + last)
    lines = list(findings.iter_rows(min_row=3, values_only=True))
    paths = {line[head.index("数据路径")] for line in lines} - {"", None}
    assert any("[" in path for path in paths)  # list rows are among the findings
    internal = re.compile(r"[a-z_]+(\.[a-z_]+|\[\d+\])+")
    for line in lines:
        for i in visible:
            value = str(line[i] or "")
            assert value not in paths and not internal.search(value.split("/")[-1]), (head[i], value)
    placed = [line[head.index("位置")] for line in lines if line[2] != "无法读取"]
    assert placed and sum(1 for p in placed if p) > len(placed) // 2


def test_hostile_word_and_workbook_files_are_rows(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "管道.docx")
    (tmp_path / "设备.xlsx").symlink_to("/dev/zero")
    with open(tmp_path / "过大.docx", "wb") as handle:
        handle.truncate(30 * 1024 * 1024)
    (tmp_path / "~$报告.docx").write_bytes(b"\x00" * 162)  # Word's lock file: not a report
    (tmp_path / "报告.docx").write_bytes(seed_docx.build("faithful"))
    result = _batch(str(tmp_path), "--json", "--summary", str(tmp_path / "汇总.xlsx"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    rows = {Path(row["file"]).name: row for row in json.loads(result.stdout)["reports"]}
    assert sorted(rows) == sorted(["管道.docx", "设备.xlsx", "过大.docx", "报告.docx"])
    assert "命名管道" in rows["管道.docx"]["message"] and "字符设备" in rows["设备.xlsx"]["message"]
    assert "过大" in rows["过大.docx"]["message"] and rows["报告.docx"]["readable"]
    again = _batch(str(tmp_path), "--json")  # the summary just written is not a report
    assert sorted(Path(row["file"]).name for row in json.loads(again.stdout)["reports"]) == sorted(rows)
    plain = _batch(str(tmp_path))
    assert "已跳过 1 个 jixiao 汇总表" in plain.stderr
