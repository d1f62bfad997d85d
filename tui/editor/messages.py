"""What editors tell the EditorScreen: the only way a typed value travels toward the report.

Editors post these straight to their screen (not bubbling through every container), and
only the screen writes the session. A message names its value by `Address`, so one that
arrives after rows moved still reaches its row, and carries the session `epoch` it was
typed in, so one typed before a reload is dropped rather than written into the new report.
"""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget

from tui.editor.session import Address

__all__ = ["FieldEdited", "FieldCommitted", "AddFirstRow"]


class FieldEdited(Message, bubble=False):
    """The text of a field now, while the clerk is typing in it (totals follow it)."""

    def __init__(self, editor: Widget, address: Address, kind: str, text: str, epoch: int) -> None:
        super().__init__()
        self.editor = editor
        self.address = address
        self.kind = kind
        self.text = text
        self.epoch = epoch


class FieldCommitted(FieldEdited, bubble=False):
    """The text the clerk left the field with: one step of undo."""


class AddFirstRow(Message, bubble=False):
    """A click (or Enter) on an empty list's line: start the list."""

    def __init__(self, list_path: str) -> None:
        super().__init__()
        self.list_path = list_path
