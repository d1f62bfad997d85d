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
from exports.xlsx.runs import ColumnRun, row_key, runs_of

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
    rules: dict[tuple[str, str, str, str, str], list[ColumnRun | MapEntry]] = {}
    by_shape: dict[str, tuple[str, str, str, str] | None] = {}  # a list's rows share their column's rule
    fields = report.spec.fields
    for item in runs_of(book).items():
        entry = item.head if isinstance(item, ColumnRun) else item
        if entry.role != "input" or entry.template:
            continue
        key = entry.key
        shape = _shape(key) if "[" in key and key not in fields else key
        if shape in by_shape:
            rule = by_shape[shape]
        else:
            rule = by_shape[shape] = _rule(*_bounds(report, key), money_max)
        if rule is not None:
            rules.setdefault((entry.sheet, *rule), []).append(item)
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


def _ranges(items: list[ColumnRun | MapEntry]) -> str:
    """Cells as few ranges as a column's consecutive rows make (`H14:H10013`), for a long
    list: each run of a list's column is one span of rows, spans that meet are joined."""
    by_column: dict[str, list[tuple[int, int]]] = {}
    for item in items:
        if isinstance(item, ColumnRun):
            by_column.setdefault(item.letter, []).append((item.first_row, item.last_row))
            continue
        at = entry_at(item)
        if at is not None:
            by_column.setdefault(at[0], []).append((at[1], at[1]))
    parts = []
    for column, spans in by_column.items():
        for first, last in _joined(spans):
            parts.append(f"{column}{first}" if first == last else f"{column}{first}:{column}{last}")
    return " ".join(parts)


def _joined(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of rows sorted and joined where one ends right above the next; a cell given twice
    starts a new range, as it always has (the rows counted one by one gave the same)."""
    spans.sort()
    if any(a[1] >= b[0] for a, b in zip(spans, spans[1:], strict=False)):
        rows = sorted(row for first, last in spans for row in range(first, last + 1))
        return [(rows[a], rows[b]) for a, b in consecutive(rows)]
    out = [spans[0]]
    for first, last in spans[1:]:
        if first == out[-1][1] + 1:
            out[-1] = (out[-1][0], last)
        else:
            out.append((first, last))
    return out


def _score_within_weight(book: Book, report: Report) -> None:
    """Each indicator's 得分 at most its 分值 (a custom rule relative to its row)."""
    from openpyxl.worksheet.cell_range import MultiCellRange
    from openpyxl.worksheet.datavalidation import DataValidation

    scored = report.spec.scored_list
    rows = report.get(scored.path) if scored else None
    if not scored or not isinstance(rows, list):
        return
    # each row's 得分 and 分值 cells, from the runs of the two columns (and any single cell)
    cells: dict[str, dict[int, MapEntry]] = {"score": {}, "weight": {}}
    for item in runs_of(book).items():
        if isinstance(item, ColumnRun):
            if item.path == scored.path and item.column in cells and item.head.role == "input":
                cells[item.column].update(enumerate(item.entries, item.first))
        elif item.role == "input" and (parts := row_key(item.key)) and parts[0] == scored.path \
                and parts[2] in cells:
            cells[parts[2]][parts[1]] = item
    by_sheet: dict[str, list[tuple[MapEntry, MapEntry]]] = {}
    for index in range(len(rows)):
        score, weight = cells["score"].get(index), cells["weight"].get(index)
        if score and weight and score.sheet == weight.sheet:
            by_sheet.setdefault(score.sheet, []).append((score, weight))
    for sheet, pairs in by_sheet.items():
        first_score, first_weight = pairs[0]
        validation = DataValidation(type="custom", formula1=f"{first_score.cell}<={first_weight.cell}", allow_blank=True,
                                    showErrorMessage=True, errorTitle="得分超过分值", error="得分不能超过本行的分值")
        validation.sqref = MultiCellRange(_ranges([score for score, _ in pairs]))
        book.workbook[sheet].add_data_validation(validation)
