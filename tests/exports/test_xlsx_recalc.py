"""LibreOffice recalculates the exported workbooks; every derived cell must equal core's value.

One soffice run converts the reference, the variants and the formula-injection
workbooks; the same converted files prove that import survives a LibreOffice re-save.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from core.evaluate import evaluate
from tests.exports.conftest import INJECTIONS, convert, injected, matches, variants

pytestmark = pytest.mark.libreoffice

def _typed_over(source: Path, target: Path, key: str, value: Any) -> Path:
    from openpyxl import load_workbook

    from exports.xlsx.map import map_rows

    workbook = load_workbook(source)
    sheet, cell = next((s, c) for k, s, c, _, role in map_rows(workbook) if k == key and role == "input")
    workbook[sheet][cell] = value
    workbook.save(target)
    return target


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory, _reference_loaded: Any) -> dict[str, tuple[Any, Path, Path]]:
    from exports.xlsx.write import write

    base = tmp_path_factory.mktemp("recalc")
    from core.newreport import blank_report

    reports = variants(_reference_loaded)
    reports["blank"] = blank_report("测试单位", 2024)  # every ratio undefined, every item 待评
    for i, payload in enumerate(INJECTIONS):
        reports[f"inject{i}"] = injected(_reference_loaded, payload)
    exported = []
    for name, report in reports.items():
        path = base / f"{name}.xlsx"
        write(report, evaluate(report), report.spec, path)
        exported.append(path)
    # a clerk corrects 全年执行数 to 180 in the workbook; LibreOffice must carry it everywhere
    edited = _reference_loaded.copy()
    edited.set("budget.executed", Decimal("180"))
    reports["clerk180"] = edited
    exported.append(_typed_over(exported[0], base / "clerk180.xlsx", "budget.executed", 180))
    converted = convert(exported, base / "recalculated", "xlsx", base / "profile")
    return {name: (reports[name], src, out) for name, src, out in zip(reports, exported, converted, strict=True)}


@pytest.mark.parametrize("name", ["reference", "under_executed", "deducted", "good_grade", "blank", "clerk180"])
def test_every_derived_cell_equals_core(books: dict[str, tuple[Any, Path, Path]], name: str) -> None:
    from openpyxl import load_workbook

    from exports.xlsx.read import derived_cells, derived_value

    report, _, recalculated = books[name]
    ev = evaluate(report)
    workbook = load_workbook(recalculated, data_only=True)
    cells = derived_cells(load_workbook(recalculated))
    assert len(cells) >= 35
    wrong = []
    for key, sheet, cell, _kind, _role in cells:
        value = workbook[sheet][cell].value
        expected = derived_value(key, report, ev)
        if not matches(value, expected):
            wrong.append(f"{sheet}!{cell} {key}: LibreOffice {value!r}, core {expected!r}")
    assert not wrong, "\n".join(wrong)


def test_variants_reach_the_branches(books: dict[str, tuple[Any, Path, Path]]) -> None:
    grades = {name: evaluate(books[name][0]).grade for name in ("reference", "good_grade")}
    assert grades == {"reference": "优", "good_grade": "良"}
    assert evaluate(books["under_executed"][0]).values["execution_rate"] < 100
    assert evaluate(books["deducted"][0]).total == Decimal("93.75")


def test_key_figures_after_recalculation(books: dict[str, tuple[Any, Path, Path]]) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(books["reference"][2], data_only=True)
    values = {c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row}
    assert {194.72, 98, 87.5, 11.64, 20.62} <= values
    assert any(isinstance(v, str) and "自评得分98分" in v and "“优”" in v for v in values)


@pytest.mark.parametrize("index", range(len(INJECTIONS)))
def test_formula_injection_stays_text(books: dict[str, tuple[Any, Path, Path]], index: int) -> None:
    from openpyxl import load_workbook

    from exports.xlsx.map import map_rows

    payload = INJECTIONS[index]
    report, exported, recalculated = books[f"inject{index}"]
    where = {row[0]: (row[1], row[2]) for row in map_rows(load_workbook(exported))}
    keys = ["self_eval.indicators[8].deviation", "basic_data.frugality", "remarks.text"]
    for path in (exported, recalculated):
        workbook = load_workbook(path)
        for key in keys:
            sheet, coord = where[key]
            cell = workbook[sheet][coord]
            assert cell.data_type == "s", (path.name, key, cell.data_type)
            assert cell.value == payload
        computed = load_workbook(path, data_only=True)
        for key in keys:
            sheet, coord = where[key]
            assert computed[sheet][coord].value == payload


@pytest.mark.parametrize("name", ["reference", "good_grade", "inject4", "blank"])
def test_import_after_libreoffice_resave(books: dict[str, tuple[Any, Path, Path]], name: str) -> None:
    from exports.xlsx.read import read_workbook

    report, _, recalculated = books[name]
    result = read_workbook(recalculated)
    assert result.errors == [] and result.warnings == []
    assert result.report is not None
    assert result.report.data == report.data


def test_clerk_edit_reaches_every_sheet(books: dict[str, tuple[Any, Path, Path]]) -> None:
    """全年执行数 180 typed in the workbook: LibreOffice shows 执行率 92.44, 总分 97.24, 优 everywhere."""
    from openpyxl import load_workbook

    workbook = load_workbook(books["clerk180"][2], data_only=True)
    texts = [c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    numbers = {c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row
               if isinstance(c.value, (int, float))}
    assert 92.44 in numbers and 97.24 in numbers
    assert any("预算执行率92.44%" in t for t in texts)
    assert any("自评得分97.24分" in t and "“优”" in t for t in texts)
    assert not any("预算执行率100%" in t or "自评得分98分" in t for t in texts)
