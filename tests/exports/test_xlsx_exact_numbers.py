"""A figure Excel cannot hold exactly (over 15 significant digits, beyond a double's range)
is written as its own digits in text, so import gives it back or says which cell it cannot
read; before, 10**400 ended the export in an OverflowError, 1E+400 became an empty cell
that import silently dropped, and 12345678901234567890.12 came back as 1.234567890123457e+19.
A date before Excel's 1900-03-01 is written as its ISO text the same way."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from core.evaluate import evaluate
from exports.xlsx.sheet_rows import held


@pytest.mark.parametrize(("value", "kept"), [
    (0, True), (Decimal("-0"), True), (194, True), (Decimal("194.72"), True), (10**15 - 1, True),
    (Decimal("123456789012345"), True), (Decimal("1.23456789012345E+300"), True), (Decimal("1.000000000000000000"), True),
    (10**15 + 1, False), (Decimal("1234567890123456"), False), (Decimal("12345678901234567890.12"), False),
    (Decimal("1E+400"), False), (Decimal("1E-400"), False), (Decimal("Infinity"), False), (Decimal("NaN"), False),
    (10**400, False), (True, True), (1.5, True),
])
def test_which_numbers_excel_holds(value: Any, kept: bool) -> None:
    assert held(value) is kept


def test_held_is_fifteen_digits_within_a_doubles_range_at_every_edge() -> None:
    # the quick path for the usual figure must agree with the rule at the edges of the range
    wrong = []
    for digits in range(1, 19):
        for exponent in [*range(-325, -290), *range(-3, 3), *range(280, 320)]:
            for last in (0, 1):
                number = Decimal((0, (1,) * (digits - 1) + (last,), exponent))
                want = number.is_zero() or (len(number.normalize().as_tuple().digits) <= 15
                                            and -307 <= number.adjusted() <= 307)
                if held(number) is not want:
                    wrong.append(str(number))
    assert wrong == []


def _exported(reference: Any, tmp_path: Path, **budget: Any) -> Path:
    from exports.xlsx.write import write

    report = copy.deepcopy(reference)
    report.data["budget"].update(budget)
    path = tmp_path / "r.xlsx"
    write(report, evaluate(report), report.spec, path)
    return path


def test_twenty_digits_come_back_exactly(reference: Any, tmp_path: Path) -> None:
    from exports.xlsx.read import read_workbook

    figure = Decimal("12345678901234567890.12")
    result = read_workbook(_exported(reference, tmp_path, executed=figure))
    assert result.errors == []
    assert result.report is not None and result.report.data["budget"]["executed"] == figure


@pytest.mark.parametrize("figure", [Decimal("1E+400"), 10**400], ids=["1E+400", "10**400"])
def test_a_figure_beyond_excel_is_written_and_import_names_its_cell(reference: Any, tmp_path: Path,
                                                                    figure: Any) -> None:
    from openpyxl import load_workbook

    from exports.xlsx.read import read_workbook

    book = _exported(reference, tmp_path, executed=figure)
    cells = [c.value for ws in load_workbook(book).worksheets if ws.title != "_jixiao" for row in ws.iter_rows()
             for c in row if isinstance(c.value, str) and c.value == str(Decimal(figure))]
    assert cells, "the figure is in the workbook as its digits"
    result = read_workbook(book)
    assert result.report is None
    assert any("全年执行数" in error and "应为数字" in error for error in result.errors), result.errors


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-30", "1900-02-28", "1900-03-01", "2024-02-29"])
def test_a_date_excel_cannot_count_comes_back_the_same(reference: Any, tmp_path: Path, day: str) -> None:
    # Excel counts days from 1900 and reads day 0 (1899-12-30) as a time of day: such a date
    # is written as its ISO text; import read 1899-12-30 back as "00:00:00" and refused it
    import datetime as dt

    from exports.xlsx.read import read_workbook
    from exports.xlsx.write import write

    report = copy.deepcopy(reference)
    report.data["unit"]["filled_on"] = dt.date.fromisoformat(day)
    path = tmp_path / "r.xlsx"
    write(report, evaluate(report), report.spec, path)
    result = read_workbook(path)
    assert result.errors == []
    assert result.report is not None and result.report.data["unit"]["filled_on"] == dt.date.fromisoformat(day)


def test_keys_the_form_does_not_know_come_back_with_their_types(reference: Any, tmp_path: Path) -> None:
    # kept on the `_jixiao` sheet: a date-time with its zone ended the export in openpyxl's
    # TypeError, a local date-time came back without its time, a time of day as text
    import datetime as dt

    from exports.xlsx.read import read_workbook
    from exports.xlsx.write import write

    extra = {"when": dt.datetime(1979, 5, 27, 7, 32, tzinfo=dt.UTC), "local": dt.datetime(1979, 5, 27, 7, 32),
             "day": dt.date(1899, 1, 1), "t": dt.time(7, 32), "big": 10**30, "figure": Decimal("12345678901234567.5"),
             "mixed": [1, "a", dt.date(1979, 5, 27)]}
    report = copy.deepcopy(reference)
    report.data["zz_extra"] = dict(extra)
    path = tmp_path / "r.xlsx"
    write(report, evaluate(report), report.spec, path)
    result = read_workbook(path)
    assert result.errors == []
    assert result.report is not None
    back = result.report.data["zz_extra"]
    assert {k: (type(v), v) for k, v in back.items()} == {k: (type(v), v) for k, v in extra.items()}
