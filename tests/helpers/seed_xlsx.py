"""A hand-filled official template: the published 附件1 and 附件2 typed into Excel by a clerk.

Finance bureaus hand out the attachment tables as a workbook; departments type into it.
This builder makes such a workbook from the seed text, the way a clerk's copy looks:
each sheet opens with the 附件 heading and the title merged across the table, the
table's merged cells merged (the spans and vertical merges of seed_docx.model), the
notes under it; figures typed as numbers (Excel keeps them as floats), a few left as
text with the full-width spaces the published file has (`　11.64`, `31.55　　`), 87.5%
typed as a percentage (0.875 in a `0.0%` format), line breaks inside cells as Alt+Enter.
The sheets are named as a clerk names them (附件1, Sheet2), not as jixiao does, and
附件2's table starts in column B. There is no `_jixiao` map: import must read it by
its labels.

VARIANTS: "faithful"; "shuffled" (附件1's 2、出国经费 and 3、公务接待 rows swapped, a
blank row inserted inside 附件2's indicators, 附件2 first in the workbook).
"""

from __future__ import annotations

import io
import re
from typing import Any

from tests.helpers.seed_docx import model
from tests.helpers.seed_text import paragraphs, tables

__all__ = ["build", "VARIANTS", "TEXT_CELLS"]

VARIANTS = ("faithful", "shuffled")
# (sheet, seed row, cell) kept as the text the published table holds
TEXT_CELLS = {("附件1", 3, 1), ("附件1", 18, 1), ("附件2", 11, 4)}
_NUMBER = re.compile(r"^[\s\u3000]*-?\d+(\.\d+)?[\s\u3000]*$")
_PERCENT = re.compile(r"^[\s\u3000]*(\d+(?:\.\d+)?)%[\s\u3000]*$")


def _value(sheet: str, r: int, c: int, text: str) -> tuple[Any, str | None]:
    if (sheet, r, c) in TEXT_CELLS:
        return text, None
    if _NUMBER.match(text):
        number = text.strip().strip("\u3000")
        return (float(number) if "." in number else int(number)), None  # float-ok: Excel stores floats
    percent = _PERCENT.match(text)
    if percent:
        return float(percent.group(1)) / 100, "0.0%"  # float-ok: as Excel stores 87.5%
    return (text or None), None


def _after(name: str) -> list[str]:
    """The paragraphs the published file prints under each table (notes, 填表人 line)."""
    found, inside, out = [], None, []
    for text in paragraphs():
        if re.fullmatch(r"(\[bookmark: [^\]]*\])?附件\d", text):
            inside = text[-3:]
            continue
        if inside == name and text.strip() and not re.search(r"\d{4}年度", text) and \
                text.strip() != "部门整体支出绩效自评工作考核评分表":
            out.append(text)
    found = out
    return found


def _sheet(book: Any, name: str, title: str, variant: str, start_col: int) -> None:
    from openpyxl.styles import Alignment, Border, Side

    rows = model(name, tables()[name])
    if variant == "shuffled" and name == "附件1":
        rows[7], rows[8] = rows[8], rows[7]
    ws = book.create_sheet("附件1" if name == "附件1" else "Sheet2")
    width = sum(slot.span for slot in rows[0])
    ws.cell(1, 1, name)
    ws.cell(2, start_col, title)
    ws.merge_cells(start_row=2, start_column=start_col, end_row=2, end_column=start_col + width - 1)
    thin = Side(style="thin")
    top = 3
    blank_at = 16 if variant == "shuffled" and name == "附件2" else None
    written = 0
    for r, row in enumerate(rows):
        excel_row = top + written
        if blank_at is not None and r == blank_at:
            written += 1
            excel_row += 1
        col = start_col
        for c, slot in enumerate(row):
            if slot.merge != "continue":
                value, fmt = _value(name, r, c, slot.text)
                cell = ws.cell(excel_row, col, value)
                cell.alignment = Alignment(wrap_text=True, vertical="center")
                cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
                if fmt:
                    cell.number_format = fmt
                height = 1
                if slot.merge == "restart":
                    while r + height < len(rows) and any(
                            s.merge == "continue" and sum(x.span for x in rows[r + height][:i]) ==
                            sum(x.span for x in row[:c]) for i, s in enumerate(rows[r + height])):
                        height += 1
                    if blank_at is not None and r < blank_at < r + height:
                        height += 1
                if slot.span > 1 or height > 1:
                    ws.merge_cells(start_row=excel_row, start_column=col,
                                   end_row=excel_row + height - 1, end_column=col + slot.span - 1)
            col += slot.span
        written += 1
    for i, text in enumerate(_after(name)):
        row = top + written + 1 + i
        ws.cell(row, start_col, text)
        ws.merge_cells(start_row=row, start_column=start_col, end_row=row, end_column=start_col + width - 1)


def build(variant: str = "faithful") -> bytes:
    """The workbook (bytes) of one of VARIANTS."""
    from openpyxl import Workbook

    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; one of {VARIANTS}")
    book = Workbook()
    book.remove(book.active)
    order = [("附件1", "2024年度部门整体支出绩效评价基础数据表", 1),
             ("附件2", "2024年度部门整体支出绩效自评表", 2)]
    if variant == "shuffled":
        order.reverse()
    for name, title, start in order:
        _sheet(book, name, title, variant, start)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
