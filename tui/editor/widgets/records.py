"""Lists the clerk grows and reorders: 单位职能 items, 问题 and 措施, 建设项目 rows.

A `textlist` field is a list of strings; a table (problems, measures, buildings) is a
list of records whose columns come from the form definition. Add, delete (after a
confirmation) and move replace the list whole through the session, then the widget
recomposes from the report, so what is shown is always what is stored.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static

from core.form import ColumnSpec
from tui.editor.widgets.fields import FieldRow

__all__ = ["RecordList"]


class RecordEntry(Vertical):
    """One item of the list; knows its index so the list's keys act on it."""

    def __init__(self, index: int) -> None:
        super().__init__(classes="record-entry")
        self.index = index


class RecordList(Vertical):
    """Items of one list path; Ctrl+N adds, Ctrl+D deletes, Alt+↑/↓ move."""

    BINDINGS = [
        Binding("ctrl+n", "add", "新增一条", show=False, priority=True),
        Binding("ctrl+d", "delete", "删除此条", show=False, priority=True),  # before Input's delete-right
        Binding("alt+up", "move(-1)", "上移", show=False, priority=True),
        Binding("alt+down", "move(1)", "下移", show=False, priority=True),
    ]

    def __init__(self, path: str, label: str, row_label: str,
                 columns: tuple[ColumnSpec, ...] | None = None, numbering: str | None = None) -> None:
        super().__init__(classes="record-list")
        self.path = path
        self.label = label
        self.row_label = row_label
        self.columns = columns  # None: a list of strings
        self.numbering = numbering or "{n}."

    def _rows(self) -> list[Any]:
        app: Any = self.app
        rows = app.session.get(self.path)
        return list(rows) if isinstance(rows, list) else []

    def compose(self) -> ComposeResult:
        rows = self._rows()
        yield Label(f"{self.label}（{len(rows)} 条）", classes="list-title")
        for index, row in enumerate(rows):
            number = self.numbering.replace("{n}", str(index + 1))
            with RecordEntry(index):
                if self.columns is None:
                    yield FieldRow(f"{self.path}[{index}]", f"{self.row_label} {number}", "text",
                                   row, long=True)
                    continue
                for position, column in enumerate(self.columns):
                    label = f"{number} {column.label}" if position == 0 else column.label
                    long = column.type == "text" and position > 0
                    value = row.get(column.key) if isinstance(row, dict) else None
                    yield FieldRow(f"{self.path}[{index}].{column.key}", label, column.type, value,
                                   unit=column.unit, long=long)
        yield Static(f"Ctrl+N 新增{self.row_label} · Ctrl+D 删除 · Alt+↑/↓ 移动",
                     classes="hint")

    def _current(self) -> int | None:
        focused = self.app.focused
        for node in (focused.ancestors_with_self if focused else []):
            if isinstance(node, RecordEntry):
                return node.index
        return None

    async def _rebuild(self, rows: list[Any], focus_index: int | None) -> None:
        app: Any = self.app
        app.session.replace_list(self.path, rows)
        await self.recompose()
        app.refresh_figures()
        if focus_index is not None:
            entries = list(self.query(RecordEntry))
            if entries:
                entry = entries[max(0, min(focus_index, len(entries) - 1))]
                editors = [w for w in entry.query("*") if w.can_focus]
                if editors:
                    editors[0].focus()

    async def action_add(self) -> None:
        rows = self._rows()
        at = self._current()
        at = len(rows) if at is None else at + 1
        rows.insert(at, "" if self.columns is None else {})
        await self._rebuild(rows, at)

    def action_delete(self) -> None:
        from tui.editor.screens.dialogs import confirm_dialog

        at = self._current()
        if at is None:
            return
        rows = self._rows()

        async def answer(choice: str | None) -> None:
            if choice == "yes":
                del rows[at]
                await self._rebuild(rows, at)

        self.app.push_screen(confirm_dialog(f"删除第 {at + 1} 条{self.row_label}？"), answer)

    async def action_move(self, step: int) -> None:
        at = self._current()
        rows = self._rows()
        if at is None or not 0 <= at + step < len(rows):
            return
        rows[at], rows[at + step] = rows[at + step], rows[at]
        await self._rebuild(rows, at + step)
