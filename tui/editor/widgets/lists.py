"""Lists the clerk grows and reorders: paragraphs (单位职能), records (问题, 措施), table rows.

A list of strings shows one text per item; a list of records one field per column, its
columns, labels and units from the form. An empty list shows a line that takes the focus,
so a blank report can be started with keys only (Enter or Ctrl+N on it). Adding, moving
and deleting are the screen's; this widget shows the session's rows and puts the focus
where it is told.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Label, Static

from core.form import ColumnSpec
from tui.editor.session import Session
from tui.editor.shown import plain
from tui.editor.widgets.build import field_row
from tui.editor.widgets.editors import AddLine, Bound
from tui.editor.widgets.field_row import FieldRow
from tui.editor.widgets.rows import RowHost, RowSpot

__all__ = ["RecordList", "RecordEntry", "list_hint"]


def list_hint(row_label: str) -> str:
    return f"Ctrl+N 新增{row_label} · Ctrl+D 删除 · Alt+↑/↓ 移动 · Ctrl+Z 撤销"


class RecordEntry(Vertical):
    """One item of a list; knows its row key (stable) and its index (as composed)."""

    def __init__(self, key: int, index: int) -> None:
        super().__init__(classes="record-entry")
        self.key = key
        self.index = index


class RecordList(RowHost, Vertical):
    """The rows of one list path; `columns` None for a list of strings."""

    def __init__(self, session: Session, list_path: str, label: str, row_label: str,
                 columns: tuple[ColumnSpec, ...] | None = None, numbering: str = "{n}.",
                 unit_of: dict[str, str] | None = None) -> None:
        super().__init__(classes="record-list")
        self.session = session
        self.list_path = list_path
        self.label = label
        self.row_label = row_label
        self.columns = columns
        self.numbering = numbering
        self.unit_of = unit_of or {}

    def compose(self) -> ComposeResult:
        session = self.session
        rows = session.rows(self.list_path)
        keys = session.keys(self.list_path)
        yield Label(plain(f"{self.label}（{len(rows)} 条）"), classes="list-title")
        for index, key in enumerate(keys):
            number = self.numbering.replace("{n}", str(index + 1))
            base = f"{self.list_path}[{index}]"
            with RecordEntry(key, index):
                if self.columns is None:
                    yield field_row(session, base, f"{self.row_label} {number}", "text", long=True)
                    continue
                text_seen = False
                for position, column in enumerate(self.columns):
                    label = f"{number} {column.label}" if position == 0 else column.label
                    long = column.type == "text" and text_seen
                    text_seen = text_seen or column.type == "text"
                    unit = column.unit or (self.unit_of.get("money") if column.type == "money" else None)
                    yield field_row(session, f"{base}.{column.key}", label, column.type, unit=unit, long=long)
        if not rows:
            yield AddLine(self.list_path, f"（无{self.row_label}）按 Enter 或 Ctrl+N 新增第一条")
        yield Static(list_hint(self.row_label), classes="hint")

    # -- RowHost ------------------------------------------------------------------
    def row_lists(self) -> list[RowSpot]:
        return [RowSpot(self.list_path, None, self.label)]

    def spot(self, widget: Widget) -> RowSpot | None:
        node: Any = widget
        while node is not None and node is not self:
            if isinstance(node, RecordEntry):
                return RowSpot(self.list_path, self.session.index_of(self.list_path, node.key), self.label)
            node = node.parent
        return RowSpot(self.list_path, None, self.label) if node is self else None

    def blank(self, list_path: str) -> Any:
        return "" if self.columns is None else {}

    async def rebuild(self) -> None:
        await self.recompose()

    def focus_row(self, list_path: str, key: int, column: str | None = None) -> bool:
        for entry in self.query(RecordEntry):
            if entry.key != key:
                continue
            editors = [w for w in entry.query("*") if isinstance(w, Bound) and w.focusable]
            if column is not None:
                editors = [w for w in editors if w.address.column == column] or editors
            if editors:
                self.screen.set_focus(editors[0])
                return True
        return False

    def focus_empty(self) -> bool:
        lines = self.query(AddLine)
        if lines:
            self.screen.set_focus(lines.first())
            return True
        return False

    def rows_shown(self) -> list[FieldRow]:
        return list(self.query(FieldRow))
