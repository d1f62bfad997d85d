"""The department's published report as text, parsed into paragraphs and tables.

`tests/data/seed-report.txt` is a text dump of a real 自评报告 .docx (the format an
extractor such as Apache Tika writes, `[bookmark: _GoBack]` included): each body
paragraph is a line; each table cell opens with a TAB and its further paragraphs follow
on lines without one; every `</p>` ends a line, every `</tr>` adds one blank line and
every `</table>` one more. The seed is the ground truth the Word files in
`seed_docx.py` are rebuilt from and the Word reader is checked against, so the parse
must be exact. Because a cell may itself hold blank paragraphs (`产出指标\\n\\n(50分)`),
blank lines are decided by what follows them — the ROW-BOUNDARY RULE, applied inside a
table after a cell line, to a run of k >= 1 blank lines:

1. followed by a TAB line: a row break; the first k-1 blanks are empty paragraphs
   that end the previous cell (附件2's 实际完成情况 cell ends with one) — unless the
   row so far holds that one cell only: then every blank is an empty closing paragraph
   of the cell and the TAB line is the row's next cell. No row of these three forms has
   a single cell, and the text cannot tell `</p></tr>` from an empty `</p>` there: the
   content decides (附件2's vertical label 绩/效/指/标 ends with an empty paragraph and
   is the first of nine cells, 一级指标 … 偏差原因分析及改进措施, not a row of its own);
2. followed by a line without a TAB and k >= 2: the end of the table (`</tr></table>`);
   the first k-2 blanks are empty paragraphs of the last cell;
3. followed by a line without a TAB and k == 1: an empty paragraph inside the cell,
   which goes on with that line.

A line without a TAB right after a cell line is the cell's next paragraph, with one
exception: the seed's last line, a lone space after 附件5's 合计 row with no blank lines
before it, is the document's closing paragraph (a Word body ends with a paragraph, and
the two blank lines the extractor writes after a table were evidently trimmed off).
A cell line holding nothing is an empty cell; the builder knows which of those are
vertical-merge continuations (`seed_docx.GENUINELY_EMPTY` lists the others).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

__all__ = ["SEED_PATH", "Table", "Block", "parse", "blocks", "tables", "paragraphs",
           "cells_in_reading_order", "strip_markers", "ATTACHMENTS"]

SEED_PATH = Path(__file__).resolve().parent.parent / "data" / "seed-report.txt"
ATTACHMENTS = ("附件1", "附件2", "附件5")

Table = list[list[str]]
Block = str | Table

_MARKER = re.compile(r"\[bookmark: ([^\]]*)\]")


def parse(text: str) -> list[Block]:
    """Paragraphs (str, blank ones kept as "") and tables (rows of cell texts) in order."""
    lines = text.split("\n")
    out: list[Block] = []
    i = 0
    while i < len(lines):
        if not lines[i].startswith("\t"):
            out.append(lines[i])
            i += 1
            continue
        table, i = _table(lines, i)
        out.append(table)
    return out


def _table(lines: list[str], i: int) -> tuple[Table, int]:
    """Read one table starting at the TAB line `i`; returns it and the next line index."""
    rows: Table = [[]]
    cell: list[str] = []

    def close_cell() -> None:
        rows[-1].append("\n".join(cell))
        cell.clear()

    while i < len(lines):
        line = lines[i]
        if line.startswith("\t"):
            if cell:
                close_cell()
            cell.append(line[1:])
            i += 1
            continue
        if line == "":
            k = 0
            while i + k < len(lines) and lines[i + k] == "":
                k += 1
            after = lines[i + k] if i + k < len(lines) else None
            if after is not None and after.startswith("\t") and not rows[-1]:
                cell.extend([""] * k)  # rule 1's exception: a row's first cell goes on
                i += k
                continue
            if after is not None and after.startswith("\t"):  # rule 1: row break
                cell.extend([""] * (k - 1))
                close_cell()
                rows.append([])
                i += k
                continue
            if k >= 2 or after is None:  # rule 2: end of table
                cell.extend([""] * max(k - 2, 0))
                close_cell()
                return rows, i + k
            cell.append("")  # rule 3: an empty paragraph inside the cell
            i += 1
            continue
        if i == len(lines) - 1 and not line.strip():  # the closing paragraph (see above)
            close_cell()
            return rows, i
        cell.append(line)
        i += 1
    close_cell()
    return rows, i


def strip_markers(paragraph: str) -> tuple[str, list[str]]:
    """`[bookmark: _GoBack]附件2` -> ("附件2", ["_GoBack"]): the text Word shows, and marks."""
    return _MARKER.sub("", paragraph), _MARKER.findall(paragraph)


@cache
def _seed_blocks() -> tuple[Block, ...]:
    return tuple(parse(SEED_PATH.read_text(encoding="utf-8")))


def blocks() -> list[Block]:
    """The parsed seed (a fresh copy each call: callers may edit it)."""
    return [b if isinstance(b, str) else [list(row) for row in b] for b in _seed_blocks()]


def paragraphs() -> list[str]:
    """Every body paragraph in order, tables left out, markers kept."""
    return [b for b in blocks() if isinstance(b, str)]


def tables() -> dict[str, Table]:
    """The attachment tables keyed by the 附件N label that precedes each."""
    out: dict[str, Table] = {}
    label = ""
    for block in blocks():
        if isinstance(block, str):
            text = strip_markers(block)[0].strip()
            if re.fullmatch(r"附件\d", text):
                label = text
        else:
            assert label and label not in out, f"a table without its own 附件 label: {label!r}"
            out[label] = block
    assert tuple(out) == ATTACHMENTS, tuple(out)
    return out


def cells_in_reading_order(table: Table) -> list[str]:
    """Row by row, left to right: the order an extractor prints the cells in."""
    return [cell for row in table for cell in row]
