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

__all__ = ["MAP_SHEET", "MAGIC", "FORMAT", "MAP_HEADER", "EXPECTED", "MAP_ROWS_CAP", "KINDS", "ROLES", "flatten",
           "write_map_sheet", "map_rows", "read_meta", "check_key", "jixiao_version", "map_templates",
           "strip_template", "unnumbered"]

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
    for entry in book.entries:
        # the cell as a reference formula: Excel, WPS and LibreOffice keep it pointing at the
        # same cell when a clerk inserts rows or renames a sheet, so import follows the edit
        reference = f"='{entry.sheet.replace(chr(39), chr(39) * 2)}'!{entry.cell}"
        for col, value in enumerate((entry.key, entry.sheet, reference, entry.type, entry.role), 1):
            ws.cell(row=row, column=col, value=value)
        if entry.template:
            ws.cell(row=row, column=7, value=entry.template).data_type = "s"
        row += 1
    ws.sheet_state = "hidden"


# What a map may hold (the writer never writes more): checked row by row before any
# cell is read, so a hostile map ends in one Chinese refusal, never in a traceback, a
# 17-billion-cell range or a data file `check` then refuses.
MAP_ROWS_CAP = 200_000
KINDS = frozenset({"text", "numbered", "money", "score", "count", "year", "int", "date", "bool", "percent"})
ROLES = frozenset({"input", "extra", "formula", "static"})
_CELL = re.compile(r"^\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})$")
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
    place = _CELL.match(where)
    if place is None or _column_number(place.group(1)) > _MAX_COLUMN or int(place.group(2)) > _MAX_ROW:
        raise _refuse_row(row, f"的单元格“{_short(where)}”不是一个单元格的位置（如 D5）")
    return sheet, where.replace("$", "")


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
    """A key inside another (`unit` and `unit.name`): the data file cannot hold both.
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


def map_rows(workbook: Any) -> list[tuple[str, str, str, str, str]]:
    """(key, sheet, cell, type, role) of every row of the map, each checked; needs
    formulas, not data_only. WorkbookRefused on the first row that is not as written."""
    ws = workbook[MAP_SHEET]
    rows: list[tuple[str, str, str, str, str]] = []
    numbers: list[int] = []
    started = False
    for number, values in enumerate(ws.iter_rows(min_col=1, max_col=5, values_only=True), 1):
        if not started:
            started = tuple(values[:2]) == ("key", "sheet")
            continue
        if values[0] is None:
            continue
        if len(rows) >= MAP_ROWS_CAP:
            raise WorkbookRefused(f"工作表 {MAP_SHEET} 超过 {MAP_ROWS_CAP} 行，不像 jixiao 导出的工作簿")
        key, sheet, cell, kind, role = (str(v) if v is not None else "" for v in values)
        if role not in ROLES or kind not in KINDS:
            raise _refuse_row(number, f"的类型“{_short(kind)}”或用途“{_short(role)}”无法识别")
        check_key(key, number, role)
        sheet, cell = _where(sheet, cell, number)
        rows.append((key, sheet, cell, kind, role))
        numbers.append(number)
    _clashes(rows, numbers)
    return rows


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
    ws = workbook[MAP_SHEET]
    out: dict[str, str] = {}
    started = False
    for values in ws.iter_rows(min_col=1, max_col=7, values_only=True):
        if not started:
            started = values[:2] == ("key", "sheet")
            continue
        if values[0] is not None and values[6]:
            out[str(values[0])] = str(values[6])
    return out


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
