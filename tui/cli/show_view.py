"""`jixiao show`: the report as the form lays it out, drawn for a terminal in plain text.

The blocks are core.document's, the tables core.printed's, as in Word and Markdown; a
merged cell's text stands in its first position (a terminal table cannot merge).
Report text is made inert (core.visible) before it is written (tui.cli.plain_writer: no
rich, whose import alone cost more than the whole of `check --json`).
"""

from __future__ import annotations

from core.document import Heading, Paragraph, TableBlock, build_document
from core.findings import Evaluation
from core.printed import PrintedTable
from core.report import Report
from core.visible import visible
from tui.cli.boxes import draw
from tui.cli.plain_writer import PlainWriter
from tui.cli.terminal import cell_width

__all__ = ["print_document"]


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
    out = PlainWriter()
    for block in build_document(report, evaluation, only):
        if isinstance(block, Heading):
            style = {0: "bold reverse", 1: "bold", 2: "bold", 3: "bold underline"}[block.level]
            out.blank()
            out.paragraph(visible(block.text), style, align="center" if block.level in (0, 3) else "left")
        elif isinstance(block, Paragraph):
            if block.role == "draft":
                out.paragraph(visible(block.text), "bold red")
            elif block.role in ("body",) and not block.text.startswith("（"):
                out.paragraph(visible(block.text), "italic" if block.generated else "", lead="　　")
            else:
                out.paragraph(visible(block.text), align="right" if block.role == "signoff" else "left")
        elif isinstance(block, TableBlock):
            out.lines(_tables(block.table, out.width))
    out.flush()
