"""`jixiao export FILE --to OUT.xlsx`: the official attachments with live formulas.

Sheets: 正文, 附件1 基础数据表, 附件2 自评表, 附件5 考核评分表, and a hidden `_jixiao`
sheet holding the schema, the form, the jixiao version and the map from every data
key to its cell (and from every derived value to its formula cell). Any input that
has no place on the visible sheets (a key the form does not know, kept for a newer
jixiao) is stored on `_jixiao` itself, so the workbook carries the whole data file
and `jixiao import` gives back exactly what was exported.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.findings import Evaluation
from core.model import Report, atomic_write_bytes
from core.spec import FormSpec
from core.text import template_values
from exports.xlsx_book import Book, MapEntry, SheetWriter

__all__ = ["write", "render", "SHEETS", "MAP_SHEET", "MAGIC", "FORMAT", "flatten"]

SHEETS = {"text": "正文", "att1": "附件1 基础数据表", "att2": "附件2 自评表", "att5": "附件5 考核评分表"}
MAP_SHEET = "_jixiao"
MAGIC = "jixiao-workbook"
FORMAT = 1
MAP_HEADER = ["key", "sheet", "cell", "type", "role", "value"]
_SKIP = {"schema", "form", "results"}


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


def _map_sheet(book: Book, ws: Any, report: Report) -> None:
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
        w.box(row, 6, value, border=False, fmt="date" if kind == "date" else None)
        book.entries.append(MapEntry(key, MAP_SHEET, f"F{row}", kind, "extra"))
        row += 1
    for entry in book.entries:
        # the cell as a reference formula: Excel, WPS and LibreOffice keep it pointing at the
        # same cell when a clerk inserts rows or renames a sheet, so import follows the edit
        reference = f"='{entry.sheet.replace(chr(39), chr(39) * 2)}'!{entry.cell}"
        for col, value in enumerate((entry.key, entry.sheet, reference, entry.type, entry.role), 1):
            ws.cell(row=row, column=col, value=value)
        row += 1
    ws.sheet_state = "hidden"


def render(report: Report, evaluation: Evaluation) -> bytes:
    """The workbook as bytes (written atomically by `write`)."""
    from openpyxl import Workbook

    from exports.xlsx_att1 import write_attachment1
    from exports.xlsx_att2 import write_attachment2
    from exports.xlsx_att5 import write_attachment5
    from exports.xlsx_text import TextSheet

    workbook = Workbook()
    first = workbook.active
    first.title = SHEETS["text"]
    sheets = {name: workbook.create_sheet(title) for name, title in SHEETS.items() if name != "text"}
    sheets["text"] = first
    map_ws = workbook.create_sheet(MAP_SHEET)
    book = Book(workbook)
    values = template_values(report, evaluation)
    text = TextSheet(book, sheets["text"], report, evaluation, values)
    text.cover()
    write_attachment1(book, sheets["att1"], report, evaluation, values)
    write_attachment2(book, sheets["att2"], report, evaluation, values)
    text.body()
    write_attachment5(book, sheets["att5"], report, evaluation, values)
    _map_sheet(book, map_ws, report)
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write(report: Report, evaluation: Evaluation, spec: FormSpec, out: Path) -> Path:
    """Write `out` atomically; the previous file, if any, is kept as `.bak`."""
    return atomic_write_bytes(Path(out), render(report, evaluation))
