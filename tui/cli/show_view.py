"""`jixiao show`: the report as the form lays it out, drawn for a terminal with rich.

The blocks are core.document's, the tables core.printed's, as in Word and Markdown; a
merged cell's text stands in its first position (a terminal table cannot merge).
Report text is never markup: every string goes in as `Text`.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from core.document import Heading, Paragraph, TableBlock, build_document
from core.findings import Evaluation
from core.printed import PrintedTable
from core.report import Report
from core.visible import visible
from tui.cli.boxes import cell_width, draw

__all__ = ["print_document"]


def _console() -> Console:
    """The console, its terminal questions asked once: rich asks for every print (whether
    stdout is a terminal, its size), ~85 prints a report. The answers are rich's own."""
    console = Console(highlight=False, soft_wrap=False)
    width, height = console.size
    console.size = (width + console.legacy_windows, height)  # `size` takes legacy_windows off again
    console._force_terminal = console.is_terminal  # what rich's own force_terminal= sets
    return console


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


def _tables(printed: PrintedTable, total: int) -> list[str]:
    """Each band of the table as boxed lines (tui.cli.boxes: plain text, linear in the rows)."""
    by_start = {(c.row, c.col): c for c in printed.cells}
    widths = printed.layout.widths
    out: list[str] = []
    for rows, bounds in _bands(printed):
        spans = list(zip(bounds, bounds[1:], strict=False))
        cells = [[by_start.get((r, a)) for a, _ in spans] for r in rows]
        minimums = []
        for index in range(len(spans)):
            numbers = [c.text for row in cells if (c := row[index]) is not None and c.align == "right"]
            minimums.append(max((cell_width(t) for t in numbers), default=1))
        texts = [[("　" * cell.indent + visible(cell.text), cell.align) if cell else ("", "left") for cell in row]
                 for row in cells]
        out += draw(texts, [max(1.0, sum(widths[a:b])) for a, b in spans], total, minimums)
    return out


def print_document(report: Report, evaluation: Evaluation, only: str | None = None) -> None:
    console = _console()
    for block in build_document(report, evaluation, only):
        if isinstance(block, Heading):
            style = {0: "bold reverse", 1: "bold", 2: "bold", 3: "bold underline"}[block.level]
            console.print()
            console.print(Text(visible(block.text), style=style), justify="center" if block.level in (0, 3) else "left")
        elif isinstance(block, Paragraph):
            if block.role == "draft":
                console.print(Text(visible(block.text), style="bold red"))
            elif block.role in ("body",) and not block.text.startswith("（"):
                console.print(Text("　　" + visible(block.text), style="italic" if block.generated else ""))
            else:
                console.print(Text(visible(block.text)), justify="right" if block.role == "signoff" else "left")
        elif isinstance(block, TableBlock):
            console.file.write("\n".join(_tables(block.table, console.width)) + "\n")
