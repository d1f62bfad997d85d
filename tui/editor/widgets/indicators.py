"""附件2 绩效指标: the rows as a table, the highlighted row's form below it.

DataTable cannot edit in place (style.md), so the posting pattern is used: the table
shows 分值 · 得分 · 建议 · 达成 as `evaluate()` judged them, and the form under it edits
the highlighted row, committing as typed, so the subtotal bars above and the 总分 in
the status line change with every keystroke. Insert adds a row, Delete removes one
after a confirmation, Alt+↑/↓ move it; F2 or Enter moves into the row's form.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static

from core.findings import Evaluation
from core.form import FormSpec, ListSpec
from core.numbers import fmt_score
from tui.editor.widgets.fields import FieldRow

__all__ = ["IndicatorPanel"]

BAR = 10


def subtotal_text(spec: FormSpec, evaluation: Evaluation) -> Text:
    """`产出 50/50 ■■■■■■■■■■` per 一级指标, against the form's weights."""
    text = Text()
    for level in spec.level1:
        _weight, score = evaluation.level1.get(level.name, (level.weight, None))
        filled = 0
        if score is not None and level.weight:
            filled = max(0, min(BAR, int(score * BAR / level.weight)))
        if len(text):
            text.append("\n")
        text.append(level.short + " " * max(0, 7 - cell_len(level.short)))
        text.append(f"{fmt_score(score):>5}/{fmt_score(level.weight):<3} ")
        text.append("■" * filled, style="bold")
        text.append("□" * (BAR - filled), style="dim")
    return text


class IndicatorTable(DataTable[str]):
    """The rows; Insert/Delete/Alt+arrows are handled by the panel."""

    BINDINGS = [
        Binding("insert", "panel_add", "新增指标", show=False),
        Binding("delete", "panel_delete", "删除指标", show=False),
        Binding("f2", "panel_edit", "编辑此行", show=False),
        Binding("alt+up", "panel_move(-1)", "上移", show=False),
        Binding("alt+down", "panel_move(1)", "下移", show=False),
    ]

    def action_panel_add(self) -> None:
        self.run_worker(self._panel().add_row())

    def action_panel_delete(self) -> None:
        self._panel().delete_row()

    def action_panel_edit(self) -> None:
        self._panel().edit_row()

    def action_panel_move(self, step: int) -> None:
        self.run_worker(self._panel().move_row(step))

    def _panel(self) -> IndicatorPanel:
        return self.query_ancestor(IndicatorPanel)


class RowForm(Vertical):
    """The form of one indicator row; its columns and labels come from the table spec."""

    def __init__(self, table: ListSpec, index: int | None) -> None:
        super().__init__(classes="row-form")
        self.table = table
        self.index = index

    def compose(self) -> ComposeResult:
        app: Any = self.app
        if self.index is None:
            yield Static("（无指标。按 Insert 新增一行。）", classes="hint")
            return
        yield Label(f"第 {self.index + 1} 行", classes="list-title")
        for column in self.table.columns:
            path = f"{self.table.path}[{self.index}].{column.key}"
            yield FieldRow(path, column.label, column.type, app.session.get(path), unit=column.unit,
                           long=column.key == "deviation")


class IndicatorPanel(Vertical):
    """Subtotals, the table, and the highlighted row's form."""

    def __init__(self, spec: FormSpec) -> None:
        super().__init__(classes="indicator-panel")
        self.spec = spec
        table_spec = spec.scored_list
        assert table_spec is not None
        self.table_spec = table_spec
        self.current: int | None = None

    def _rows(self) -> list[Any]:
        app: Any = self.app
        rows = app.session.get(self.table_spec.path)
        return list(rows) if isinstance(rows, list) else []

    def compose(self) -> ComposeResult:
        yield Static("", id="subtotals")
        table: IndicatorTable = IndicatorTable(id="indicator-table", cursor_type="row",
                                               zebra_stripes=False)
        yield table
        yield Static("Enter/F2 编辑此行 · Insert 新增 · Delete 删除 · Alt+↑/↓ 移动", classes="hint")
        self.current = 0 if self._rows() else None
        yield RowForm(self.table_spec, self.current)

    def on_mount(self) -> None:
        table = self.query_one(IndicatorTable)
        cols = {c.key: c.label for c in self.table_spec.columns}
        table.add_column("#", key="n")
        table.add_column(cols.get("level2", "二级"), key="level2")
        table.add_column(cols.get("name", "三级"), key="name")
        table.add_column(cols.get("weight", "分值"), key="weight")
        table.add_column(cols.get("score", "得分"), key="score")
        table.add_column("建议", key="suggested")
        table.add_column("达成", key="met")
        app: Any = self.app
        self.refresh_figures(app.session.evaluation)

    def refresh_figures(self, evaluation: Evaluation) -> None:
        self.query_one("#subtotals", Static).update(subtotal_text(self.spec, evaluation))
        table = self.query_one(IndicatorTable)
        rows = self._rows()
        judged = {result.index: result for result in evaluation.indicators}
        cells = [self._cells(index, row, judged.get(index), evaluation) for index, row in enumerate(rows)]
        if table.row_count == len(cells):
            keys = ("n", "level2", "name", "weight", "score", "suggested", "met")
            for index, values in enumerate(cells):
                for key, value in zip(keys, values, strict=True):
                    table.update_cell(str(index), key, value)
        else:
            cursor = table.cursor_row
            table.clear()
            for index, values in enumerate(cells):
                table.add_row(*values, key=str(index))
            if rows:
                table.move_cursor(row=min(max(cursor, 0), len(rows) - 1), animate=False)
        for field in self.query(FieldRow):
            field.show_messages(evaluation)

    def _cells(self, index: int, row: Any, result: Any, evaluation: Evaluation) -> tuple[str, ...]:
        row = row if isinstance(row, dict) else {}
        prefix = f"{self.table_spec.path}[{index}]"
        flagged = any(f.path.startswith(prefix) and f.severity == "error" for f in evaluation.findings)
        met = "" if result is None or result.met is None else ("是" if result.met else "否")
        suggested = fmt_score(result.suggested) if result and result.suggested is not None else ""
        return (f"{index + 1}{'!' if flagged else ''}", str(row.get("level2", ""))[:2],
                str(row.get("name", ""))[:7], fmt_score(row.get("weight")),
                fmt_score(row.get("score")), suggested, met)

    async def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Only the clerk's own cursor moves change the form (not a refresh of the table)."""
        index = event.cursor_row
        if not event.data_table.has_focus or index == self.current or index < 0:
            return
        await self._show_row(index)

    async def _show_row(self, index: int | None) -> None:
        self.current = index
        await self.query_one(RowForm).remove()
        await self.mount(RowForm(self.table_spec, index))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.edit_row()

    def edit_row(self) -> None:
        focusable = [w for w in self.query_one(RowForm).query("*") if w.can_focus]
        if focusable:
            focusable[0].focus()

    def focus_path(self, path: str) -> None:
        """Jump from 检查结果: select the row of `path`, then its field."""
        import re

        match = re.match(re.escape(self.table_spec.path) + r"\[(\d+)\]", path)
        if not match:
            return
        index = int(match.group(1))

        async def go() -> None:
            table = self.query_one(IndicatorTable)
            table.move_cursor(row=index, animate=False)
            if self.current != index:
                await self._show_row(index)
            from tui.editor.widgets.editors import widget_id

            targets = self.query(f"#{widget_id(path)}")
            if targets:
                targets.first().focus()
            else:
                self.edit_row()

        self.run_worker(go())

    async def _replace(self, rows: list[Any], select: int | None) -> None:
        app: Any = self.app
        app.session.replace_list(self.table_spec.path, rows)
        self.current = select if rows else None
        app.refresh_figures()
        table = self.query_one(IndicatorTable)
        if select is not None and rows:
            table.move_cursor(row=select, animate=False)
        await self.query_one(RowForm).remove()
        await self.mount(RowForm(self.table_spec, self.current))
        table.focus()

    async def add_row(self) -> None:
        rows = self._rows()
        at = len(rows) if self.current is None else self.current + 1
        rows.insert(at, {})
        await self._replace(rows, at)

    def delete_row(self) -> None:
        from tui.editor.screens.dialogs import confirm_dialog

        rows = self._rows()
        if self.current is None or not rows:
            return
        at = self.current
        name = rows[at].get("name", "") if isinstance(rows[at], dict) else ""

        async def answer(choice: str | None) -> None:
            if choice == "yes":
                del rows[at]
                await self._replace(rows, min(at, len(rows) - 1) if rows else None)

        self.app.push_screen(confirm_dialog(f"删除第 {at + 1} 行指标“{name}”？"), answer)

    async def move_row(self, step: int) -> None:
        rows = self._rows()
        at = self.current
        if at is None or not 0 <= at + step < len(rows):
            return
        rows[at], rows[at + step] = rows[at + step], rows[at]
        await self._replace(rows, at + step)
