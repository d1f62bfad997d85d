"""Lines for a terminal or a pipe, styled with plain SGR codes: `jixiao show`'s writer.

`show` printed through rich's Console, whose import (dataclasses, inspect, the markup
parser) and per-line rendering cost more than the whole of `check --json`; the report is
laid out here instead, with the same wrapping rules as `check` (tui.cli.terminal: a
figure never splits, no line opens with `，`). Styles follow what rich and the
`NO_COLOR`/`FORCE_COLOR` conventions promise: on a terminal bold, italic, underline,
reverse and colour; `NO_COLOR` drops the colour but keeps the emphasis; `TERM=dumb` and a
pipe get plain text (`FORCE_COLOR` makes a pipe styled, for `less -R`). The width is
`COLUMNS`, else the terminal's, else 80 when piped.

Text given here is written as is: callers pass it through core.visible first.
"""

import os
import sys
from typing import TextIO

from tui.cli.terminal import cell_width, wrap

__all__ = ["PlainWriter"]

_CODES = {"bold": "1", "dim": "2", "italic": "3", "underline": "4", "reverse": "7", "red": "31"}
_COLOURS = {"red"}


def _width(stream: TextIO) -> int:
    columns = os.environ.get("COLUMNS", "")
    if columns.strip().isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(stream.fileno()).columns if stream.isatty() else 80
    except (AttributeError, OSError, ValueError):
        return 80


def _styled(stream: TextIO) -> tuple[bool, bool]:
    """(emphasis, colour) this stream may carry."""
    if os.environ.get("TERM", "") in ("dumb", "unknown"):
        return False, False
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        terminal = False
    on = terminal or bool(os.environ.get("FORCE_COLOR"))
    return on, on and not os.environ.get("NO_COLOR")


class PlainWriter:
    """Writes whole lines to `stream`: wrapped to the width, aligned, styled when it may be."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stdout
        self.width = max(1, _width(self.stream))
        self._emphasis, self._colour = _styled(self.stream)
        self._parts: list[str] = []

    def _sgr(self, style: str) -> tuple[str, str]:
        codes = [_CODES[word] for word in style.split() if word in _CODES
                 and (self._colour if word in _COLOURS else self._emphasis)]
        return (f"\x1b[{';'.join(codes)}m", "\x1b[0m") if codes else ("", "")

    def blank(self) -> None:
        self._parts.append("\n")

    def paragraph(self, text: str, style: str = "", *, align: str = "left", lead: str = "") -> None:
        """`text` wrapped to the width; `lead` (a first-line indent such as `　　`) opens it;
        `align` is left, center or right (each line placed within the width)."""
        start, end = self._sgr(style)
        lines = wrap(text, self.width, first=cell_width(lead))
        lines[0] = lead + lines[0]
        for line in lines:
            room = max(0, self.width - cell_width(line))
            pad = room if align == "right" else room // 2 if align == "center" else 0
            self._parts.append(" " * pad + (start + line + end if line else "") + "\n")

    def lines(self, lines: list[str]) -> None:
        """Lines laid out already (a boxed table), written unstyled."""
        self._parts.append("\n".join(lines) + "\n")

    def flush(self) -> None:
        self.stream.write("".join(self._parts))
        self.stream.flush()
        self._parts.clear()
