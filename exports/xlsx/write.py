"""`jixiao export FILE --to OUT.xlsx`: the official attachments with live formulas.

Sheets: 正文, 附件1 基础数据表, 附件2 自评表, 附件5 考核评分表, and a hidden `_jixiao`
sheet holding the schema, the form, the jixiao version and the map from every data
key to its cell (and from every derived value to its formula cell). Any input that
has no place on the visible sheets (a key the form does not know, kept for a newer
jixiao) is stored on `_jixiao` itself, so the workbook carries the whole data file
and `jixiao import` gives back exactly what was exported.
"""

from __future__ import annotations

import io
from pathlib import Path

from core.findings import Evaluation
from core.form import FormSpec
from core.report import Report
from core.storage import atomic_write_bytes
from core.text import template_values
from exports.xlsx.book import Book
from exports.xlsx.map import MAP_SHEET, write_map_sheet

__all__ = ["write", "render", "SHEETS"]

SHEETS = {"text": "正文", "att1": "附件1 基础数据表", "att2": "附件2 自评表", "att5": "附件5 考核评分表"}


def render(report: Report, evaluation: Evaluation) -> bytes:
    """The workbook as bytes (written atomically by `write`)."""
    from openpyxl import Workbook

    from exports.xlsx.att1 import write_attachment1
    from exports.xlsx.att2 import write_attachment2
    from exports.xlsx.att5 import write_attachment5
    from exports.xlsx.text_sheet import TextSheet

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
    write_map_sheet(book, map_ws, report)
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write(report: Report, evaluation: Evaluation, spec: FormSpec, out: Path) -> Path:
    """Write `out` atomically; the previous file, if any, is kept as `.bak`."""
    return atomic_write_bytes(Path(out), render(report, evaluation))
