"""Tables drawn with box characters for a terminal, at any width, fast for long tables.

`jixiao show` prints the official tables; a general table layout costs milliseconds a row, and a
report may carry 100,000 indicator rows, so rows are laid out here in plain text.
Wrapping follows what a Chinese reader expects: a figure (`194.72`, `87.5%`,
`3.01亿元`'s digits) is never split across lines unless it cannot fit at all, and no
line starts with closing punctuation (`，。；）` …): the character before it moves down.
Widths are tui.cli.terminal's (East Asian wide characters two cells, combining marks none).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tui.cli.terminal import cell_width

__all__ = ["wrap", "draw"]

_TOKEN = re.compile(r"[0-9A-Za-z.%,+\-_/:#@]+|\s+|.", re.S)
_NO_LINE_START = set("，。、；：？！）》」』】〕”’%.,;:?!)]}·…—")


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` cells; figures kept whole, no line opening with punctuation."""
    width = max(1, width)
    if len(text) * 2 <= width and "\n" not in text:
        return [text]  # fits whatever the characters are: most cells of a long table
    out: list[str] = []
    for paragraph in text.split("\n"):
        lines: list[str] = [""]
        used = 0
        for token in _TOKEN.findall(paragraph):
            size = cell_width(token)
            if used + size <= width:
                lines[-1] += token
                used += size
                continue
            if token.isspace():
                lines.append("")
                used = 0
                continue
            if size > width:  # a run longer than the column: cut it where it must be cut
                for ch in token:
                    step = cell_width(ch)
                    if used + step > width:
                        lines.append("")
                        used = 0
                    lines[-1] += ch
                    used += step
                continue
            carry = ""
            if token[0] in _NO_LINE_START and lines[-1] and cell_width(lines[-1][-1] + token) <= width:
                carry, lines[-1] = lines[-1][-1], lines[-1][:-1]
            lines.append(carry + token)
            used = cell_width(lines[-1])
        out.extend(line.rstrip() for line in lines)
    return out or [""]


def _pad(text: str, width: int, align: str) -> str:
    room = width - cell_width(text)
    if align == "right":
        return " " * room + text
    if align == "center":
        return " " * (room // 2) + text + " " * (room - room // 2)
    return text + " " * room


def _rule(widths: Sequence[int], left: str, middle: str, right: str) -> str:
    return left + middle.join("─" * w for w in widths) + right


def draw(rows: Sequence[Sequence[tuple[str, str]]], ratios: Sequence[float], total: int,
         minimums: Sequence[int] = ()) -> list[str]:
    """A boxed table of `rows` (each a list of (text, align)) filling `total` terminal cells."""
    columns = len(ratios)
    room = max(columns, total - columns - 1)
    floor = [max(1, minimums[i] if i < len(minimums) else 1) for i in range(columns)]
    widths = [max(floor[i], int(room * ratios[i] / sum(ratios))) for i in range(columns)]
    while sum(widths) > room and any(w > f for w, f in zip(widths, floor, strict=True)):
        widest = max(range(columns), key=lambda i: widths[i] - floor[i])
        widths[widest] -= 1
    widths[-1] += max(0, room - sum(widths))
    lines = [_rule(widths, "┌", "┬", "┐")]
    for index, row in enumerate(rows):
        wrapped = [wrap(text, widths[i]) for i, (text, _) in enumerate(row)]
        height = max(len(cell) for cell in wrapped)
        for line in range(height):
            lines.append("│" + "│".join(_pad(cell[line] if line < len(cell) else "", widths[i], row[i][1])
                                        for i, cell in enumerate(wrapped)) + "│")
        lines.append(_rule(widths, "├", "┼", "┤") if index < len(rows) - 1 else _rule(widths, "└", "┴", "┘"))
    return lines
