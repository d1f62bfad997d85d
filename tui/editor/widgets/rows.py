"""What a widget holding list rows tells the screen, so row keys work the same everywhere.

Lists of paragraphs, tables of records, a grid's named rows and the scored indicator
table all answer the same questions: which list and row the focus is in, what a blank
row is, how to show the list again after the session changed it, and how to put the
focus into a given row. The screen does the adding, moving and deleting (it alone writes
the session); the widget only shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.widget import Widget

__all__ = ["RowSpot", "RowHost", "row_host_of"]


@dataclass(frozen=True)
class RowSpot:
    """A list and the row the focus is in (None: on the list but on no row, e.g. its empty line)."""

    list_path: str
    index: int | None
    label: str = ""


class RowHost:
    """Mixed into a widget that shows list rows (a plain class: isinstance stays cheap)."""

    def row_lists(self) -> list[RowSpot]:
        """Every list this widget shows (index None), for Ctrl+N outside any row."""
        raise NotImplementedError

    def spot(self, widget: Widget) -> RowSpot | None:
        """Where `widget` (a descendant) is; None when it is in no list of this host."""
        raise NotImplementedError

    def blank(self, list_path: str) -> Any:
        """A new row of that list."""
        raise NotImplementedError

    async def rebuild(self) -> None:
        """Show the session's rows again (after an add, delete, move or undo)."""
        raise NotImplementedError

    def focus_row(self, list_path: str, key: int, column: str | None = None) -> bool:
        """Put the focus in the row with that key (its `column` if given); False if not shown."""
        raise NotImplementedError


def row_host_of(widget: Widget | None) -> RowHost | None:
    """The nearest ancestor (or the widget itself) that holds list rows."""
    node: Any = widget
    while node is not None:
        if isinstance(node, RowHost):
            return node
        node = getattr(node, "parent", None)
    return None
