"""Import: round trip, edits made in Excel, refusals, and hostile files (bombs)."""

from __future__ import annotations

import time
import tracemalloc
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from core.evaluate import evaluate
from tests.conftest import run_jixiao


@pytest.fixture
def book(tmp_path: Path, reference: Any) -> Path:
    from exports.xlsx.write import write

    path = tmp_path / "ref.xlsx"
    write(reference, evaluate(reference), reference.spec, path)
    return path


def _cells(path: Path) -> dict[str, tuple[str, str]]:
    from openpyxl import load_workbook

    from exports.xlsx.map import map_rows

    return {row[0]: (row[1], row[2]) for row in map_rows(load_workbook(path))}


def _edit(path: Path, changes: dict[tuple[str, str], Any]) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    for (sheet, cell), value in changes.items():
        workbook[sheet][cell].value = value
    workbook.save(path)


def test_round_trip_equals_reference(book: Path, reference: Any) -> None:
    from exports.xlsx.read import read_workbook

    result = read_workbook(book)
    assert result.errors == [] and result.warnings == []
    assert result.report is not None and result.report.data == reference.data


def test_cli_import_writes_a_loadable_equal_file(book: Path, tmp_path: Path, reference: Any) -> None:
    from core.storage import load

    out = tmp_path / "back.toml"
    done = run_jixiao("import", str(book), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert load(out).data == reference.data
    again = run_jixiao("import", str(book), "-o", str(out))
    assert again.returncode == 2 and "已存在" in again.stderr


def test_every_input_is_in_the_map(book: Path, reference: Any) -> None:
    from exports.xlsx.map import flatten

    mapped = set(_cells(book))
    for key, _ in flatten(reference.data):
        assert key in mapped or key.split("[")[0] in mapped, key


def test_edited_inputs_and_blank_cells(book: Path, reference: Any) -> None:
    from exports.xlsx.read import read_workbook

    where = _cells(book)
    _edit(book, {where["basic_data.costs.reception.final"]: 8.5, where["remarks.text"]: None,
                 where["self_eval.indicators[8].score"]: 14})
    result = read_workbook(book)
    assert result.errors == [] and result.report is not None
    data = result.report.data
    assert data["basic_data"]["costs"]["reception"]["final"] == Decimal("8.5")
    assert "remarks" not in data
    assert evaluate(result.report).total == Decimal("99")


def _derived(path: Path) -> dict[str, tuple[str, str]]:
    """The first cell of every derived value, by its name."""
    from openpyxl import load_workbook

    from exports.xlsx.read import derived_cells

    out: dict[str, tuple[str, str]] = {}
    for key, sheet, cell, _, _ in derived_cells(load_workbook(path)):
        out.setdefault(key, (sheet, cell))
    return out


def test_typed_over_formula_is_a_warning(book: Path, reference: Any) -> None:
    from exports.xlsx.read import read_workbook

    where = _derived(book)
    rate, parent = where["calc.execution_rate"], where["calc.costs.three_public.prev"]
    _edit(book, {rate: 99, parent: 1})
    result = read_workbook(book)
    assert result.errors == []
    assert result.report is not None and result.report.data == reference.data
    text = "\n".join(result.warnings)
    assert f"{rate[0]}!{rate[1]}" in text and "99" in text and "100.00%" in text
    assert f"{parent[0]}!{parent[1]}" in text and "11.64" in text


def test_text_where_a_number_belongs_is_an_error(book: Path, tmp_path: Path) -> None:
    _edit(book, {("附件2 自评表", "D5"): "一百九十四", ("附件1 基础数据表", "B4"): "八人"})
    out = tmp_path / "out.toml"
    done = run_jixiao("import", str(book), "-o", str(out))
    assert done.returncode == 1
    assert "附件2 自评表!D5" in done.stderr and "一百九十四" in done.stderr
    assert "附件1 基础数据表!B4" in done.stderr
    assert not out.exists()


def test_numbers_typed_as_text_are_read(book: Path) -> None:
    from exports.xlsx.read import read_workbook

    _edit(book, {("附件2 自评表", "D5"): "１９４．７２"})
    result = read_workbook(book)
    assert result.errors == [] and result.report is not None
    assert result.report.get("budget.total") == Decimal("194.72")


def test_other_workbooks_are_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    other = tmp_path / "other.xlsx"
    Workbook().save(other)
    done = run_jixiao("import", str(other), "-o", str(tmp_path / "x.toml"))
    assert done.returncode == 2
    assert "_jixiao" in done.stderr and "jixiao export" in done.stderr
    text = tmp_path / "text.xlsx"
    text.write_text("not a workbook", encoding="utf-8")
    done = run_jixiao("import", str(text), "-o", str(tmp_path / "x.toml"))
    assert done.returncode == 2 and "不是 xlsx" in done.stderr
    assert "Traceback" not in done.stderr


def _rezip(source: Path, target: Path, replace: dict[str, bytes]) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))


def _timed_refusal(path: Path) -> str:
    from exports.xlsx.read import WorkbookRefused, read_workbook

    tracemalloc.start()
    start = time.perf_counter()
    with pytest.raises(WorkbookRefused) as refused:
        read_workbook(path)
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 1.0, elapsed
    assert peak < 30 * 1024 * 1024, peak
    return str(refused.value)


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x>&lol9;</x></workbook>"""


def test_xml_bomb_is_refused_fast(book: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "laughs.xlsx"
    _rezip(book, bomb, {"xl/workbook.xml": LAUGHS})
    message = _timed_refusal(bomb)
    assert "XML 炸弹" in message and "xl/workbook.xml" in message
    done = run_jixiao("import", str(bomb), "-o", str(tmp_path / "x.toml"))
    assert done.returncode == 2 and "XML 炸弹" in done.stderr


def test_defusedxml_is_openpyxls_parser(book: Path, tmp_path: Path) -> None:
    """The second line: even without our scan, openpyxl's parsers (defusedxml, or lxml's
    amplification limit where lxml is installed) refuse the entities, fast."""
    import openpyxl

    assert openpyxl.DEFUSEDXML is True
    bomb = tmp_path / "laughs.xlsx"
    _rezip(book, bomb, {"xl/workbook.xml": LAUGHS})
    start = time.perf_counter()
    with pytest.raises(Exception, match="(?i)entit|amplification"):
        openpyxl.load_workbook(bomb)
    assert time.perf_counter() - start < 1.0


def test_zip_bomb_is_refused_fast(book: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "zeros.xlsx"
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(book) as old, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as new:
        for info in old.infolist():
            if info.filename != "xl/worksheets/sheet2.xml":
                new.writestr(info.filename, old.read(info.filename))
        with new.open("xl/worksheets/sheet2.xml", "w", force_zip64=True) as member:
            for _ in range(120):
                member.write(chunk)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    message = _timed_refusal(bomb)
    assert "压缩炸弹" in message
    done = run_jixiao("import", str(bomb), "-o", str(tmp_path / "x.toml"))
    assert done.returncode == 2 and "压缩炸弹" in done.stderr


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    from exports.safe_zip import FILE_CAP

    big = tmp_path / "big.xlsx"
    with big.open("wb") as handle:
        handle.truncate(FILE_CAP + 1)
    assert "文件过大" in _timed_refusal(big)


def test_map_follows_inserted_rows_and_renamed_sheets(book: Path, reference: Any) -> None:
    """Excel updates reference formulas when a clerk inserts a row or renames a sheet;
    the map holds its cells as such formulas, so import follows. Simulated here: the
    sheet's content moves down a row and the map's formulas change as Excel changes them."""
    from openpyxl import load_workbook

    from exports.xlsx.read import read_workbook

    workbook = load_workbook(book)
    ws = workbook["附件1 基础数据表"]
    merged = list(ws.merged_cells.ranges)
    for cell_range in merged:
        ws.merged_cells.remove(cell_range)
    ws.move_range(f"A3:G{ws.max_row}", rows=1)
    for cell_range in merged:
        if cell_range.min_row >= 3:
            cell_range.shift(0, 1)
        ws.merged_cells.add(cell_range)
    ws.title = "基础数据"
    for row in workbook["_jixiao"].iter_rows(min_col=3, max_col=3):
        cell = row[0]
        if isinstance(cell.value, str) and cell.value.startswith("='附件1 基础数据表'!"):
            coord = cell.value.split("!")[1]
            column = coord.rstrip("0123456789")
            number = int(coord[len(column):])
            cell.value = f"=基础数据!${column}${number + 1 if number >= 3 else number}"
    workbook.save(book)
    result = read_workbook(book)
    assert result.errors == []
    assert result.report is not None and result.report.data == reference.data


def test_deleted_cell_or_sheet_is_refused(book: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from exports.xlsx.read import WorkbookRefused, read_workbook

    workbook = load_workbook(book)
    workbook["_jixiao"]["C9"].value = "=#REF!"
    workbook.save(tmp_path / "ref_deleted.xlsx")
    with pytest.raises(WorkbookRefused, match="已失效"):
        read_workbook(tmp_path / "ref_deleted.xlsx")
    workbook = load_workbook(book)
    del workbook["附件5 考核评分表"]
    workbook.save(tmp_path / "no_sheet.xlsx")
    with pytest.raises(WorkbookRefused, match="缺少工作表"):
        read_workbook(tmp_path / "no_sheet.xlsx")


def test_numbered_targets_read_back_as_a_list(book: Path) -> None:
    from exports.xlsx.map import unnumbered
    from exports.xlsx.read import read_workbook

    assert unnumbered("1.甲\n2.乙\n续行\n3、丙") == ["甲", "乙\n续行", "丙"]
    where = _cells(book)
    _edit(book, {where["self_eval.targets"]: "1.招商引资\n2.新目标"})
    result = read_workbook(book)
    assert result.report is not None
    assert result.report.get("self_eval.targets") == ["招商引资", "新目标"]


def test_formulas_typed_into_input_cells(book: Path) -> None:
    from exports.xlsx.read import read_workbook

    where = _cells(book)
    _edit(book, {("附件2 自评表", "D5"): "=190+4.72", where["remarks.text"]: "=A1"})
    result = read_workbook(book)
    assert any("附件2 自评表!D5" in e and "=190+4.72" in e for e in result.errors)
    assert any(where["remarks.text"][1] in w and "=A1" in w for w in result.warnings)


def test_cli_import_usage_errors(tmp_path: Path) -> None:
    done = run_jixiao("import", str(tmp_path / "missing.xlsx"), "-o", str(tmp_path / "x.toml"))
    assert done.returncode == 2 and "文件不存在" in done.stderr
    done = run_jixiao("import", str(tmp_path / "missing.xlsx"), "-o", str(tmp_path / "x.json"))
    assert done.returncode == 2 and ".toml" in done.stderr
    assert "Traceback" not in done.stderr
