"""The whole report as Markdown: the 正文 with its generated sentences, then the attachments.

A reviewer reads it top to bottom in any viewer; it is built from the same blocks as
`jixiao show` and the Word export (core.document), so the three never disagree. A
Markdown table cannot merge cells: a merged cell's text stands in its first cell and
the cells it covers are left empty, so every row keeps the table's columns.
"""

from __future__ import annotations

from pathlib import Path

from core.document import Heading, Paragraph, TableBlock, build_document
from core.findings import Evaluation
from core.form import FormSpec
from core.printed import PrintedTable
from core.report import Report
from core.storage import atomic_write_bytes
from core.visible import visible, xml_safe

__all__ = ["render", "write", "grid_text"]


def _safe(text: str) -> str:
    """A text as the file holds it: Word's \\v and the other breaks as line breaks (as the
    Word and Excel writers write them), every other control, bidi or separator character
    as its escape (`\\x1b`, `\\u202e`). A Markdown file is plain text that `cat` prints
    on a terminal, so it carries no character a terminal would obey."""
    return visible(xml_safe(text)[0])


def _cell(text: str) -> str:
    return _safe(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def grid_text(table: PrintedTable) -> list[list[str]]:
    """The table as rows × columns of text, a merged cell's text in its top-left position."""
    columns = len(table.layout.widths)
    grid = [["" for _ in range(columns)] for _ in range(table.row_count)]
    for cell in table.cells:
        grid[cell.row][cell.col] = cell.text
    return grid


def _table(table: PrintedTable) -> list[str]:
    grid = grid_text(table)
    if not grid:
        return []
    sides: dict[int, list[bool]] = {}
    for cell in table.cells:
        if cell.text and cell.row > 0:
            sides.setdefault(cell.col, []).append(cell.align == "right")
    right = {col for col, flags in sides.items() if sum(flags) * 2 > len(flags)}
    head, *rows = grid
    lines = ["| " + " | ".join(_cell(text) for text in head) + " |",
             "| " + " | ".join("---:" if i in right else "---" for i in range(len(head))) + " |"]
    lines += ["| " + " | ".join(_cell(text) for text in row) + " |" for row in rows]
    return lines + [""]


def render(report: Report, evaluation: Evaluation, *, final: bool = False) -> str:
    """Markdown text of the report."""
    lines: list[str] = []
    for block in build_document(report, evaluation, final=final):
        if isinstance(block, Heading):
            if not block.text:
                continue
            marks = {0: "#", 1: "##", 2: "###", 3: "###"}[block.level]
            lines += [f"{marks} {_safe(block.text)}", ""]
        elif isinstance(block, Paragraph):
            text = f"> **{_safe(block.text)}**" if block.role == "draft" else _safe(block.text)
            lines += [text.replace("\n", "  \n"), ""]
        elif isinstance(block, TableBlock):
            lines += _table(block.table)
    return "\n".join(lines).rstrip() + "\n"


def write(report: Report, evaluation: Evaluation, spec: FormSpec, out: Path, *, final: bool = False) -> Path:
    return atomic_write_bytes(Path(out), render(report, evaluation, final=final).encode("utf-8"))
