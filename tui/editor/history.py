"""Undo and redo for one editing session: field edits and row operations, in order.

An entry records a whole change (a field from its value before the clerk started
typing in it to the value committed; a list before and after a row was added, moved or
deleted), so Ctrl+Z undoes what the clerk thinks of as one step, never one keystroke.
Lists carry their row keys (stable identities, see session.Address) so an undone
delete brings back the row with the identity the editors knew it by.
"""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = ["FieldChange", "ListChange", "Change", "History"]


class FieldChange(NamedTuple):
    """One field: `before` → `after`; `path` is where it was at the time (for focus)."""

    address: Any  # session.Address (not imported: history knows nothing of sessions)
    before: Any
    after: Any


class ListChange(NamedTuple):
    """A whole list before and after one row operation; `focus` is the row key to show."""

    list_path: str
    before_rows: list[Any]
    before_keys: list[int]
    after_rows: list[Any]
    after_keys: list[int]
    focus_before: int | None
    focus_after: int | None


Change = FieldChange | ListChange

LIMIT = 500


class History:
    """Two stacks; a new change clears what could be redone."""

    def __init__(self) -> None:
        self.done: list[Change] = []
        self.undone: list[Change] = []

    def push(self, change: Change) -> None:
        self.done.append(change)
        if len(self.done) > LIMIT:
            del self.done[0]
        self.undone.clear()

    def undo(self) -> Change | None:
        if not self.done:
            return None
        change = self.done.pop()
        self.undone.append(change)
        return change

    def redo(self) -> Change | None:
        if not self.undone:
            return None
        change = self.undone.pop()
        self.done.append(change)
        return change

    def clear(self) -> None:
        self.done.clear()
        self.undone.clear()
