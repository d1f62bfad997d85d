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

import datetime as dt
import functools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.visible import xml_safe

__all__ = ["quoted_sheet", "split_ref", "joined", "consecutive", "entry_at", "Formula", "Book", "SheetWriter", "MapEntry", "text_width", "call", "number_format", "map_type"]

_COORD = re.compile(r"([A-Z]+)(\d+)")
_ARGS_PER_CALL = 200  # Excel allows 255 arguments to a function
_CELL_TEXT = 32767  # characters a cell holds in Excel
_MAX_ROW = 1048576
_FIRST_DAY = dt.date(1900, 3, 1)  # Excel's first day after its 1900 leap-year slip
_NUMBERS = frozenset({int, Decimal})
_PLAIN = _NUMBERS | {str}  # what `place` writes itself; None too

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


@functools.lru_cache(maxsize=512)  # a long list asks the same few formats 600,000 times
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
    simply share the top cell's (borders and all, as openpyxl's merge would draw them).
    """
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.worksheet.merge import MergedCellRange

    merged = MergedCellRange.__new__(MergedCellRange)
    CellRange.__init__(merged, min_col=min_col, min_row=min_row, max_col=max_col, max_row=max_row)
    merged.ws, merged.start_cell = ws, top
    ws.merged_cells.add(merged)
    style = top._style
    for r in range(min_row, max_row + 1):
        for c in range(min_col, max_col + 1):
            if (r, c) != (min_row, min_col):
                cell = MergedCell(ws, r, c)
                cell._style = style
                ws._cells[r, c] = cell
    ws._current_row = max(ws._current_row, max_row)


def _new_cell(ws: Worksheet, row: int, col: int, style: Any) -> Any:
    """A fresh cell placed as `ws.cell` places it, sharing a finished style array: the boxes
    of a 100,000-row list skip openpyxl's per-cell style hashing and copying. Shared is safe
    because a box's style is never changed in place once written (a restyled box gets the
    array of its new look)."""
    if not 0 < row <= _MAX_ROW:
        raise ValueError(f"Row numbers must be between 1 and {_MAX_ROW}. Row number supplied was {row}")
    cell = Cell.__new__(Cell)
    cell.parent, cell._style, cell.row, cell.column = ws, style, row, col
    cell._value = cell._hyperlink = cell._comment = None
    cell.data_type = "n"
    ws._cells[row, col] = cell
    if row > ws._current_row:
        ws._current_row = row
    return cell


def _uncountable(day: dt.date) -> bool:
    """A date or date-time Excel cannot hold: before 1900-03-01 (Excel counts days from 1900
    and reads day 0 as a time of day) or with a time zone (openpyxl refuses it); it is
    written as its ISO text, which import reads back as the same date."""
    if isinstance(day, dt.datetime):
        return day.tzinfo is not None or day.date() < _FIRST_DAY
    return day < _FIRST_DAY


class Formula(str):
    """A cell formula without its leading `=`; anything else written is a value."""


class MapEntry(NamedTuple):
    """One row of the `_jixiao` map: an input key, or a derived value's name, and its cell
    (a tuple: a long list makes 800,000 of them)."""

    key: str
    sheet: str
    cell: str
    type: str
    role: str  # input · formula · static · extra
    template: str = ""  # the text around an input's {value} in its cell
    column: str = ""  # the cell's letters and row as the writer placed it (`H`, 14), so the
    row: int = 0  # map, validation and 完整性 fold 800,000 cells without parsing them back


def entry_at(entry: MapEntry) -> tuple[str, int] | None:
    """(`H`, 14) of an entry's cell: as written, or parsed (a plain `H14`, else None)."""
    if entry.row:
        return entry.column, entry.row
    cell = split_ref(entry.cell) if "!" not in entry.cell and "$" not in entry.cell else None
    return (cell[1], cell[2]) if cell is not None else None


def quoted_sheet(title: str) -> str:
    """`附件2 自评表` → `'附件2 自评表'`: a sheet's title as a reference names it."""
    return "'" + title.replace("'", "''") + "'"


def text_width(text: str) -> int:
    """Width in Excel column units: a CJK character is two, anything else one (ASCII, most
    cells of a long list, is never wide: its length, without a look-up per character)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def call(func: str, refs: list[str]) -> str:
    """`SUM(a,b,…)` over single-cell references, contiguous runs folded into ranges.

    Excel caps a function at 255 arguments, so longer lists become `SUM(…)+SUM(…)`;
    only additive functions (SUM, COUNT, COUNTA) are passed here. No reference → `0`.
    """
    return joined(func, _folded(tuple(refs))) if refs else "0"


def joined(func: str, args: tuple[str, ...]) -> str:
    """`func(…)` over the arguments, as many calls as Excel's argument limit asks, added up."""
    chunks = [args[i:i + _ARGS_PER_CALL] for i in range(0, len(args), _ARGS_PER_CALL)]
    return "+".join(f"{func}({','.join(chunk)})" for chunk in chunks)


@functools.lru_cache(maxsize=4)
def _folded(refs: tuple[str, ...]) -> tuple[str, ...]:
    """The arguments of `call`: a formula asks COUNT and SUM of the same 100,000 cells, so
    the last few foldings are kept rather than parsed twice."""
    columns: dict[tuple[str, str], list[tuple[int, str]]] = {}
    others: list[str] = []
    last: tuple[str, str] | None = None
    rows: list[tuple[int, str]] = []
    for ref in refs:
        # `'附件2'!$H$14`, the reference the writer makes, read here without split_ref's call;
        # a list's column comes in a row, so its rows are gathered without a look-up each
        sheet, _, coord = ref.rpartition("!")
        parts = coord.split("$")
        if len(parts) == 3 and not parts[0] and parts[2].isdigit() and parts[2].isascii() \
                and 1 <= len(parts[1]) <= 3 and parts[1].isascii() and parts[1].isalpha() and parts[1].isupper():
            key, row = (sheet, parts[1]), int(parts[2])
        else:
            cell = split_ref(ref)
            if cell is None:
                others.append(ref)
                continue
            key, row = cell[:2], cell[2]
        if key != last:
            last, rows = key, columns.setdefault(key, [])
        rows.append((row, ref))
    return _fold(columns, others)


def _fold(columns: dict[tuple[str, str], list[tuple[int, str]]], others: list[str]) -> tuple[str, ...]:
    """The arguments: each column's consecutive rows one range (a reference given twice is
    kept twice), anything that is not one cell as it is, in the order of (sheet, column, row).

    A column is sorted only when its rows are not already in order: the writer places a
    long list's rows top to bottom, so folding 800,000 cells is one pass, not a sort."""
    groups: list[tuple[str, int, str, list[tuple[int, str]] | None, str]] = [
        (sheet, len(letters), letters, rows, "") for (sheet, letters), rows in columns.items()]
    groups += [(text, 0, "", None, text) for text in others]
    groups.sort(key=lambda group: group[:3])
    args: list[str] = []
    for sheet, _, letters, rows, text in groups:
        if rows is None:
            args.append(text)
            continue
        if any(rows[i][0] >= rows[i + 1][0] for i in range(len(rows) - 1)):
            rows = sorted(rows, key=lambda row: row[0])
        prefix = f"{sheet}!" if sheet else ""
        for start, end in consecutive([row for row, _ in rows]):
            if end == start:
                args.append(rows[start][1])
            else:
                args.append(f"{prefix}${letters}${rows[start][0]}:${letters}${rows[end][0]}")
    return tuple(args)


def consecutive(numbers: list[int]) -> list[tuple[int, int]]:
    """(first, last) positions of each run in `numbers` that goes up by one (a repeat starts
    a new run): a long list's rows become one range per run."""
    runs = []
    start = 0
    while start < len(numbers):
        end = start
        while end + 1 < len(numbers) and numbers[end + 1] == numbers[end] + 1:
            end += 1
        runs.append((start, end))
        start = end + 1
    return runs


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
    runs: Any = None  # the entries as a list's columns (exports.xlsx.runs.runs_of), made when asked
    # a computed figure's cell that shows it rounded, IF(ISNUMBER(x),ROUND(x,2),""): what a
    # sentence or the 等级 asks of it (ISNUMBER, ROUND to 2) it answers exactly as x would
    rounded: dict[str, str] = field(default_factory=dict)

    def ref(self, name: str) -> str | None:
        return self.refs.get(name)


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
        """`B5` → `'附件1'!$B$5`, the reference formulas use."""
        match = _COORD.match(coord)
        column, row = match.groups() if match else ("".join(ch for ch in coord if ch.isalpha()), "")
        row = row or coord[len(column):]
        return f"{self._sheet_prefix()}{column}${row}"

    def at(self, col: int, row: int) -> tuple[str, str]:
        """(`B5`, `'附件1'!$B$5`): a cell's coordinate and the reference formulas use."""
        letter = get_column_letter(col)
        return f"{letter}{row}", f"{self._sheet_prefix()}{letter}${row}"

    def _sheet_prefix(self) -> str:
        title = self.ws.title
        if title != self._title:
            self._title, self._quoted = title, quoted_sheet(title) + "!$"
        return self._quoted

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
        letter = get_column_letter(col)
        coord = f"{letter}{row}"
        look = (style, align, indent, border, fmt)
        cached = self.book.styles.get(look)
        if cached is not None and (row, col) not in ws._cells:
            top = _new_cell(ws, row, col, cached)  # the common box of a long list: a known look
        else:
            top = ws.cell(row=row, column=col)
            if cached is None:
                # the first box of a look: styled once through openpyxl (which hashes each style
                # object), then every box of that look shares the finished style array
                top._style = copy(top._style)
                top.font = FONTS[style]
                top.alignment = _align(align, indent)
                if border:
                    top.border = BORDER
                if fmt:
                    top.number_format = fmt
                cached = self.book.styles[look] = top._style
            top._style = cached
        if isinstance(value, dt.date) and _uncountable(value):
            value = value.isoformat()
        if isinstance(value, Formula):
            top.value = "=" + value
        elif isinstance(value, str):
            # text stays text, never a formula nor an error code (`=1+1`, `#N/A` as typed);
            # the length is Excel's limit for a cell, as openpyxl would cut it
            top._value = xml_safe(value)[0][:_CELL_TEXT]
            top.data_type = "s"
            if down == 1 and (len(value) >= 4 or "\n" in value):
                self.wrap(row, col, span, value)
        elif value is None or value.__class__ in _NUMBERS:
            top._value, top.data_type = value, "n"  # what openpyxl's value setter does for these
        else:
            # a date may set the cell's number format: on a copy, never the shared look
            top._style = copy(top._style)
            top.value = value
        if span > 1 or down > 1:
            _merge(ws, row, col, row + down - 1, col + span - 1, top)
        sheet = ws.title
        if key is not None:
            self.book.entries.append(MapEntry(key, sheet, coord, type, "input", template, letter, row))
            if key not in self.book.refs:
                self.book.refs[key] = f"{self._sheet_prefix()}{letter}${row}"
        if derived is not None:
            role = "formula" if isinstance(value, Formula) else "static"
            self.book.entries.append(MapEntry(derived, sheet, coord, type, role, "", letter, row))
        return coord

    def place(self, cells: Iterable[Any], top: int, slow: Callable[[Any], None]) -> None:
        """Write a printed table's cells (core.printed.Placed, rows from `top`) in order.

        A plain input — the first place of its key, one cell not merged, no label around its
        value, a number or a text, a look already made — is written here in a few steps:
        most of a long list's 600,000 boxes, which through `box` and its keyword arguments
        took 40 % longer. Every other cell goes to `slow`; the cell, its map entry and its
        reference are exactly what `box` would have made (tests/exports/test_place.py).
        """
        ws, styles, refs, entries = self.ws, self.book.styles, self.book.refs, self.book.entries
        grid, sheet, prefix = ws._cells, ws.title, self._sheet_prefix()
        looks: dict[tuple[Any, ...], Any] = {}  # (format, kind, style, align, indent) → the box's style array
        letters: dict[int, str] = {}
        new, make_entry, highest = Cell.__new__, tuple.__new__, 0
        for cell in cells:
            # all of Placed's fields at once (a field added to Placed stops this loudly)
            (row, col, rows, cols, text, kind, name, template, fmt, value_kind, value, style, align, indent, _,
             _) = cell
            row, col = top + row, 1 + col
            if kind != "input" or rows != 1 or cols != 1 or template is not None or value_kind == "textlist" \
                    or not name or name in refs or (row, col) in grid or not 0 < row <= _MAX_ROW \
                    or not (value is None or value.__class__ in _PLAIN):
                slow(cell)  # a date or a float (box knows what they need), a merge, a label …
                continue
            look_key = (fmt, value_kind, style, align, indent)
            if look_key in looks:
                look = looks[look_key]
            else:
                look = looks[look_key] = styles.get((style, align, indent, True, number_format(fmt, value_kind)))
            if look is None:
                slow(cell)  # the first box of its look styles it once
                looks.pop(look_key)
                continue
            letter = letters.get(col) or letters.setdefault(col, get_column_letter(col))
            box = new(Cell)
            box.parent, box._style, box.row, box.column = ws, look, row, col
            box._hyperlink = box._comment = None
            if value.__class__ is str:
                safe = xml_safe(value)[0]
                box._value, box.data_type = safe if len(safe) <= _CELL_TEXT else safe[:_CELL_TEXT], "s"
                if value != text and (len(value) >= 4 or "\n" in value):
                    self.wrap(row, col, 1, value)
            else:
                box._value, box.data_type = value, "n"
            grid[row, col] = box
            if row > highest:
                highest = row
            if len(text) >= 4 or "\n" in text:
                self.wrap(row, col, 1, text)
            entries.append(make_entry(MapEntry, (name, sheet, f"{letter}{row}", value_kind, "input", "", letter, row)))
            refs[name] = f"{prefix}{letter}${row}"
        if highest > ws._current_row:
            ws._current_row = highest

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
