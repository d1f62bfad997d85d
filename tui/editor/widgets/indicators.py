"""The scored list (附件2 绩效指标): subtotal bars, the rows as a table, the current row's form.

DataTable cannot edit in place (style.md), so the posting pattern is used: the table shows
each row as `evaluate()` judged it and the form under it edits the row under the cursor.
The form is built once; moving the cursor re-binds its editors to the new row at once (no
remount), so a key that follows an arrow in the same burst lands in the row the arrow
chose. Columns, catalogs and words come from the form: the group column (一级) shows the
catalog's short name, text columns are cut with an ellipsis, figures are never cut.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.widget import Widget
from textual.widgets import DataTable, Input, Label, Static

from core.findings import Evaluation, IndicatorResult
from core.form import ColumnSpec, FormSpec, ListSpec
from core.numbers import fmt_score
from tui.editor.session import Session
from tui.editor.shown import one_line, plain, update_static
from tui.editor.values import show_value
from tui.editor.widgets.base_inputs import run_own_binding
from tui.editor.widgets.editors import Bound, ValueInput
from tui.editor.widgets.field_row import FieldRow
from tui.editor.widgets.rows import RowHost, RowSpot

__all__ = ["IndicatorPanel", "IndicatorTable", "subtotal_text"]

BAR = 10
SUGGESTED = "suggested"


def subtotal_text(spec: FormSpec, evaluation: Evaluation) -> Text:
    """`产出 50/50 ■■■■■■■■■■` per 一级指标, against the form's weights."""
    text = Text()
    width = max((cell_len(level.short) for level in spec.level1), default=0) + 1
    for level in spec.level1:
        _weight, score = evaluation.level1.get(level.name, (level.weight, None))
        filled = 0
        if score is not None and level.weight:
            filled = max(0, min(BAR, int(score * BAR / level.weight)))
        if len(text):
            text.append("\n")
        text.append_text(plain(level.short))
        text.append(" " * (width - cell_len(level.short)))
        text.append(f"{fmt_score(score):>5}/{fmt_score(level.weight):<3} ")
        text.append("■" * filled, style="bold")
        text.append("□" * (BAR - filled), style="dim")
    return text


class IndicatorTable(DataTable[Text]):
    """The rows; arrows run inline (in key order), and a cursor move re-binds the row form."""

    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            await run_own_binding(self, event)

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        super().watch_cursor_coordinate(old, new)
        if old.row != new.row:
            panel = next((node for node in self.ancestors if isinstance(node, IndicatorPanel)), None)
            if panel is not None:
                panel.show_row(new.row)


class IndicatorPanel(RowHost, Vertical):
    """Subtotals, the table, and the form of the row under the cursor."""

    def __init__(self, session: Session, table: ListSpec) -> None:
        super().__init__(classes="indicator-panel")
        self.session = session
        self.table_spec = table
        self.spec = session.report.spec
        self.current: int | None = 0 if session.rows(table.path) else None
        self.editors: dict[str, Widget] = {}
        self._shown_cells: dict[tuple[int, str], str] = {}
        columns = table.columns
        self.group_col = next((c for c in columns if c.catalog == "level1"), None) or (
            next((c for c in columns if c.key == table.row_group), None))
        self.level2_col = next((c for c in columns if c.catalog == "level2"), None)
        self.name_col = next((c for c in columns if c.key == table.row_name), None)
        self.figure_cols = [c for c in columns if c.type in ("score", "money", "count")]

    # -- catalogs ------------------------------------------------------------------
    def _choices(self, column: ColumnSpec) -> Callable[[], Sequence[str]] | None:
        if column.catalog == "level1":
            return lambda: [level.name for level in self.spec.level1]
        if column.catalog == "level2":
            return self._level2_choices
        return None

    def _level2_choices(self) -> list[str]:
        group = None
        if self.group_col is not None and self.current is not None:
            group = self.session.get(f"{self.table_spec.path}[{self.current}].{self.group_col.key}")
        levels = [level for level in self.spec.level1 if level.name == group] or list(self.spec.level1)
        return [name for level in levels for name in level.level2]

    # -- compose ---------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static("", id="subtotals")
        table = IndicatorTable(id="indicator-table", cursor_type="row", zebra_stripes=False)
        yield table
        label = self.table_spec.row_label
        yield Static(f"Ctrl+N/Insert 新增{label} · Ctrl+D/Delete 删除 · Alt+↑/↓ 移动 · "
                     "Enter 编辑此行", classes="hint")
        with Vertical(classes="row-form", id="row-form"):
            yield Label("", id="row-title", classes="list-title")
            yield Static(plain(f"（无{label}）按 Ctrl+N 或 Insert 新增第一行"), id="row-empty",
                         classes="hint")
            catalogs = [c.label for c in self.table_spec.columns if c.catalog]
            for column in self.table_spec.columns:
                # ids name the column, not the row: the form is re-bound as the cursor moves
                editor = ValueInput(self.session.address(self._path(0, column)), self._path(0, column),
                                    column.type, None, self.session.epoch, choices=self._choices(column),
                                    classes="row-cell", id=f"row-{column.key}")
                self.editors[column.key] = editor
                yield FieldRow(column.label, editor, unit=column.unit)
            if catalogs:
                yield Static(f"{'、'.join(catalogs)}：↑/↓ 从目录选择，→ 接受补全，也可直接输入",
                             classes="hint")

    def _path(self, index: int, column: ColumnSpec) -> str:
        return f"{self.table_spec.path}[{index}].{column.key}"

    def on_mount(self) -> None:
        table = self.query_one(IndicatorTable)
        table.add_column("#", key="n", width=3)
        if self.group_col is not None:
            table.add_column(plain(self.group_col.label[:2]), key="group", width=6)
        if self.level2_col is not None:
            table.add_column(plain(self.level2_col.label[:2]), key="level2", width=8)
        if self.name_col is not None:
            table.add_column(plain(self.name_col.label[:2]), key="name", width=8)
        for column in self.figure_cols:
            table.add_column(plain(column.label), key=column.key)
        table.add_column("建议", key=SUGGESTED)
        self.refresh_rows()
        self.show_row(self.current)

    def on_resize(self, event: events.Resize) -> None:
        self.fit_name_column()

    def fit_name_column(self) -> None:
        """The name column takes what the others leave; figures are sized to their content."""
        from textual.widgets.data_table import ColumnKey

        table = self.query_one(IndicatorTable)
        name = table.columns.get(ColumnKey("name"))
        if name is None or not self.size.width:
            return
        others = sum(col.get_render_width(table) for key, col in table.columns.items() if key != "name")
        width = max(6, self.size.width - 2 - others - 2 * table.cell_padding)
        if width != name.width:
            name.width = width
            table._require_update_dimensions = True  # Private API, Textual 8.2.8: re-measure columns
            table.refresh()

    # -- showing -------------------------------------------------------------------------
    def _rows(self) -> list[Any]:
        return self.session.rows(self.table_spec.path)

    def _cells(self, index: int, row: Any, result: IndicatorResult | None,
               evaluation: Evaluation) -> dict[str, Text]:
        row = row if isinstance(row, dict) else {}
        prefix = f"{self.table_spec.path}[{index}]"
        flagged = any(f.path.startswith(prefix + ".") and f.severity == "error" for f in evaluation.findings)
        cells: dict[str, Text] = {"n": Text(f"{index + 1}{'!' if flagged else ''}")}

        def cut(value: Any) -> Text:
            return Text(one_line(value or ""), no_wrap=True, overflow="ellipsis")

        if self.group_col is not None:
            value = row.get(self.group_col.key)
            short = next((level.short for level in self.spec.level1 if level.name == value), value)
            cells["group"] = cut(short)
        if self.level2_col is not None:
            cells["level2"] = cut(row.get(self.level2_col.key))
        if self.name_col is not None:
            cells["name"] = cut(row.get(self.name_col.key))
        for column in self.figure_cols:
            cells[column.key] = Text(show_value(column.type, row.get(column.key)), justify="right")
        suggested = ""
        if result is not None and result.suggested is not None:
            suggested = fmt_score(result.suggested)
        elif result is not None and result.suggested_range is not None:
            low, high = result.suggested_range
            suggested = f"{fmt_score(low)}-{fmt_score(high)}"
        cells[SUGGESTED] = Text(suggested, justify="right")
        return cells

    def refresh_rows(self, evaluation: Evaluation | None = None) -> None:
        evaluation = evaluation or self.session.evaluation
        table = self.query_one(IndicatorTable)
        rows = self._rows()
        wanted = self.current
        judged = {result.index: result for result in evaluation.indicators}
        all_cells = [self._cells(i, row, judged.get(i), evaluation) for i, row in enumerate(rows)]
        if table.row_count != len(all_cells):
            table.clear()
            self._shown_cells.clear()
            for index, cells in enumerate(all_cells):
                table.add_row(*cells.values(), key=str(index))
                for key, cell in cells.items():
                    self._shown_cells[(index, key)] = cell.plain
        else:
            for index, cells in enumerate(all_cells):
                for key, cell in cells.items():
                    if self._shown_cells.get((index, key)) != cell.plain:
                        self._shown_cells[(index, key)] = cell.plain
                        table.update_cell(str(index), key, cell,
                                          update_width=key in {c.key for c in self.figure_cols} or key == SUGGESTED)
        self.fit_name_column()
        self.current = wanted
        if wanted is not None and rows and table.cursor_row != wanted:
            table.move_cursor(row=min(wanted, len(rows) - 1), animate=False)

    def refresh_figures(self, evaluation: Evaluation) -> None:
        update_static(self.query_one("#subtotals", Static), subtotal_text(self.spec, evaluation))
        self.refresh_rows(evaluation)

    def show_row(self, index: int | None) -> None:
        """Bind the row form to row `index` (None: no rows, the form is hidden)."""
        rows = self._rows()
        if index is not None and not 0 <= index < len(rows):
            index = len(rows) - 1 if rows else None
        self.current = index
        form = self.query_one("#row-form", Vertical)
        empty = index is None
        self.query_one("#row-empty").display = empty
        for row in form.query(FieldRow):
            row.display = not empty
        if empty:
            return
        assert index is not None
        self.query_one("#row-title", Label).update(plain(f"第 {index + 1} 行"))
        session = self.session
        for column in self.table_spec.columns:
            editor = self.editors[column.key]
            assert isinstance(editor, ValueInput)
            path = self._path(index, column)
            address = session.address(path)
            if editor.address == address and editor.epoch == session.epoch:
                continue
            editor.bind(address, column.type, session.epoch, path)
            with editor.prevent(Input.Changed):
                editor.value = show_value(column.type, session.get(path))
                editor.cursor_position = len(editor.value)

    def form_rows(self) -> list[FieldRow]:
        return list(self.query("#row-form FieldRow").results(FieldRow)) if self.current is not None else []

    # -- RowHost -----------------------------------------------------------------------
    def row_lists(self) -> list[RowSpot]:
        return [RowSpot(self.table_spec.path, self.current, self.table_spec.label)]

    def spot(self, widget: Widget) -> RowSpot | None:
        return RowSpot(self.table_spec.path, self.current, self.table_spec.label)

    def blank(self, list_path: str) -> Any:
        return {}

    async def rebuild(self) -> None:
        self.refresh_rows()
        self.show_row(self.current)

    def focus_row(self, list_path: str, key: int, column: str | None = None) -> bool:
        index = self.session.index_of(list_path, key)
        if index is None:
            return False
        self.current = index
        self.refresh_rows()
        self.show_row(index)
        target = self.editors.get(column or "") or next(iter(self.editors.values()), None)
        if target is None:
            return False
        self.screen.set_focus(target)
        return True

    def focus_table(self) -> None:
        self.screen.set_focus(self.query_one(IndicatorTable))

    def editor_for(self, path: str) -> Widget | None:
        """The row-form editor of `path`, after moving the cursor to its row."""
        address = self.session.address(path)
        if address.list_path != self.table_spec.path or address.row is None:
            return None
        index = self.session.index_of(self.table_spec.path, address.row)
        if index is None:
            return None
        self.current = index
        self.refresh_rows()
        self.show_row(index)
        return self.editors.get(address.column or "") or next(iter(self.editors.values()), None)

    def bound(self) -> list[Bound]:
        return [w for w in self.editors.values() if isinstance(w, Bound)] if self.current is not None else []
