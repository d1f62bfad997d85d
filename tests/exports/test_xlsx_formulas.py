"""The exported formulas compute what core computes, recalculated in Python (`formulas`).

test_xlsx_recalc.py asks LibreOffice the same question, but only where soffice is
installed; this module needs nothing beyond the test extra, so every run checks every
derived cell of the reference and of the variants that reach the other branches
(under-executed, deducted, 良, blank), the edit a clerk makes in Excel, and that the
comparison does catch a broken formula. Reports are built from the form's own sample
inside the repository, so the module does not depend on ../shared.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from core.evaluate import evaluate
from core.report import Report
from core.storage import load
from exports.xlsx.read import derived_cells, derived_value
from exports.xlsx.write import render
from tests.exports.conftest import matches, variants
from tests.helpers.recalc import (
    CellError,
    CompiledWorkbook,
    Recalculation,
    _excel_round,
    as_saved,
    recalculate,
)

SAMPLE = Path(__file__).resolve().parents[2] / "forms" / "sample-junshan-ccpit-2024.toml"
ATT2, TEXT = "附件2 自评表", "正文"
VARIANTS = ["reference", "under_executed", "deducted", "good_grade", "blank"]


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    from core.newreport import blank_report

    out: dict[str, Report] = variants(load(SAMPLE))
    out["blank"] = blank_report("测试单位", 2024)  # every ratio undefined, every item 待评
    return out


@pytest.fixture(scope="module")
def exported(reports: dict[str, Report]) -> Callable[[str], tuple[bytes, CompiledWorkbook]]:
    """Each variant's workbook and its compiled model, built once for all tests that need it."""

    @cache
    def build(name: str) -> tuple[bytes, CompiledWorkbook]:
        report = reports[name]
        data = render(report, evaluate(report))
        return data, CompiledWorkbook(data)

    return build


def mismatches(report: Report, workbook: Any, recalculated: Recalculation) -> dict[str, str]:
    """Every derived cell of the `_jixiao` map whose recalculated value is not core's.

    Keyed by `sheet!cell`; the value says which derived figure it is and both values.
    Numbers are compared as saved (15 significant digits), as LibreOffice's file has them.
    """
    ev = evaluate(report)
    cells = derived_cells(workbook)
    assert len(cells) >= 35, f"the map lists only {len(cells)} derived cells"
    wrong = {}
    for key, sheet, cell, _kind, _role in cells:
        value = as_saved(recalculated.get(sheet, cell))
        expected = derived_value(key, report, ev)
        if not matches(value, expected):  # a CellError matches nothing
            wrong[f"{sheet}!{cell}"] = f"{key}: formulas {value!r}, core {expected!r}"
    return wrong


def _listed(wrong: dict[str, str]) -> str:
    return "\n".join(f"{where} {what}" for where, what in wrong.items())


def _number(value: object) -> Decimal:
    """A recalculated number as the sheet shows it, to two places."""
    assert isinstance(value, (int, float)) and not isinstance(value, bool), value
    return Decimal(str(value)).quantize(Decimal("0.01"))  # float-ok: the engine's result


def _reopened(data: bytes, edit: Callable[[Any], None]) -> bytes:
    """The workbook after an edit made through openpyxl, as a clerk's Excel save would be."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name", VARIANTS)
def test_every_derived_cell_equals_core(reports: dict[str, Report], exported: Any,
                                        name: str) -> None:
    _, compiled = exported(name)
    wrong = mismatches(reports[name], compiled.workbook, compiled.calculate())
    assert not wrong, _listed(wrong)


def _where(workbook: Any, key: str, sheet: str | None = None) -> tuple[str, str]:
    """The first cell the `_jixiao` map gives for a key (an input, or a derived value's name)."""
    from exports.xlsx.map import map_rows

    return next((s, c) for k, s, c, _, _ in map_rows(workbook) if k == key and sheet in (None, s))


def test_key_figures_of_the_reference(exported: Any) -> None:
    _, compiled = exported("reference")
    values, book = compiled.calculate(), compiled.workbook
    assert values.get(*_where(book, "calc.execution_rate", ATT2)) == pytest.approx(100)
    assert values.get(*_where(book, "score.total", ATT2)) == pytest.approx(98)
    assert values.get(*_where(book, "calc.staffing_rate")) == pytest.approx(87.5)


def test_clerk_edit_is_followed(reports: dict[str, Report], exported: Any) -> None:
    """全年执行数 typed over in Excel: 执行率, 总分 and 等级 follow, and agree with core."""
    data, compiled = exported("reference")
    executed = _where(compiled.workbook, "budget.executed")

    def edit(workbook: Any) -> None:
        workbook[executed[0]][executed[1]] = 180

    edited = _reopened(data, edit)
    recompiled = CompiledWorkbook(edited)
    after = recompiled.calculate()
    book = recompiled.workbook
    assert _number(after.get(*_where(book, "calc.execution_rate", ATT2))) == Decimal("92.44")
    assert _number(after.get(*_where(book, "score.total", ATT2))) == Decimal("97.24")
    sentences = [v for (sheet, _), v in after.values.items() if sheet == TEXT and isinstance(v, str)]
    assert any("预算执行率92.44%" in v for v in sentences), sentences
    assert any("自评得分97.24分" in v and "“优”" in v for v in sentences), sentences
    report = reports["reference"].copy()
    report.set("budget.executed", Decimal("180"))
    wrong = mismatches(report, recompiled.workbook, after)
    assert not wrong, _listed(wrong)
    # the compiled model of the original, with the same input typed over, agrees cell by cell
    cached = compiled.calculate({executed: 180})
    cells = set(after.formulas)
    assert set(cached.formulas) == cells
    assert {w: cached.values[w] for w in cells} == {w: after.values[w] for w in cells}


def test_a_corrupted_formula_is_reported(reports: dict[str, Report], exported: Any) -> None:
    """The comparison can fail: 总分 made a constant is named, and only that cell."""
    data, compiled = exported("reference")
    total = _where(compiled.workbook, "score.total", ATT2)
    broken = "=90"

    def edit(workbook: Any) -> None:
        cell = workbook[total[0]][total[1]]
        assert "SUM(" in cell.value
        cell.value = broken

    compiled = CompiledWorkbook(_reopened(data, edit))
    recalculated = compiled.calculate()
    assert recalculated.formulas[total] == broken
    wrong = mismatches(reports["reference"], compiled.workbook, recalculated)
    assert set(wrong) == {f"{total[0]}!{total[1]}"}, _listed(wrong)
    assert all(what.startswith("score.total: formulas 90") for what in wrong.values())


def test_grade_at_the_rounding_boundary() -> None:
    """总分 89.995 is 优 in core, Excel and LibreOffice; `formulas`' own ROUND says 良.

    10 × 90.05/100 + 80.99 is 89.99499999999999 in binary floating point; ROUND(…,2) of
    that is 89.99 unless the value is first taken to 15 significant digits, as Excel and
    LibreOffice do. This is the case the ROUND workaround in tests/helpers/recalc.py
    exists for; the grade formula reads the exact 总分, never a rounded cell.
    """
    from formulas.functions.math import xround

    assert xround(89.99499999999999, 2) == 89.99, "formulas now rounds as Excel: drop _excel_round"
    report = load(SAMPLE)
    report.set("budget.total", Decimal("100"))
    report.set("budget.executed", Decimal("90.05"))
    rows = report.get("self_eval.indicators")
    rows[9]["score"] = Decimal("7.99")
    rows[9]["deviation"] = "部分任务延期"
    ev = evaluate(report)
    assert (ev.total, ev.grade) == (Decimal("89.995"), "优")
    compiled = CompiledWorkbook(render(report, ev))
    recalculated = compiled.calculate()
    assert _number(recalculated.get(*_where(compiled.workbook, "score.total", ATT2))) == Decimal("90")
    sentences = [v for (sheet, _), v in recalculated.values.items() if sheet == TEXT and isinstance(v, str)]
    assert any("自评得分90分" in v and "“优”" in v for v in sentences), sentences
    wrong = mismatches(report, compiled.workbook, recalculated)
    assert not wrong, _listed(wrong)


@pytest.mark.parametrize(("value", "digits", "rounded"), [
    (1.005, 2, 1.01), (2.675, 2, 2.68), (-1.005, 2, -1.01), (89.99499999999999, 2, 90.0),
    (89.99449999999999, 2, 89.99), (0.5, 0, 1.0), (-2.5, 0, -3.0), (1234.5678, -2, 1200.0),
])
def test_excel_round(value: float, digits: int, rounded: float) -> None:
    assert _excel_round(value, digits) == rounded


# Each construct jixiao's formulas use, with the value Excel gives (LibreOffice agrees on
# all of these). A `formulas` upgrade that changes one of them fails here, by name.
_CONSTRUCTS: dict[str, tuple[str, Any]] = {
    "B1": ("=ISBLANK(A1)", True),
    "B2": ("=A1+1", 1),
    "B3": ("=A1*2", 0),
    "B4": ("=A1", 0),  # a formula showing an empty cell shows 0 …
    "B5": ("=ISBLANK(B4)", False),  # … and is never blank itself
    "B6": ('=IF(ISBLANK(A1),"",A1)', ""),
    "B7": ("=ISBLANK(B6)", False),
    "B8": ("=ISNUMBER(B6)", False),
    "B9": ("=COUNT(A1:A5)", 2),  # 5 and the date
    "B10": ("=COUNTA(A1:A5)", 3),
    "B11": ("=COUNTA(B6)", 1),  # a formula returning "" counts
    "B12": ("=COUNT(B6)", 0),
    "B13": ('=IF(COUNT(A1,$A$2)=0,"",SUM(A1,$A$2))', ""),
    "B14": ("=SUM(A1,A3:A4)", 5),  # blanks and text in references are skipped
    "B15": ("=SUM(B6,A3)", 5),
    "B16": ("=A3+B6", CellError("#VALUE!")),  # "" in arithmetic
    "B17": ("=MIN(A1,100)", 100),
    "B18": ("=MAX(0,MIN(6,6-1*A3))", 1),
    "B19": ('=TEXT(A5,"yyyy-mm-dd")', "2025-04-28"),
    "B20": ("=LEN(TRIM(A6))", 1),
    "B21": ("=LEN(TRIM(A1))", 0),
    "B22": ('="填表人："&A1&"　电话："&A3', "填表人：　电话：5"),
    "B23": ("=AND(LEN(TRIM(A6))>0,LEN(TRIM(A1))>0)", False),
    "B24": ("=5*(AND(TRUE,TRUE)+AND(TRUE,FALSE))/2", 2.5),
    "B25": ("=(SUM(A3)=5)+(1=1)", 2),
    "B26": ('=IFERROR(1/0,"")', ""),
    "B27": ('=IFERROR(IF(AND(ISNUMBER(A1),ISNUMBER(A3)),A3/A1,""),"")', ""),
    "B28": ("=IF(A7,2,0)", 2),
    "B29": ("=IF(A8,2,0)", 0),
    "B30": ("=ISBLANK(A8)", False),  # FALSE typed in is an answer, not a blank
    "B31": ("=ROUND(A9,2)", 1.01),
    "B32": ("='附件2 自评表'!$A$3+'正 文'!A1", 5),
    "B33": ("=D2", 0),  # the hidden part of a merged cell
    "B34": ("=ISBLANK(D2)", True),
    "B35": ("=C1", 7),
    "B36": ("=ROUND(B6,2)>=90", CellError("#VALUE!")),
}


def test_constructs_compute_as_in_excel(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    ws.title = ATT2
    other = workbook.create_sheet("正 文")
    other["B1"] = "x"  # A1 stays empty
    ws["A3"], ws["A4"], ws["A5"] = 5, "文字", dt.date(2025, 4, 28)
    ws["A6"], ws["A7"], ws["A8"], ws["A9"] = "  甲 ", True, False, 1.005
    ws["C1"] = 7
    ws.merge_cells("C1:D2")
    for coord, (formula, _) in _CONSTRUCTS.items():
        ws[coord] = formula
    workbook.save(tmp_path / "constructs.xlsx")
    values = recalculate(tmp_path / "constructs.xlsx")
    got = {coord: values.get(ATT2, coord) for coord in _CONSTRUCTS}
    wrong = {coord: (formula, got[coord], want) for coord, (formula, want) in _CONSTRUCTS.items()
             if got[coord] != want or isinstance(got[coord], bool) != isinstance(want, bool)}
    assert not wrong, wrong
