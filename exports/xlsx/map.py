"""The hidden `_jixiao` sheet: what a workbook jixiao wrote carries so it can be read back exactly.

It holds the schema, the form and the jixiao version, then one row per input key and
per derived value: the key, and its cell as a reference formula (`='附件2 自评表'!$D$5`),
which Excel, WPS and LibreOffice keep pointing at the same cell when a clerk inserts
rows or renames a sheet. Inputs the visible sheets have no place for are stored on
the map sheet itself, so the workbook carries the whole data file. The writer
(exports.xlsx.write) and the reader (exports.xlsx.read) share this one definition.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from decimal import Decimal
from typing import Any

from core.report import Report
from exports.safe_zip import WorkbookRefused
from exports.xlsx.book import Book, MapEntry, SheetWriter
from exports.xlsx.runs import ColumnRun, runs_of

__all__ = ["MAP_SHEET", "MAGIC", "FORMAT", "MAP_HEADER", "EXPECTED", "MAP_CELLS_CAP", "KINDS", "ROLES", "check_key",
           "flatten", "write_map_sheet",
           "map_rows", "read_meta", "jixiao_version", "map_templates", "strip_template", "unnumbered"]

MAP_SHEET = "_jixiao"
MAGIC = "jixiao-workbook"
FORMAT = 2  # 2: derived cells keyed by value names (calc.*, score.*, review.*), input templates
MAP_HEADER = ["key", "sheet", "cell", "type", "role", "value", "template"]
_SKIP = {"schema", "form", "results"}
_REFERENCE = re.compile(r"^=\s*(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?(\d+)\s*$")
EXPECTED = "jixiao 导出的工作簿（含隐藏工作表 _jixiao；先用 jixiao export 报告.toml --to 工作簿.xlsx 导出，修改后再导入）"


def jixiao_version() -> str:
    try:
        from importlib.metadata import version

        return version("jixiao")
    except Exception:  # not installed as a distribution (running from a checkout)
        return "0+unknown"


def flatten(node: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Leaves of the data as (dotted key with [i], value); empty tables and lists vanish."""
    out: list[tuple[str, Any]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if not prefix and key in _SKIP:
                continue
            out += flatten(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += flatten(value, f"{prefix}[{index}]")
    elif node is not None and node != "":
        out.append((prefix, node))
    return out


def _uncovered(data: dict[str, Any], inputs: set[str], runs: dict[tuple[str, str], tuple[list[int], list[int]]]
               ) -> list[tuple[str, Any]]:
    """`flatten(data)` without the keys that have a cell: a key is covered when it, or a list
    above it, is an input (`a.b` covers `a.b[2]`), or a run of a list's column holds its row.
    A row's column is looked up in `runs` ((list, column) → the first and last rows of its
    runs, merged and sorted) before its key is spelled out, so the 800,000 cells of a long
    list cost a look-up each, not a string and a set."""
    out: list[tuple[str, Any]] = []

    def in_run(path: str, index: int, name: str) -> bool:
        spans = runs.get((path, name))
        if spans is None:
            return False
        at = bisect_right(spans[0], index) - 1
        return at >= 0 and index <= spans[1][at]

    def walk(node: Any, key: str, row: tuple[str, int, str] | None) -> None:
        if isinstance(node, dict):
            for name, value in node.items():
                if key or name not in _SKIP:
                    walk(value, f"{key}.{name}" if key else str(name), None)
        elif isinstance(node, list):
            if key in inputs or (row is not None and in_run(*row)):
                return  # the whole list, or this row's column, has a cell
            for index, value in enumerate(node):
                if not isinstance(value, dict):
                    walk(value, f"{key}[{index}]", None)
                    continue
                for name, cell in value.items():
                    if isinstance(cell, (dict, list)) or not in_run(key, index, name):
                        walk(cell, f"{key}[{index}].{name}", (key, index, name))
        elif node is not None and node != "" and key not in inputs:
            out.append((key, node))

    walk(data, "", None)
    return out


def _cells_of(items: list[ColumnRun | MapEntry]) -> tuple[set[str], dict[tuple[str, str], tuple[list[int], list[int]]]]:
    """The keys of the book's inputs: single cells' keys, and each list column's runs of rows."""
    inputs: set[str] = set()
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for item in items:
        if isinstance(item, ColumnRun):
            if item.head.role in ("input", "extra"):
                spans.setdefault((item.path, item.column), []).append((item.first, item.first + len(item.entries) - 1))
        elif item.role in ("input", "extra"):
            inputs.add(item.key)
    merged: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
    for where, found in spans.items():
        firsts: list[int] = []
        lasts: list[int] = []
        for first, last in sorted(found):
            if lasts and first <= lasts[-1] + 1:
                lasts[-1] = max(lasts[-1], last)
            else:
                firsts.append(first)
                lasts.append(last)
        merged[where] = (firsts, lasts)
    return inputs, merged


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, Decimal):
        return "money"
    if isinstance(value, dt.datetime):  # before date: a date-time is a date too
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, dt.time):
        return "time"
    return "text"


def write_map_sheet(book: Book, ws: Any, report: Report) -> None:
    w = SheetWriter(book, ws, [40.0, 18.0, 8.0, 10.0, 8.0, 40.0])
    meta = [("magic", MAGIC), ("format", FORMAT), ("schema", report.data.get("schema", 1)),
            ("form", report.spec.id), ("jixiao", jixiao_version())]
    for row, (name, value) in enumerate(meta, 1):
        w.box(row, 1, name, border=False)
        w.box(row, 2, value, border=False)
    start = len(meta) + 2
    for col, name in enumerate(MAP_HEADER, 1):
        w.box(start, col, name, style="head", border=False)
    index = runs_of(book)
    inputs, spans = _cells_of(index.items())
    row = start + 1
    for key, value in _uncovered(report.data, inputs, spans):
        kind = _type_of(value)
        if kind in ("datetime", "time"):
            value = value.isoformat()  # its time of day and zone kept, as text import reads back
        w.box(row, 6, value, border=False, fmt="yyyy-mm-dd" if kind == "date" else None)
        book.entries.append(MapEntry(key, MAP_SHEET, f"F{row}", kind, "extra"))
        row += 1
    # one row per entry, except a list's column down consecutive rows, which is one row for
    # the whole run (`rows[0..].score` → `$H$14:$H$26`): the map grows with the columns of a
    # list, not its rows, and a row a clerk inserts inside the run is read as a new entry
    for item in index.items():
        entry, key, cells = (item.head, item.key, item.cells) if isinstance(item, ColumnRun) else (
            item, item.key, item.cell)
        # the cell as a reference formula: Excel, WPS and LibreOffice keep it pointing at the
        # same cell when a clerk inserts rows or renames a sheet, so import follows the edit
        reference = f"='{entry.sheet.replace(chr(39), chr(39) * 2)}'!{cells}"
        for col, value in enumerate((key, entry.sheet, reference, entry.type, entry.role), 1):
            ws.cell(row=row, column=col, value=value)
        if entry.template:
            ws.cell(row=row, column=7, value=entry.template).data_type = "s"
        row += 1
    ws.sheet_state = "hidden"


_RUN_KEY = re.compile(r"^(?P<list>.+)\[(?P<first>\d+)\.\.\]\.(?P<column>[^.\[]+)$")
_CELL = re.compile(r"^([A-Z]{1,3})(\d+)$")


# What a map may hold (the writer never writes more): checked row by row before any
# cell is read, so a hostile map ends in one Chinese refusal, never in a traceback, a
# 17-billion-cell range or a data file `check` then refuses.
MAP_CELLS_CAP = 1_000_000  # cells a map may name, runs expanded (a report of 100,000 rows has 800,000)
KINDS = frozenset({"text", "numbered", "money", "score", "count", "year", "int", "date", "datetime", "time",
                   "bool", "percent"})
ROLES = frozenset({"input", "extra", "formula", "static"})
_ONE_CELL = re.compile(r"^\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})$")
_KEY_PART = re.compile(r"^[^.\[\]\x00-\x1f\x7f]+(?:\[[0-9]{1,6}\])*$")
_MAX_COLUMN, _MAX_ROW = 16384, 1048576  # XFD, the last row of Excel and WPS
_RESERVED = frozenset(_SKIP)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _refuse_row(row: int, what: str) -> WorkbookRefused:
    return WorkbookRefused(f"工作表 {MAP_SHEET} 第 {row} 行{what}；应为{EXPECTED}")


def _short(text: str) -> str:
    from core.visible import visible

    shown = visible(text, keep_newlines=False)
    return shown if len(shown) <= 40 else shown[:40] + "…"


def check_key(key: str, row: int, role: str) -> None:
    """A key the data file can hold: dotted parts, each with optional [n]; no empty part,
    at most MAX_KEY_PARTS parts; an input is never `schema`, `form` or `results`."""
    from core.storage import MAX_KEY_PARTS

    parts = key.split(".")
    if not key or len(key) > 400 or len(parts) > MAX_KEY_PARTS or not all(_KEY_PART.match(p) for p in parts):
        raise _refuse_row(row, f"的键“{_short(key)}”不是有效的键")
    if role in ("input", "extra") and parts[0].split("[")[0] in _RESERVED:
        raise _refuse_row(row, f"的键“{_short(key)}”是保留的键，不能从单元格导入")


def _clashes(rows: list[tuple[str, str, str, str, str]], numbers: list[int]) -> None:
    """A key inside another (`a` and `a.b`): the data file cannot hold both.
    One key in two cells is the writer's way (附件5 and the reviewer's sheet)."""
    seen: dict[str, int] = {}
    for (key, _, _, _, role), row in zip(rows, numbers, strict=True):
        if role in ("input", "extra"):
            seen.setdefault(key, row)
    for key, row in seen.items():
        probe = key
        while True:
            cut = max(probe.rfind("."), probe.rfind("["))
            if cut <= 0:
                break
            probe = probe[:cut]
            if probe in seen:
                raise _refuse_row(row, f"的键“{_short(key)}”与第 {seen[probe]} 行的键“{_short(probe)}”冲突"
                                       "（一个是另一个的上级）")


def _where(sheet: str, cell: str, row: int = 0) -> tuple[str, str]:
    """The map's cell column: a reference formula (`='附件2 自评表'!D5`), followed through
    edits, naming one cell of a real sheet (never a range, never past XFD1048576)."""
    match = _REFERENCE.match(cell)
    if match is None:
        if cell.startswith("="):
            raise WorkbookRefused(f"工作表 {MAP_SHEET} 中的单元格引用“{_short(cell)}”已失效（单元格被删除？）；应为{EXPECTED}")
        where = cell.strip()
    else:
        quoted, plain, column, number = match.groups()
        sheet, where = (quoted.replace("''", "'") if quoted else plain), f"{column}{number}"
    place = _ONE_CELL.match(where)
    if place is None or _column_number(place.group(1)) > _MAX_COLUMN or int(place.group(2)) > _MAX_ROW:
        raise _refuse_row(row, f"的单元格“{_short(where)}”不是一个单元格的位置（如 D5）")
    return sheet, where.replace("$", "")


def _lines(workbook: Any) -> list[tuple[str, str, str, str, str, str]]:
    """(key, sheet, cell, type, role, template) of every cell the map names, runs expanded,
    each row checked first (its kind and role, its key, its cell or run), the keys
    checked against each other; WorkbookRefused names the first row that is wrong."""
    ws = workbook[MAP_SHEET]
    rows: list[tuple[str, str, str, str, str, str]] = []
    numbers: list[int] = []
    started = False
    for number, values in enumerate(ws.iter_rows(min_col=1, max_col=7, values_only=True), 1):
        if not started:
            started = tuple(values[:2]) == ("key", "sheet")
            continue
        if values[0] is None:
            continue
        key, sheet, cell, kind, role = (str(v) if v is not None else "" for v in values[:5])
        template = str(values[6]) if len(values) > 6 and values[6] else ""
        if role not in ROLES or kind not in KINDS:
            raise _refuse_row(number, f"的类型“{_short(kind)}”或用途“{_short(role)}”无法识别")
        run = _RUN_KEY.match(key)
        if run and ":" in cell:
            check_key(f"{run['list']}[{run['first']}].{run['column']}", number, role)
            sheet, first, last = _where_range(sheet, cell)
            cells = _column_cells(first, last)
            if len(rows) + len(cells) > MAP_CELLS_CAP:
                raise WorkbookRefused(f"工作表 {MAP_SHEET} 列出的单元格超过 {MAP_CELLS_CAP} 个，不像 jixiao 导出的工作簿")
            for offset, coord in enumerate(cells):
                rows.append((f"{run['list']}[{int(run['first']) + offset}].{run['column']}", sheet, coord, kind,
                             role, template))
                numbers.append(number)
            continue
        check_key(key, number, role)
        sheet, cell = _where(sheet, cell, number)
        if len(rows) >= MAP_CELLS_CAP:
            raise WorkbookRefused(f"工作表 {MAP_SHEET} 列出的单元格超过 {MAP_CELLS_CAP} 个，不像 jixiao 导出的工作簿")
        rows.append((key, sheet, cell, kind, role, template))
        numbers.append(number)
    _clashes([line[:5] for line in rows], numbers)
    return rows


def map_rows(workbook: Any) -> list[tuple[str, str, str, str, str]]:
    """(key, sheet, cell, type, role) of every cell the map names; needs formulas, not data_only."""
    return [line[:5] for line in _lines(workbook)]


_RANGE = re.compile(r"^=\s*(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)\s*$")
MAX_RUN = 200_000  # rows of one list column a map may name (a report's lists are far shorter)


def _where_range(sheet: str, cell: str) -> tuple[str, str, str]:
    match = _RANGE.match(cell)
    if match is None:
        raise WorkbookRefused(f"工作表 {MAP_SHEET} 中的区域引用“{_short(cell)}”已失效（单元格被删除？）；应为{EXPECTED}")
    quoted, plain, col1, row1, col2, row2 = match.groups()
    if (col1 != col2 or int(row2) < int(row1) or int(row2) - int(row1) >= MAX_RUN or int(row1) < 1
            or int(row2) > _MAX_ROW or _column_number(col1) > _MAX_COLUMN):
        raise WorkbookRefused(f"工作表 {MAP_SHEET} 中的区域引用“{_short(cell)}”不是一列中的一段单元格；应为{EXPECTED}")
    return (quoted.replace("''", "'") if quoted else plain), f"{col1}{row1}", f"{col2}{row2}"


def _column_cells(first: str, last: str) -> list[str]:
    a, b = _CELL.match(first), _CELL.match(last)
    assert a and b
    return [f"{a[1]}{row}" for row in range(int(a[2]), int(b[2]) + 1)]


def read_meta(workbook: Any, name: str) -> dict[str, Any]:
    """The map's head: magic, format, schema and form, each as the writer wrote it."""
    from core.report import SCHEMA

    if MAP_SHEET not in workbook.sheetnames:
        raise WorkbookRefused(f"{name}：不是 jixiao 的工作簿（缺少工作表 {MAP_SHEET}）；应为{EXPECTED}")
    ws = workbook[MAP_SHEET]
    meta = {str(a): b for a, b in ws.iter_rows(min_row=1, max_row=6, max_col=2, values_only=True) if a}
    if meta.get("magic") != MAGIC:
        raise WorkbookRefused(f"{name}：工作表 {MAP_SHEET} 不是 jixiao 写的；应为{EXPECTED}")
    if meta.get("format") != FORMAT:
        raise WorkbookRefused(f"{name}：工作簿格式版本 {_short(str(meta.get('format')))} 不受支持（本程序读 {FORMAT}），"
                              "请升级 jixiao")
    schema = meta.get("schema", 1)
    if not isinstance(schema, int) or isinstance(schema, bool) or not 1 <= schema <= SCHEMA:
        raise WorkbookRefused(f"{name}：工作簿记录的数据文件版本 schema = {_short(str(schema))} 不受支持"
                              f"（本程序支持 {SCHEMA}）")
    if not isinstance(meta.get("form"), str):
        raise WorkbookRefused(f"{name}：工作表 {MAP_SHEET} 缺少表单类型 form；应为{EXPECTED}")
    return meta


def map_templates(workbook: Any) -> dict[str, str]:
    """key → the text around {value} in an input's cell (`其中：基本支出：{value}`, `{n}.{value}`)."""
    return {line[0]: line[5] for line in _lines(workbook) if line[5]}


def strip_template(text: str, template: str) -> str | None:
    """The {value} inside a cell's text written from `template`, or None when it does not match.

    Placeholders other than {value} ({n}, {catalog.weight}) match anything, so a row
    renumbered or a 一级 renamed in Excel still reads back.
    """
    pattern = ""
    for piece in re.split(r"(\{[^{}]+\})", template):
        if piece == "{value}":
            pattern += "(?P<value>.*?)"
        elif piece.startswith("{") and piece.endswith("}"):
            pattern += ".*?"
        else:
            pattern += re.escape(piece)
    match = re.fullmatch(pattern, text, flags=re.S)
    return match.group("value") if match else None


_NUMBER = re.compile(r"^\d+[.．、]")
def unnumbered(text: str) -> list[str]:
    """The inverse of `numbered`: a numbered line starts an item, other lines continue it."""
    items: list[str] = []
    for line in text.split("\n"):
        match = _NUMBER.match(line)
        if match or not items:
            items.append(line[match.end():] if match else line)
        else:
            items[-1] += "\n" + line
    return [item for item in items if item.strip()]
