"""`jixiao import 附件.xlsx`: an official Excel template filled by hand (no `_jixiao` map), by its labels.

A department often sends the 附件1/附件2 workbook the finance bureau handed out, typed
into in Excel or WPS: figures as numbers or as text with spaces, 87.5% as 0.875 in a
percent format, merged cells, the table starting wherever the template put it. Each
sheet is turned into rows of cells the way core.readback reads a Word table: a merged
range is one cell with its span, the rows it covers below hold a continuation; the
columns the table occupies are found from its rows, so a template that starts in
column B reads the same. Lines outside the table (附件1, the title, 填表人…) go along as
the table's lines. Which sheet is which attachment, and every label, figure and
missing row, is core's to say, through the form's layout.

A workbook jixiao wrote carries the hidden `_jixiao` map and is read exactly by
exports.xlsx.read instead (`has_map`). Both are checked by exports.safe_zip first.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.form import FormSpec, installed_forms
from core.readback import read_document
from core.readback.model import ImportReport, Line, SourceCell, SourceDocument, SourceTable, Where
from exports.safe_zip import WorkbookRefused, check_xlsx
from exports.xlsx.map import MAP_SHEET

__all__ = ["has_map", "workbook_source", "read_template", "WorkbookRefused"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def has_map(path: Path) -> bool:
    """Whether the workbook has jixiao's `_jixiao` sheet (read from xl/workbook.xml only)."""
    from defusedxml.ElementTree import fromstring

    check_xlsx(path)
    try:
        with zipfile.ZipFile(path) as archive:
            root = fromstring(archive.read("xl/workbook.xml"))
    except (KeyError, zipfile.BadZipFile, OSError):
        return False
    except Exception as exc:  # defusedxml and ElementTree raise several kinds
        raise WorkbookRefused(f"{path}：xl/workbook.xml 无法解析（{exc}）") from None
    return any(sheet.get("name") == MAP_SHEET for sheet in root.iter(f"{_MAIN}sheet"))


def _text(value: Any, number_format: str) -> str:
    """A cell's value as the text a clerk sees (numbers exact, percentages with their %)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, (int, float)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)  # float-ok: openpyxl's number
        if "%" in number_format:
            return f"{(number * 100).normalize():f}%"
        return f"{number.normalize():f}" if number != number.to_integral_value() else str(int(number))
    return str(value)


def _sheet_rows(ws: Any, cached: Any, place: str, notes: list[str]) -> tuple[list[list[SourceCell]], list[Line]]:
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    under: dict[tuple[int, int], tuple[int, int, int]] = {}  # covered (row, col) → (top, left, width)
    for merged in ws.merged_cells.ranges:
        top, left = merged.min_row, merged.min_col
        width, height = merged.max_col - left + 1, merged.max_row - top + 1
        spans[(top, left)] = (width, height)
        for r in range(top, merged.max_row + 1):
            for c in range(left, merged.max_col + 1):
                if (r, c) != (top, left):
                    under[(r, c)] = (top, left, width)
    grid: list[list[tuple[int, SourceCell]]] = []
    for row in ws.iter_rows():
        cells: list[tuple[int, SourceCell]] = []
        for cell in row:
            r, c = cell.row, cell.column
            if (r, c) in under:
                top, left, width = under[(r, c)]
                if c == left and r > top:
                    where = Where(place, row=r, cell=c, ref=cell.coordinate)
                    cells.append((c, SourceCell("", where, c, width, continued=True)))
                continue
            value = cell.value
            if cell.data_type == "f":
                value = cached[cell.coordinate].value if cached is not None else None
                if value is None:
                    notes.append(f"{place} {cell.coordinate} 是公式但没有计算结果（请在 Excel 中打开并保存后再导入）")
            text = _text(value, cell.number_format or "")
            width = spans.get((r, c), (1, 1))[0]
            cells.append((c, SourceCell(text, Where(place, row=r, cell=c, ref=cell.coordinate), c, width)))
        grid.append(cells)
    # The table's columns: those its rows of two or more filled cells occupy.
    wide = [[(c, cell) for c, cell in cells if cell.text.strip()] for cells in grid]
    spans_used = [(c, c + cell.span) for filled in wide if len(filled) >= 2 for c, cell in filled]
    if not spans_used:
        spans_used = [(c, c + cell.span) for filled in wide for c, cell in filled]
    if not spans_used:
        return [], []
    first, end = min(s for s, _ in spans_used), max(e for _, e in spans_used)
    rows: list[list[SourceCell]] = []
    lines: list[Line] = []
    for cells in grid:
        inside = [cell._replace(col=c - first) for c, cell in cells if first <= c < end]
        for c, cell in cells:
            if not first <= c < end and cell.text.strip():
                lines.append(Line(cell.text, cell.where))
        if any(cell.text.strip() for cell in inside) or any(cell.continued for cell in inside):
            rows.append(inside)
    return rows, lines


def workbook_source(path: Path) -> SourceDocument:
    """Every worksheet as one table of cells; raises WorkbookRefused for a bad or unsafe file."""
    from openpyxl import load_workbook

    check_xlsx(path)
    try:
        book = load_workbook(path, data_only=False)
        formulas = any(cell.data_type == "f" for ws in book.worksheets for row in ws.iter_rows() for cell in row)
        cached = load_workbook(path, data_only=True) if formulas else None
    except Exception as exc:  # openpyxl and defusedxml raise many kinds for a broken file
        raise WorkbookRefused(f"{path}：无法读取工作簿（{type(exc).__name__}: {exc}）") from None
    tables: list[Line | SourceTable] = []
    notes: list[str] = []
    for ws in book.worksheets:
        place = f"工作表“{ws.title}”"
        rows, lines = _sheet_rows(ws, cached[ws.title] if cached is not None else None, place, notes)
        if rows or lines:
            tables.append(SourceTable(rows, Where(place), lines=tuple(lines)))
    return SourceDocument(str(path), "xlsx", tables, has_body=False, notes=tuple(notes))


def read_template(path: Path, forms: Sequence[FormSpec] | None = None) -> ImportReport:
    """Read a hand-filled official workbook through the form's layouts."""
    return read_document(workbook_source(Path(path)), list(forms) if forms is not None else installed_forms())
