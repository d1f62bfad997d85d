"""`jixiao show`: the report as the form lays it out, drawn for a terminal with rich.

The blocks are core.document's, the tables core.printed's, as in Word and Markdown; a
merged cell's text stands in its first position (a terminal table cannot merge).
Report text is never markup: every string goes in as `Text`.
"""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from core.document import Heading, Paragraph, TableBlock, build_document
from core.findings import Evaluation
from core.printed import PrintedTable
from core.report import Report

__all__ = ["print_document"]


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def _bands(printed: PrintedTable) -> list[tuple[list[int], list[int]]]:
    """Runs of rows that share their column boundaries, each drawn as one terminal table.

    A terminal table cannot merge cells, so rows are grouped by where their cells begin:
    within a band every cell is one column, and a figure never shares a column with a
    neighbour's span.
    """
    columns = len(printed.layout.widths)
    starts: dict[int, set[int]] = {r: set() for r in range(printed.row_count)}
    for cell in printed.cells:
        for r in range(cell.row, cell.row + cell.rows):
            starts[r].add(cell.col)
    bands: list[tuple[list[int], list[int]]] = []
    for r in range(printed.row_count):
        bounds = sorted(starts[r] | {0}) + [columns]
        if bands and bands[-1][1] == bounds:
            bands[-1][0].append(r)
        else:
            bands.append(([r], bounds))
    return bands


def _tables(printed: PrintedTable) -> list[RichTable]:
    by_start = {(c.row, c.col): c for c in printed.cells}
    widths = printed.layout.widths
    out: list[RichTable] = []
    for rows, bounds in _bands(printed):
        table = RichTable(box=box.SQUARE, show_lines=True, show_header=False, expand=True, padding=(0, 0))
        spans = list(zip(bounds, bounds[1:], strict=False))
        cells = [[by_start.get((r, a)) for a, _ in spans] for r in rows]
        for index, (a, b) in enumerate(spans):
            column = [cell for row in cells if (cell := row[index]) is not None]
            numbers = [c.text for c in column if c.kind in ("input", "value") and c.align == "right"]
            table.add_column(justify="right" if numbers and len(numbers) * 2 >= len(column) else "left",
                             ratio=max(1, int(sum(widths[a:b]))), overflow="fold",
                             min_width=max((len(t) for t in numbers), default=0) or None)
        for row in cells:
            table.add_row(*(Text(cell.text if cell else "", style="bold" if cell and cell.style == "head" else "")
                            for cell in row))
        out.append(table)
    return out


def print_document(report: Report, evaluation: Evaluation, only: str | None = None) -> None:
    console = _console()
    for block in build_document(report, evaluation, only):
        if isinstance(block, Heading):
            style = {0: "bold reverse", 1: "bold", 2: "bold", 3: "bold underline"}[block.level]
            console.print()
            console.print(Text(block.text, style=style), justify="center" if block.level in (0, 3) else "left")
        elif isinstance(block, Paragraph):
            if block.role == "draft":
                console.print(Text(block.text, style="bold red"))
            elif block.role in ("body",) and not block.text.startswith("（"):
                console.print(Text("　　" + block.text, style="italic" if block.generated else ""))
            else:
                console.print(Text(block.text), justify="right" if block.role == "signoff" else "left")
        elif isinstance(block, TableBlock):
            for table in _tables(block.table):
                console.print(table)
