"""Data validation on the workbook's input cells, from the bounds the form declares.

Excel and WPS then refuse, as the clerk types, what the checks would report later: a
negative or unbelievable amount, a count that is not a whole number, a figure outside
its field's bounds, an indicator's 得分 above its 分值. The messages are Chinese.
"""

from __future__ import annotations

import re
from typing import Any

from core.report import Report
from exports.xlsx.book import Book, MapEntry, consecutive, entry_at

__all__ = ["add_validation"]

_INDEX = re.compile(r"\[\d+\]")


def _bounds(report: Report, key: str) -> tuple[str, Any, Any]:
    """(type, min, max) of an input key: a field, a list column, a grid figure."""
    spec = report.spec
    if key in spec.fields:
        field = spec.fields[key]
        return field.type, field.min, field.max
    if spec.grid_of_path(key) is not None and not key.endswith(".name"):
        return "money", None, None
    table_path, _, column = _INDEX.sub("", key).rpartition(".")
    table = spec.list_by_path(table_path)
    if table is not None:
        col = next((c for c in table.columns if c.key == column), None)
        if col is not None:
            return col.type, col.min, col.max
    return "text", None, None


def _shape(key: str) -> str:
    """`a.b[3].c` → `a.b[0].c`, the key every row of a list shares (string operations for
    the usual one index, the pattern for anything else)."""
    cut = key.find("[")
    end = key.find("]", cut)
    tail = key[end + 1:]
    if cut < 0 or end < 0 or "[" in tail or not (key[cut + 1:end].isascii() and key[cut + 1:end].isdigit()):
        return _INDEX.sub("[0]", key)
    return f"{key[:cut]}[0]{tail}"


def add_validation(book: Book, report: Report) -> None:
    from openpyxl.worksheet.cell_range import MultiCellRange
    from openpyxl.worksheet.datavalidation import DataValidation

    money_max = report.spec.decimal("money_max") if "money_max" in report.spec.profile else None
    rules: dict[tuple[str, str, str, str, str], list[MapEntry]] = {}
    by_shape: dict[str, tuple[str, str, str, str] | None] = {}  # a list's rows share their column's rule
    fields = report.spec.fields
    for entry in book.entries:
        if entry.role != "input" or entry.template:
            continue
        key = entry.key
        shape = _shape(key) if "[" in key and key not in fields else key
        if shape in by_shape:
            rule = by_shape[shape]
        else:
            rule = by_shape[shape] = _rule(*_bounds(report, key), money_max)
        if rule is not None:
            rules.setdefault((entry.sheet, *rule), []).append(entry)
    for (sheet, kind, low, high, message), cells in rules.items():
        operator = "between" if high else "greaterThanOrEqual"
        validation = DataValidation(type=kind, operator=operator, formula1=low, formula2=high or None,
                                    allow_blank=True, showErrorMessage=True, errorTitle="数字超出范围",
                                    error=message)
        validation.sqref = MultiCellRange(_ranges(cells))
        book.workbook[sheet].add_data_validation(validation)
    _score_within_weight(book, report)


def _rule(kind: str, low: Any, high: Any, money_max: Any) -> tuple[str, str, str, str] | None:
    """(type, min, max, message) of the validation a field's type and bounds ask, or None."""
    if kind == "money":
        lo, hi = (low if low is not None else 0), (high if high is not None else money_max)
        return "decimal", str(lo), str(hi) if hi is not None else "", f"应为不小于 {lo} 的数字"
    if kind in ("count", "year"):
        lo = low if low is not None else 0
        return "whole", str(lo), str(high) if high is not None else "", f"应为不小于 {lo} 的整数"
    if kind == "score":
        lo = low if low is not None else 0
        return "decimal", str(lo), str(high) if high is not None else "", f"应在 {lo} 至 {high} 之间"
    return None


def _ranges(entries: list[MapEntry]) -> str:
    """Cells as few ranges as a column's consecutive rows make (`H14:H10013`), for a long list."""
    by_column: dict[str, list[int]] = {}
    for entry in entries:
        at = entry_at(entry)
        if at is not None:
            by_column.setdefault(at[0], []).append(at[1])
    parts = []
    for column, rows in by_column.items():
        rows.sort()
        parts += [f"{column}{rows[first]}" if first == last else f"{column}{rows[first]}:{column}{rows[last]}"
                  for first, last in consecutive(rows)]
    return " ".join(parts)


def _score_within_weight(book: Book, report: Report) -> None:
    """Each indicator's 得分 at most its 分值 (a custom rule relative to its row)."""
    from openpyxl.worksheet.cell_range import MultiCellRange
    from openpyxl.worksheet.datavalidation import DataValidation

    scored = report.spec.scored_list
    rows = report.get(scored.path) if scored else None
    if not scored or not isinstance(rows, list):
        return
    where = {e.key: e for e in book.entries if e.role == "input"}
    by_sheet: dict[str, list[tuple[MapEntry, MapEntry]]] = {}
    for index in range(len(rows)):
        score, weight = where.get(f"{scored.path}[{index}].score"), where.get(f"{scored.path}[{index}].weight")
        if score and weight and score.sheet == weight.sheet:
            by_sheet.setdefault(score.sheet, []).append((score, weight))
    for sheet, pairs in by_sheet.items():
        first_score, first_weight = pairs[0]
        validation = DataValidation(type="custom", formula1=f"{first_score.cell}<={first_weight.cell}", allow_blank=True,
                                    showErrorMessage=True, errorTitle="得分超过分值", error="得分不能超过本行的分值")
        validation.sqref = MultiCellRange(_ranges([score for score, _ in pairs]))
        book.workbook[sheet].add_data_validation(validation)
