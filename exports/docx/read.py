"""`jixiao import REPORT.docx`: a department's Word report, as its clerk made it, into a data file.

This module only turns the file into what core.readback reads: paragraphs with their
numbers, and tables cell by cell as Word stores them (exports.docx.cells: one entry
per `w:tc`, its grid column and span, a vertical merge's continuation marked), after
the zip and XML guard. A run of paragraphs holding tabs is a table pasted as text
(Word's "convert table to text"): each paragraph a row, each tab a cell boundary. The
reading itself — which form, which heading, which label, which figure — is core's,
through the form's own layout, so a second form needs nothing here.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from core.form import FormSpec, installed_forms
from core.readback import read_document
from core.readback.model import ImportReport, Line, SourceCell, SourceDocument, SourceTable, Where
from exports.docx.cells import DocParagraph, DocTable, DocumentRefused, document_blocks

__all__ = ["read_docx", "docx_source", "DocumentRefused"]

_BODY = "正文"


def _text_table(lines: list[tuple[int, str]], number: int) -> SourceTable:
    rows = []
    for r, (paragraph, text) in enumerate(lines, 1):
        rows.append([SourceCell(cell, Where(_BODY, paragraph=paragraph, row=r, cell=c))
                     for c, cell in enumerate(text.split("\t"), 1)])
    return SourceTable(rows, Where(f"第 {lines[0][0]} 段起以文字粘贴的表格"), as_text=True)


def _table(table: DocTable, number: int) -> SourceTable:
    where = Where(f"第 {number} 个表格")
    rows = [[SourceCell(cell.text, Where(where.place, row=r, cell=c), cell.grid_col, cell.grid_span,
                        "continue" in (cell.v_merge, cell.h_merge))
             for c, cell in enumerate(row, 1)] for r, row in enumerate(table.layout, 1)]
    return SourceTable(rows, where)


def docx_source(source: str | os.PathLike[str] | bytes, name: str | None = None) -> SourceDocument:
    """The file's paragraphs and tables in order; raises DocumentRefused for a bad or unsafe file."""
    label = name or ("Word 文档" if isinstance(source, bytes) else str(source))
    blocks: list[Line | SourceTable] = []
    pending: list[tuple[int, str]] = []
    paragraph = tables = 0
    notes: list[str] = []

    def flush() -> None:
        if len(pending) >= 2:
            blocks.append(_text_table(list(pending), len(blocks)))
        else:
            blocks.extend(Line(text, Where(_BODY, paragraph=p, quote=text)) for p, text in pending)
        pending.clear()

    for block in document_blocks(source):
        if isinstance(block, DocParagraph):
            paragraph += 1
            if "\t" in block.text.strip("\t ") or (pending and "\t" in block.text):
                pending.append((paragraph, block.text))
                continue
            flush()
            blocks.append(Line(block.text, Where(_BODY, paragraph=paragraph, quote=block.text)))
        else:
            flush()
            tables += 1
            if block.nested:
                notes.append(f"第 {tables} 个表格的单元格中嵌有 {block.nested} 个表格，其文字已并入所在单元格")
            blocks.append(_table(block, tables))
    flush()
    return SourceDocument(label, "docx", blocks, has_body=True, notes=tuple(notes))


def read_docx(source: str | os.PathLike[str] | bytes, forms: Sequence[FormSpec] | None = None,
              name: str | None = None) -> ImportReport:
    """Read a Word report; raises DocumentRefused when the file cannot be opened safely."""
    if not isinstance(source, bytes):
        name = name or str(source)
        source = Path(source)
    document = docx_source(source, name)
    return read_document(document, list(forms) if forms is not None else installed_forms())
