"""`jixiao show`: the report as the form lays it out, drawn for a terminal with rich."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from core.document import Heading, Paragraph, Table, build_document
from core.findings import Evaluation
from core.report import Report

__all__ = ["print_document"]


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def print_document(report: Report, evaluation: Evaluation, only: str | None = None) -> None:
    console = _console()
    for block in build_document(report, evaluation, only):
        if isinstance(block, Heading):
            style = {0: "bold reverse", 1: "bold", 2: "bold", 3: "bold underline"}[block.level]
            console.print()
            console.print(Text(block.text, style=style), justify="center" if block.level in (0, 3) else "left")
        elif isinstance(block, Paragraph):
            console.print(Text("　　" + block.text if not block.text.startswith(("（", "说明", "填表人")) else block.text,
                               style="italic" if block.generated else ""))
        elif isinstance(block, Table):
            table = RichTable(box=box.SQUARE, show_lines=True, expand=False)
            for i, column in enumerate(block.columns):
                numeric = i < len(block.numeric) and block.numeric[i]
                table.add_column(column, justify="right" if numeric else "left", overflow="fold")
            for row in block.rows:
                table.add_row(*row)
            console.print(table)
