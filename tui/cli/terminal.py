"""Text for a terminal 80 columns wide: made inert, wrapped as Chinese is typeset, laid in columns.

Rich wraps Chinese one character at a time wherever the line is full, so `194.72` can
break after `194.`, a `3.01亿元` lose its unit to the next line, and a line start with
`，` or `）`; continuation lines start at column 0. Here a line is broken only between
atoms: a Chinese character, a word or figure of Latin letters and digits (with the
unit or `%` that follows it), a space; closing punctuation sticks to what comes before
it and opening punctuation to what follows (the 禁则 of Chinese typesetting), and
wrapped lines keep a hanging indent. Widths are terminal cells: East Asian wide and
full-width characters take two (as rich counts them).

Every string from outside (a data file, a workbook, a file name) goes through `shown`
before it is printed: control, escape and bidi characters appear as `\\x1b`, `\\u202e`
(core.visible), so a report cannot retitle, clear or rewrite the terminal.
"""


import functools
import re
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

from core.visible import visible

__all__ = ["shown", "cell_width", "wrap", "pack", "Column", "table_lines", "output_width"]

# No line starts with these (they close or end something) …
_CLOSING = set("，。；：、！？）」』》〉】〕］｝”’…—·%‰,.;:!?)]}") | {"\u2026"}
# … and none ends with these.
_OPENING = set("（「『《〈【〔［｛“‘([{")
# Chinese units a figure keeps on its line (`3.01亿元`, `87.50%`, `19个`); generic words.
_UNITS = "万亿元个人次家天倍分年月日项名条篇期％%‰"


@functools.cache
def _atom() -> re.Pattern[str]:
    """What wrap() keeps whole; compiled when text is first wrapped (`show` and `--json`
    runs never wrap, and the compile costs more than a millisecond)."""
    return re.compile(
        rf"[+\-−＋－]?(?:\d[\d,，.．:/\-]*\d|\d)(?:[%％‰]|[{_UNITS}]{{1,2}})?"  # a figure
        r"|[A-Za-z0-9_\-./\\:@#$&=+~^|<>'\"`*\[\]]+"  # a Latin word, a path, an id
        r"| +"  # spaces: where a line may break
        r"|."  # anything else: one character (a Chinese character can break anywhere)
        , re.S)


def shown(text: object, *, multiline: bool = False) -> str:
    """`text` made inert for a terminal (core.visible); one line unless `multiline`."""
    return visible(str(text), keep_newlines=multiline)


@functools.cache
def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Terminal cells: wide and full-width characters two, combining marks none."""
    if text.isascii():  # figures, ids, box padding: most of a long table
        return len(text)
    return sum(map(_char_width, text))


def _atoms(text: str) -> list[str]:
    """Units no line break may split, punctuation glued to its neighbour."""
    atoms: list[str] = []
    pending_open = ""
    for match in _atom().finditer(text):
        atom = match.group()
        if atom in _OPENING or (len(atom) == 1 and atom in _OPENING):
            pending_open += atom
            continue
        if atom[0] in _CLOSING and atoms and not pending_open:
            if not atoms[-1].isspace():
                atoms[-1] += atom
                continue
            if len(atoms) >= 2:  # `0.00 ，`: the space and the comma go with the figure
                space = atoms.pop()
                atoms[-1] += space + atom
                continue
        atoms.append(pending_open + atom)
        pending_open = ""
    if pending_open:
        if atoms and not atoms[-1].isspace():
            atoms[-1] += pending_open
        else:
            atoms.append(pending_open)
    return atoms


def _split_wide(atom: str, room: int, width: int) -> list[str]:
    """An atom wider than a line (a long path): its first piece fills `room` cells, the
    others `width` each."""
    pieces, current, limit = [], "", max(1, room)
    for char in atom:
        if current and cell_width(current + char) > limit:
            carried = ""
            # a piece never starts with `.`, `]` or `，` nor ends with `[`: carry back until so
            while len(current) > 1 and ((carried or char)[0] in _CLOSING or current[-1] in _OPENING):
                current, carried = current[:-1], current[-1] + carried
            pieces.append(current)
            current, limit = carried, max(1, width)
        current += char
    return pieces + ([current] if current else [])


def wrap(text: str, width: int, *, first: int = 0, indent: int = 0) -> list[str]:
    """`text` in lines of at most `width` cells; the first line has `first` cells taken
    already (a label printed before it, not part of the result), the others start with
    `indent` spaces (the hanging indent, part of the result). A newline in `text` starts
    a new line, at the indent."""
    lines: list[str] = []
    pad = " " * indent
    for number, paragraph in enumerate(text.split("\n")):
        line, used = ("", first) if number == 0 else (pad, indent)
        line_start = used
        for atom in _atoms(paragraph):
            size = cell_width(atom)
            if atom.isspace():
                if used > line_start and used + size <= width:
                    line, used = line + atom, used + size
                continue
            fresh = indent + size <= width  # it would fit on a line of its own
            if used + size > width and (used > line_start or (line_start > indent and fresh)):
                lines.append(line.rstrip())
                line, used, line_start = pad, indent, indent
            if used + size > width:
                pieces = _split_wide(atom, width - used, width - indent)
                for piece in pieces[:-1]:
                    lines.append((line + piece).rstrip())
                    line, line_start = pad, indent
                atom, used = pieces[-1], indent
                size = cell_width(atom)
            line, used = line + atom, used + size
        lines.append(line.rstrip())
    return lines


def pack(units: Sequence[str], width: int, *, first: int = 0, indent: int = 0, sep: str = "  ",
         then: str = "") -> list[str]:
    """Unbreakable `units` (`年度 2024`, `总分 98`) in lines of at most `width` cells,
    `sep` between them, continuation lines at `indent`; `then` is text that follows the
    last unit, wrapped (a message after the figures). Like `wrap`, the first line does
    not include the `first` cells taken before it."""
    lines: list[str] = []
    line, used = "", first
    for unit in units:
        size = cell_width(unit)
        if line.strip() and used + len(sep) + size > width:
            lines.append(line)
            line, used = " " * indent, indent
        if line.strip():
            line, used = line + sep, used + len(sep)
        line, used = line + unit, used + size
    if then:
        rest = wrap(then, width, first=used + len(sep) if line.strip() else used, indent=indent)
        line = (line + sep if line.strip() else line) + rest[0]
        lines.append(line)
        lines += rest[1:]
    else:
        lines.append(line)
    return lines


class Column(NamedTuple):
    """A column of `table_lines`: its heading, alignment, and whether it may wrap."""

    heading: str
    align: str = "left"  # left · right
    wraps: bool = False


def _pad(text: str, width: int, align: str) -> str:
    gap = " " * max(0, width - cell_width(text))
    return gap + text if align == "right" else text + gap


def table_lines(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int,
                *, gap: int = 2, margin: int = 2) -> list[str] | None:
    """Rows laid in columns within `width` cells; the wrapping columns share what is left
    and their cells wrap (on their own lines, aligned). None when the columns that do not
    wrap leave a wrapping column fewer than 8 cells: the caller lays the rows out as cards."""
    natural = [max([cell_width(c.heading)] + [cell_width(row[i]) for row in rows]) for i, c in enumerate(columns)]
    fixed = sum(w for w, c in zip(natural, columns, strict=True) if not c.wraps)
    wrapping = [i for i, c in enumerate(columns) if c.wraps]
    available = width - margin - gap * (len(columns) - 1) - fixed
    widths = list(natural)
    if wrapping:
        wanted = sum(natural[i] for i in wrapping)
        if wanted > available:
            if available < 8 * len(wrapping):
                return None
            for index in wrapping:  # in proportion to what each would take, at least 8
                widths[index] = max(8, available * natural[index] // max(wanted, 1))
            widths[wrapping[-1]] = max(8, available - sum(widths[i] for i in wrapping[:-1]))
    elif fixed + margin + gap * (len(columns) - 1) > width:
        return None
    lines = [" " * margin + (" " * gap).join(_pad(c.heading, w, c.align)
                                              for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append(" " * margin + "-" * (sum(widths) + gap * (len(columns) - 1)))
    for row in rows:
        cells = [wrap(text, w) if c.wraps else [text] for text, c, w in zip(row, columns, widths, strict=True)]
        for depth in range(max(len(cell) for cell in cells)):
            parts = [_pad(cell[depth] if depth < len(cell) else "", w, c.align)
                     for cell, c, w in zip(cells, columns, widths, strict=True)]
            lines.append((" " * margin + (" " * gap).join(parts)).rstrip())
    return lines


def output_width(console_width: int) -> int:
    """The width to lay out for: the terminal's (or COLUMNS, or 80 when piped), at least 40."""
    return max(40, console_width)
