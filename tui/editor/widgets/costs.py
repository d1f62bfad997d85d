"""附件1 经费控制情况 as a grid: one line per cost row, one input per column.

Rows the form derives from their parts (三公经费, 公务用车, 项目支出) are shown dim
with the figure `evaluate()` computed; a group of named rows (市级专项, 其他) shows
each named row as its own line, its name editable. Ctrl+N adds a named row (after the
one the cursor is on, or to a group chosen in a dialog), Ctrl+D deletes the one the
cursor is on after a confirmation; like the other lists, the list is replaced whole
through the session and the grid recomposed from the report. The grid never adds
anything up itself: the group and 项目支出 totals are what `evaluate()` computed.
"""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from core.findings import Evaluation
from core.form import FormSpec, GridRow, GridSpec
from core.numbers import fmt_money
from tui.editor.widgets.editors import ValueInput
from tui.editor.widgets.fields import finding_text

__all__ = ["CostsGrid"]


class CostLine(Vertical):
    """A row label, three inputs (or three dim derived figures), and its message line."""

    def __init__(self, label: str, indent: int, paths: list[str] | None,
                 derived_keys: list[str] | None, *, table: str | None = None,
                 index: int | None = None) -> None:
        super().__init__(classes="cost-line")
        self.label = label
        self.indent = indent
        self.paths = paths or []
        self.derived_keys = derived_keys or []
        self.table = table  # set on a named row: its group and place in it
        self.index = index
        self.name_path = self.paths.pop(0) if table is not None and self.paths else None
        self.message = Static("", classes="message")
        self.cells: list[Static] = []

    def compose(self) -> ComposeResult:
        app: Any = self.app
        with Horizontal(classes="line"):
            if self.name_path is None:
                yield Label("  " * self.indent + self.label, classes="cost-label")
            else:
                name = ValueInput(self.name_path, "text", app.session.get(self.name_path),
                                  owner=self, classes="cost-name")
                # the name's first character under the labels' (the input pads by one)
                name.styles.margin = (0, 0, 0, 2 * self.indent - 1)
                name.styles.width = 17 - (2 * self.indent - 1)
                yield name
            for path in self.paths:
                yield ValueInput(path, "money", app.session.get(path), owner=self, classes="cost-cell")
            for _key in self.derived_keys:
                cell = Static("", classes="cost-derived")
                self.cells.append(cell)
                yield cell
        yield self.message

    def on_mount(self) -> None:
        self.show_messages()

    def show_messages(self, evaluation: Evaluation | None = None) -> None:
        app: Any = self.app
        evaluation = evaluation or app.session.evaluation
        for cell, key in zip(self.cells, self.derived_keys, strict=True):
            cell.update(fmt_money(evaluation.values.get(key)))
        errors = [getattr(w, "parse_error", None) for w in self.query(ValueInput)]
        errors = [e for e in errors if e]
        if errors:
            self.message.update(Text("✗ " + errors[0] + "（未保存此值）", style="bold"))
            self.message.display = True
            return
        paths = [self.name_path, *self.paths] if self.name_path else self.paths
        findings = [f for path in paths for f in evaluation.findings_at(path)]
        self.message.update(finding_text(findings))
        self.message.display = bool(findings)


class CostsGrid(Vertical):
    """A whole grid (附件1 经费); labels and headings from the form."""

    BINDINGS = [
        Binding("ctrl+n", "add", "新增一行", show=False, priority=True),
        Binding("ctrl+d", "delete", "删除此行", show=False, priority=True),  # before Input's delete-right
    ]

    def __init__(self, spec: FormSpec, grid: GridSpec, data: dict[str, Any]) -> None:
        super().__init__(classes="costs-grid")
        self.spec = spec
        self.grid = grid
        self.data = data

    def _line(self, row: GridRow) -> CostLine:
        columns = self.grid.column_keys
        if row.parts or row.sum_lists or row.list_id:
            return CostLine(row.label, row.indent, None,
                            [f"{self.grid.id}.{row.key or row.list_id}.{c}" for c in columns])
        return CostLine(row.label, row.indent, [f"{self.grid.path}.{row.key}.{c}" for c in columns], None)

    def compose(self) -> ComposeResult:
        costs = self.grid
        with Horizontal(classes="line costs-head"):
            yield Label(f"{costs.label}（{costs.unit}）", classes="cost-label")
            for column in costs.columns:
                yield Label(column.label, classes="cost-heading")
        for row in costs.rows:
            yield self._line(row)
            if row.list_id:
                entries = self.data_rows(row.list_id)
                for index, entry in enumerate(entries):
                    name = entry.get("name", "") if isinstance(entry, dict) else ""
                    base = f"{costs.path}.{row.list_id}[{index}]"
                    yield CostLine(str(name), row.indent + 1,
                                   [f"{base}.name", *(f"{base}.{key}" for key in costs.column_keys)],
                                   None, table=row.list_id, index=index)
        yield Static(f"Ctrl+N 新增（{'、'.join(self.groups().values())}）· Ctrl+D 删除",
                     classes="hint")

    def data_rows(self, table: str) -> list[Any]:
        app: Any = self.app
        rows = app.session.get(f"{self.grid.path}.{table}")
        return list(rows) if isinstance(rows, list) else []

    def refresh_figures(self, evaluation: Evaluation) -> None:
        for line in self.query(CostLine):
            line.show_messages(evaluation)

    # -- named rows: add, delete ----------------------------------------------
    def groups(self) -> dict[str, str]:
        """Each group of named rows by table, with its label from the form (no remark)."""
        return {row.list_id: re.sub(r"^\d+、|（.*?）", "", row.label)
                for row in self.grid.rows if row.list_id}

    def _current(self) -> CostLine | None:
        focused = self.app.focused
        for node in (focused.ancestors_with_self if focused else []):
            if isinstance(node, CostLine):
                return node
        return None

    async def _rebuild(self, table: str, rows: list[Any], focus_index: int | None) -> None:
        app: Any = self.app
        app.session.replace_list(f"{self.grid.path}.{table}", rows)
        await self.recompose()
        app.refresh_figures()
        lines = [line for line in self.query(CostLine) if line.table == table]
        if focus_index is not None and lines:
            line = lines[max(0, min(focus_index, len(lines) - 1))]
            editors = list(line.query(ValueInput))
            if editors:
                self.screen.set_focus(editors[0])

    async def action_add(self) -> None:
        """After the named row under the cursor; elsewhere in the grid, ask which group."""
        from tui.editor.screens.dialogs import ChoiceDialog

        line = self._current()
        if line is not None and line.table is not None and line.index is not None:
            await self._add(line.table, line.index + 1)
            return
        groups = self.groups()
        choices = [(table, label, str(n)) for n, (table, label) in enumerate(groups.items(), 1)]

        async def answer(choice: str | None) -> None:
            if choice in groups:
                await self._add(choice, None)

        self.app.push_screen(ChoiceDialog("新增一行", "新增到哪一组？", [*choices, ("cancel", "取消", "c")]),
                             answer)

    async def _add(self, table: str, at: int | None) -> None:
        rows = self.data_rows(table)
        at = len(rows) if at is None else at
        rows.insert(at, {})
        await self._rebuild(table, rows, at)

    def action_delete(self) -> None:
        from tui.editor.screens.dialogs import confirm_dialog

        line = self._current()
        if line is None or line.table is None or line.index is None:
            return
        table, at = line.table, line.index
        rows = self.data_rows(table)
        app: Any = self.app
        name = (app.session.get(line.name_path) if line.name_path else None) or "（未命名）"

        async def answer(choice: str | None) -> None:
            if choice == "yes":
                del rows[at]
                await self._rebuild(table, rows, at)

        self.app.push_screen(confirm_dialog(f"删除{self.groups()[table]}中的“{name}”这一行？"), answer)
