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
from decimal import Decimal
from typing import Any

from core.report import Report
from exports.safe_zip import WorkbookRefused
from exports.xlsx.book import Book, MapEntry, SheetWriter

__all__ = ["MAP_SHEET", "MAGIC", "FORMAT", "MAP_HEADER", "EXPECTED", "flatten", "write_map_sheet",
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


def _covered(key: str, inputs: set[str]) -> bool:
    if key in inputs:
        return True
    probe = key
    while "[" in probe:
        probe = probe[: probe.rindex("[")]
        if probe in inputs:
            return True
    return False


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, Decimal):
        return "money"
    if isinstance(value, dt.date):
        return "date"
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
    inputs = book.inputs()
    row = start + 1
    for key, value in flatten(report.data):
        if _covered(key, inputs):
            continue
        kind = _type_of(value)
        w.box(row, 6, value, border=False, fmt="yyyy-mm-dd" if kind == "date" else None)
        book.entries.append(MapEntry(key, MAP_SHEET, f"F{row}", kind, "extra"))
        row += 1
    for key, entry, cells in _runs(book.entries):
        # the cell as a reference formula: Excel, WPS and LibreOffice keep it pointing at the
        # same cell when a clerk inserts rows or renames a sheet, so import follows the edit
        reference = f"='{entry.sheet.replace(chr(39), chr(39) * 2)}'!{cells}"
        for col, value in enumerate((key, entry.sheet, reference, entry.type, entry.role), 1):
            ws.cell(row=row, column=col, value=value)
        if entry.template:
            ws.cell(row=row, column=7, value=entry.template).data_type = "s"
        row += 1
    ws.sheet_state = "hidden"


_ROW_KEY = re.compile(r"^(?P<list>.+)\[(?P<index>\d+)\]\.(?P<column>[^.\[]+)$")
_RUN_KEY = re.compile(r"^(?P<list>.+)\[(?P<first>\d+)\.\.\]\.(?P<column>[^.\[]+)$")
_CELL = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _runs(entries: list[MapEntry]) -> list[tuple[str, MapEntry, str]]:
    """Map rows: one per entry, except a list's column down consecutive rows, which is one
    row for the whole run (`self_eval.indicators[0..].score` → `$H$14:$H$26`), so the map
    grows with the columns of a list, not its rows, and a row a clerk inserts inside the
    run is read as a new entry."""
    buckets: dict[tuple[str, ...], list[tuple[int, int, MapEntry]]] = {}
    order: list[tuple[str, ...] | MapEntry] = []
    for entry in entries:
        key, cell = _ROW_KEY.match(entry.key), _CELL.match(entry.cell)
        if not (key and cell):
            order.append(entry)
            continue
        bucket = (key["list"], key["column"], entry.sheet, cell[1], entry.type, entry.role, entry.template)
        if bucket not in buckets:
            buckets[bucket] = []
            order.append(bucket)
        buckets[bucket].append((int(key["index"]), int(cell[2]), entry))
    out: list[tuple[str, MapEntry, str]] = []
    for item in order:
        if isinstance(item, MapEntry):
            out.append((item.key, item, item.cell))
            continue
        members = sorted(buckets[item], key=lambda m: m[0])
        start = 0
        while start < len(members):
            end = start
            while (end + 1 < len(members) and members[end + 1][0] == members[end][0] + 1
                   and members[end + 1][1] == members[end][1] + 1):
                end += 1
            first = members[start]
            if end > start:
                out.append((f"{item[0]}[{first[0]}..].{item[1]}", first[2],
                            f"${item[3]}${first[1]}:${item[3]}${members[end][1]}"))
            else:
                out.append((first[2].key, first[2], first[2].cell))
            start = end + 1
    return out


def _where(sheet: str, cell: str) -> tuple[str, str]:
    """The map's cell column: a reference formula (`='附件2 自评表'!D5`), followed through edits."""
    match = _REFERENCE.match(cell)
    if match is None:
        if cell.startswith("="):
            raise WorkbookRefused(f"工作表 {MAP_SHEET} 中的单元格引用“{cell}”已失效（单元格被删除？）；应为{EXPECTED}")
        return sheet, cell
    quoted, plain, column, row = match.groups()
    return (quoted.replace("''", "'") if quoted else plain), f"{column}{row}"


def _lines(workbook: Any) -> list[tuple[str, str, str, str, str, str]]:
    """(key, sheet, cell, type, role, template) of every cell the map names, runs expanded."""
    ws = workbook[MAP_SHEET]
    rows: list[tuple[str, str, str, str, str, str]] = []
    started = False
    for values in ws.iter_rows(min_col=1, max_col=7, values_only=True):
        if not started:
            started = values[:2] == ("key", "sheet")
            continue
        if values[0] is None:
            continue
        key, sheet, cell, kind, role = (str(v) if v is not None else "" for v in values[:5])
        template = str(values[6]) if len(values) > 6 and values[6] else ""
        run = _RUN_KEY.match(key)
        if run and ":" in cell:
            sheet, first, last = _where_range(sheet, cell)
            for offset, coord in enumerate(_column_cells(first, last)):
                rows.append((f"{run['list']}[{int(run['first']) + offset}].{run['column']}", sheet, coord, kind,
                             role, template))
            continue
        sheet, cell = _where(sheet, cell)
        rows.append((key, sheet, cell, kind, role, template))
    return rows


def map_rows(workbook: Any) -> list[tuple[str, str, str, str, str]]:
    """(key, sheet, cell, type, role) of every cell the map names; needs formulas, not data_only."""
    return [line[:5] for line in _lines(workbook)]


_RANGE = re.compile(r"^=\s*(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)\s*$")
MAX_RUN = 200_000  # rows of one list column a map may name (a report's lists are far shorter)


def _where_range(sheet: str, cell: str) -> tuple[str, str, str]:
    match = _RANGE.match(cell)
    if match is None:
        raise WorkbookRefused(f"工作表 {MAP_SHEET} 中的区域引用“{cell}”已失效（单元格被删除？）；应为{EXPECTED}")
    quoted, plain, col1, row1, col2, row2 = match.groups()
    if col1 != col2 or int(row2) < int(row1) or int(row2) - int(row1) >= MAX_RUN:
        raise WorkbookRefused(f"工作表 {MAP_SHEET} 中的区域引用“{cell}”不是一列中的一段单元格；应为{EXPECTED}")
    return (quoted.replace("''", "'") if quoted else plain), f"{col1}{row1}", f"{col2}{row2}"


def _column_cells(first: str, last: str) -> list[str]:
    a, b = _CELL.match(first), _CELL.match(last)
    assert a and b
    return [f"{a[1]}{row}" for row in range(int(a[2]), int(b[2]) + 1)]


def read_meta(workbook: Any, name: str) -> dict[str, Any]:
    if MAP_SHEET not in workbook.sheetnames:
        raise WorkbookRefused(f"{name}：不是 jixiao 的工作簿（缺少工作表 {MAP_SHEET}）；应为{EXPECTED}")
    ws = workbook[MAP_SHEET]
    meta = {str(a): b for a, b in ws.iter_rows(min_row=1, max_row=6, max_col=2, values_only=True) if a}
    if meta.get("magic") != MAGIC:
        raise WorkbookRefused(f"{name}：工作表 {MAP_SHEET} 不是 jixiao 写的；应为{EXPECTED}")
    if meta.get("format") != FORMAT:
        raise WorkbookRefused(f"{name}：工作簿格式版本 {meta.get('format')} 不受支持（本程序读 {FORMAT}），请升级 jixiao")
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
