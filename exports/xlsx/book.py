"""The spreadsheet under construction: styled boxes, live formulas, and the cell map.

Every sheet writer goes through `SheetWriter.box`, which is where the promises of the
xlsx export are kept in one place: text is always stored as text (a 偏差原因 that
begins with `=` must never run), control characters are shown, never dropped
(Word's \\v becomes a line break), borders are set before merging (openpyxl drops
them otherwise), and every input and every derived cell is recorded in the map that
the hidden `_jixiao` sheet carries, so import reads exactly what was written.

Only imported by the xlsx export and import, so openpyxl stays out of `jixiao check`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from copy import copy
from dataclasses import dataclass, field
from typing import Any

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.visible import xml_safe

__all__ = ["split_ref", "Formula", "Book", "SheetWriter", "MapEntry", "text_width", "call", "number_format", "map_type"]

_COORD = re.compile(r"([A-Z]+)(\d+)")
_ARGS_PER_CALL = 200  # Excel allows 255 arguments to a function

_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
FONTS = {
    "label": Font(name="黑体", size=14),
    "title": Font(name="宋体", size=16, bold=True),
    "head": Font(name="宋体", size=10.5, bold=True),
    "cell": Font(name="仿宋", size=10.5),
    "note": Font(name="仿宋", size=10),
    "draft": Font(name="黑体", size=12, bold=True, color="C00000"),
    "generated": Font(name="仿宋", size=10.5, color="444444"),
}
_ALIGN: dict[tuple[str, int], Alignment] = {}
LINE_HEIGHT = 15.0  # points per wrapped line of 10.5 pt text


def map_type(kind: str) -> str:
    """A field type as the _jixiao map names it: a text list in one cell is `numbered`."""
    return "numbered" if kind == "textlist" else kind


def number_format(style: str | None, kind: str, template: str | None = None) -> str | None:
    """The cell format that prints a figure as the published table does (98, not 98.00).

    A labelled figure (`其中：一般公共预算：194.56`) keeps its label in the format, so the
    cell still holds the number formulas and import read.
    """
    if kind in ("date",):
        return "yyyy-mm-dd"
    if kind not in ("money", "score", "count", "percent", "year"):
        return None
    base = {"fixed": "0.00", "percent": 'General"%"', "percent_fixed": '0.00"%"', "count": "0"}.get(
        style or "", "General")
    if template and "{value}" in template:
        before, _, after = template.partition("{value}")
        base = _literal(before) + base + _literal(after)
    return base


def _literal(text: str) -> str:
    """Text shown as-is inside a number format (quotes cannot be escaped there: dropped)."""
    return '"' + text.replace('"', "") + '"' if text else ""


def _merge(ws: Worksheet, min_row: int, min_col: int, max_row: int, max_col: int, top: Any) -> None:
    """Merge a box whose cells are already styled alike (borders set before merging).

    openpyxl's merge_cells re-derives each edge cell's border through its style hashing
    (~5 ms a merge); every cell of a box here has the same style, so the covered cells
    simply take the top cell's.
    """
    from openpyxl.cell.cell import MergedCell
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.worksheet.merge import MergedCellRange

    merged = MergedCellRange.__new__(MergedCellRange)
    CellRange.__init__(merged, min_col=min_col, min_row=min_row, max_col=max_col, max_row=max_row)
    merged.ws, merged.start_cell = ws, top
    ws.merged_cells.add(merged)
    for r in range(min_row, max_row + 1):
        for c in range(min_col, max_col + 1):
            if (r, c) != (min_row, min_col):
                cell = MergedCell(ws, r, c)
                cell._style = copy(top._style)
                ws._cells[r, c] = cell


class Formula(str):
    """A cell formula without its leading `=`; anything else written is a value."""


@dataclass(frozen=True)
class MapEntry:
    """One row of the `_jixiao` map: an input key, or a derived value's name, and its cell."""

    key: str
    sheet: str
    cell: str
    type: str
    role: str  # input · formula · static · extra
    template: str = ""  # the text around an input's {value} in its cell


def text_width(text: str) -> int:
    """Width in Excel column units: a CJK character is two, anything else one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def call(func: str, refs: list[str]) -> str:
    """`SUM(a,b,…)` over single-cell references, contiguous runs folded into ranges.

    Excel caps a function at 255 arguments, so longer lists become `SUM(…)+SUM(…)`;
    only additive functions (SUM, COUNT, COUNTA) are passed here. No reference → `0`.
    """
    if not refs:
        return "0"
    parsed = []
    for ref in refs:
        cell = split_ref(ref)
        parsed.append((*cell, ref) if cell is not None else (ref, "", 0, ref))
    parsed.sort(key=lambda p: (p[0], len(p[1]), p[1], p[2]))
    args: list[str] = []
    run: list[tuple[str, str, int, str]] = []

    def flush() -> None:
        if not run:
            return
        if len(run) == 1:
            args.append(run[0][3])
        else:
            prefix = f"{run[0][0]}!" if run[0][0] else ""
            args.append(f"{prefix}${run[0][1]}${run[0][2]}:${run[-1][1]}${run[-1][2]}")
        run.clear()

    for item in parsed:
        if run and item[1] and (item[0], item[1]) == run[-1][:2] and item[2] == run[-1][2] + 1:
            run.append(item)
            continue
        flush()
        if item[1]:
            run.append(item)
        else:
            args.append(item[3])
    flush()
    chunks = [args[i:i + _ARGS_PER_CALL] for i in range(0, len(args), _ARGS_PER_CALL)]
    return "+".join(f"{func}({','.join(chunk)})" for chunk in chunks)


def split_ref(ref: str) -> tuple[str, str, int] | None:
    """`'附件2'!$H$14` → ("'附件2'", "H", 14), `H14` → ("", "H", 14); None for anything but
    one cell. String operations, not a regular expression: a long list's SUM has 100,000
    references (tests/exports/test_formula_refs.py holds the pattern it agrees with)."""
    sheet, _, coord = ref.rpartition("!")
    column = coord[1:] if coord[:1] == "$" else coord
    letters = column.rstrip("0123456789")
    digits = column[len(letters):]
    if letters[-1:] == "$":
        letters = letters[:-1]
    if not digits or not 1 <= len(letters) <= 3 or not (letters.isascii() and letters.isalpha() and letters.isupper()):
        return None
    return sheet, letters, int(digits)


def _align(kind: str, indent: int = 0) -> Alignment:
    key = (kind, indent)
    if key not in _ALIGN:
        horizontal = {"num": "right", "right": "right", "left": "left", "center": "center"}[kind]
        _ALIGN[key] = Alignment(horizontal=horizontal, vertical="center", wrap_text=True, indent=indent)
    return _ALIGN[key]


@dataclass
class Book:
    """The workbook, the name → cell references formulas use, and the map for import."""

    workbook: Any
    entries: list[MapEntry] = field(default_factory=list)
    refs: dict[str, str] = field(default_factory=dict)  # data key or value name → 'Sheet'!$B$5
    styles: dict[tuple[Any, ...], Any] = field(default_factory=dict)  # look → openpyxl StyleArray

    def ref(self, name: str) -> str | None:
        return self.refs.get(name)

    def inputs(self) -> set[str]:
        return {entry.key for entry in self.entries if entry.role in ("input", "extra")}


class SheetWriter:
    """Writes styled, optionally merged boxes into one sheet and remembers row heights."""

    def __init__(self, book: Book, ws: Worksheet, widths: list[float]) -> None:
        self.book = book
        self.ws = ws
        self.widths = widths
        self._lines: dict[int, int] = {}
        self._title, self._quoted = "", ""  # the sheet's title quoted for references, kept
        for index, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(index)].width = width

    def qualified(self, coord: str) -> str:
        match = _COORD.match(coord)
        column, row = match.groups() if match else ("".join(ch for ch in coord if ch.isalpha()), "")
        row = row or coord[len(column):]
        title = self.ws.title
        if title != self._title:
            self._title, self._quoted = title, "'" + title.replace("'", "''") + "'!$"
        return f"{self._quoted}{column}${row}"

    def box(
        self,
        row: int,
        col: int,
        value: Any = None,
        *,
        span: int = 1,
        down: int = 1,
        style: str = "cell",
        align: str = "left",
        fmt: str | None = None,
        border: bool = True,
        indent: int = 0,
        key: str | None = None,
        type: str = "text",
        derived: str | None = None,
        template: str = "",
    ) -> str:
        """Write one box; `key` records an input, `derived` the name of a computed value."""
        ws = self.ws
        coord = f"{get_column_letter(col)}{row}"
        top = ws.cell(row=row, column=col)
        if isinstance(value, Formula):
            top.value = "=" + value
        elif isinstance(value, str):
            top.value = xml_safe(value)[0]
            if top.data_type == "f" or value[:1] in ("=", "+", "-", "@"):
                top.data_type = "s"  # text stays text, never a formula
        else:
            top.value = value
        look = (style, align, indent, border, fmt)
        cached = self.book.styles.get(look)
        if cached is not None and span == 1 and down == 1:
            top._style = copy(cached)  # the common box of a long list: one cell, a known look
        for r in range(row, row + down) if cached is None or span > 1 or down > 1 else ():
            for c in range(col, col + span):
                cell = top if (r, c) == (row, col) else ws.cell(row=r, column=c)
                if cached is not None:
                    # assigning font/border/alignment hashes the style objects each time;
                    # copying the finished style array is the same result, 10× faster
                    cell._style = copy(cached)
                    continue
                cell.font = FONTS[style]
                cell.alignment = _align(align, indent)
                if border:
                    cell.border = BORDER
                if fmt:
                    cell.number_format = fmt
                cached = self.book.styles[look] = copy(cell._style)
        if span > 1 or down > 1:
            _merge(ws, row, col, row + down - 1, col + span - 1, top)
        if isinstance(value, str) and not isinstance(value, Formula) and down == 1:
            self.wrap(row, col, span, value)
        sheet = ws.title
        if key is not None:
            self.book.entries.append(MapEntry(key, sheet, coord, type, "input", template))
            if key not in self.book.refs:
                self.book.refs[key] = self.qualified(coord)
        if derived is not None:
            role = "formula" if isinstance(value, Formula) else "static"
            self.book.entries.append(MapEntry(derived, sheet, coord, type, role))
        return coord

    def wrap(self, row: int, col: int, span: int, text: str) -> None:
        """Grow the row for `text` wrapped in the box's width (Excel does not do it on its own)."""
        if len(text) < 4 and "\n" not in text:
            return  # one line whatever the column (most cells of a long list)
        width = sum(self.widths[col - 1: col - 1 + span]) - 1
        lines = sum(max(1, math.ceil(text_width(part) / max(width, 1))) for part in text.split("\n"))
        self._lines[row] = max(self._lines.get(row, 1), lines)

    def points(self, first: int, last: int) -> float:
        """The estimated height of rows first..last as printed."""
        return sum(max(1, self._lines.get(row, 1)) * LINE_HEIGHT for row in range(first, last + 1))

    def height(self, row: int, points: float) -> None:
        self._lines[row] = max(self._lines.get(row, 1), math.ceil(points / LINE_HEIGHT))

    def finish(self, header_rows: str | None = None, landscape: bool = False, fit_height: bool = False) -> None:
        """Row heights for wrapped text; A4, fitted to the page width, header rows repeated,
        page numbers in the footer."""
        for row, lines in self._lines.items():
            if lines > 1:
                self.ws.row_dimensions[row].height = min(409.0, lines * LINE_HEIGHT + 4)
        setup = self.ws.page_setup
        setup.paperSize = self.ws.PAPERSIZE_A4
        setup.orientation = "landscape" if landscape else "portrait"
        setup.fitToWidth = 1
        setup.fitToHeight = 1 if fit_height else 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.print_options.horizontalCentered = True
        margins = self.ws.page_margins
        margins.left = margins.right = 0.5
        margins.top = margins.bottom = 0.75
        self.ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        if header_rows:
            self.ws.print_title_rows = header_rows
