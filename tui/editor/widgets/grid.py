"""A grid of money (附件1-style 经费): one line per row, one input per column.

Rows the form derives from their parts are shown dim with the figure `evaluate()`
computed; a group of named rows shows each named row on its own line with its name
editable, and an empty group a line that takes the focus (Enter or Ctrl+N there adds the
first row). The grid never adds anything up itself.
"""

from __future__ import annotations

import re
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, Static

from core.findings import Evaluation
from core.form import GridRow, GridSpec
from core.numbers import fmt_money
from tui.editor.session import Session
from tui.editor.shown import plain, update_static
from tui.editor.widgets.editors import AddLine, Bound, ValueInput
from tui.editor.widgets.field_row import finding_text
from tui.editor.widgets.rows import RowHost, RowSpot

__all__ = ["GridView", "GridLine", "NAME_KEY"]

NAME_KEY = "name"  # core.grids: a named row keeps its name under this key


class GridLine(Vertical):
    """A row label (or a named row's name), its cells, and its message line."""

    def __init__(self, label: str, indent: int, cells: list[Widget], *, list_path: str | None = None,
                 key: int | None = None, name_editor: Widget | None = None) -> None:
        super().__init__(classes="cost-line")
        self.label = label
        self.indent = indent
        self.cells = cells
        self.list_path = list_path
        self.key = key
        self.name_editor = name_editor
        self.message: Static | None = None
        self._shown: tuple[object, ...] = ()

    def compose(self) -> ComposeResult:
        with Horizontal(classes="line"):
            if self.name_editor is None:
                yield Label(plain("  " * self.indent + self.label), classes="cost-label")
            else:
                yield self.name_editor
            yield from self.cells

    def show(self, findings: list[Any], error: Any = None) -> None:
        signature = (getattr(error, "plain", None), tuple((f.severity, f.message) for f in findings))
        if signature == self._shown:
            return
        self._shown = signature
        if error is None and not findings:
            if self.message is not None:
                self.message.display = False
            return
        text = error if error is not None else finding_text(findings)
        if self.message is None:
            self.message = Static(text, classes="message")
            self.mount(self.message)
        else:
            self.message.update(text)
            self.message.display = True
        self.message.set_class(error is not None or any(f.severity == "error" for f in findings), "-error")


class GridView(RowHost, Vertical):
    """A whole grid; labels and headings from the form."""

    def __init__(self, session: Session, grid: GridSpec) -> None:
        super().__init__(classes="costs-grid")
        self.session = session
        self.grid = grid
        self.derived: list[tuple[Static, str]] = []

    def groups(self) -> dict[str, str]:
        """Each group of named rows by list path, labelled from the form (without its remark)."""
        return {f"{self.grid.path}.{row.list_id}": re.sub(r"^\d+、|（.*?）", "", row.label)
                for row in self.grid.rows if row.list_id}

    def _derived_cells(self, key: str) -> list[Widget]:
        cells: list[Widget] = []
        for column in self.grid.column_keys:
            cell = Static("", classes="cost-derived")
            self.derived.append((cell, f"{self.grid.id}.{key}.{column}"))
            cells.append(cell)
        return cells

    def _inputs(self, base: str) -> list[Widget]:
        session = self.session
        return [ValueInput(session.address(f"{base}.{column}"), f"{base}.{column}", "money",
                           session.get(f"{base}.{column}"), session.epoch, classes="cost-cell")
                for column in self.grid.column_keys]

    def _line(self, row: GridRow) -> GridLine:
        if row.parts or row.sum_lists or row.list_id:
            return GridLine(row.label, row.indent, self._derived_cells(row.key or row.list_id or ""))
        return GridLine(row.label, row.indent, self._inputs(f"{self.grid.path}.{row.key}"))

    def compose(self) -> ComposeResult:
        grid, session = self.grid, self.session
        self.derived = []
        with Horizontal(classes="line costs-head"):
            yield Label(plain(f"{grid.label}（{grid.unit}）"), classes="cost-label")
            for column in grid.columns:
                yield Label(plain(column.label), classes="cost-heading")
        for row in grid.rows:
            yield self._line(row)
            if not row.list_id:
                continue
            list_path = f"{grid.path}.{row.list_id}"
            keys = session.keys(list_path)
            for index, key in enumerate(keys):
                base = f"{list_path}[{index}]"
                name_path = f"{base}.{NAME_KEY}"
                name = ValueInput(session.address(name_path), name_path, "text", session.get(name_path),
                                  session.epoch, classes="cost-name")
                # the name's first character under the labels' (the input pads by one)
                name.styles.margin = (0, 0, 0, 2 * (row.indent + 1) - 1)
                name.styles.width = 17 - (2 * (row.indent + 1) - 1)
                yield GridLine("", row.indent + 1, self._inputs(base), list_path=list_path, key=key,
                               name_editor=name)
            if not keys:
                label = self.groups()[list_path]
                yield AddLine(list_path, "  " * (row.indent + 1) + f"（无）Enter 或 Ctrl+N 新增{label}")
        yield Static(f"Ctrl+N 新增一行（{'、'.join(self.groups().values())}）· Ctrl+D 删除", classes="hint")

    def refresh_figures(self, evaluation: Evaluation) -> None:
        for cell, key in self.derived:
            update_static(cell, fmt_money(evaluation.values.get(key)), layout=False)

    def lines(self) -> list[GridLine]:
        return list(self.query(GridLine))

    # -- RowHost ------------------------------------------------------------------
    def row_lists(self) -> list[RowSpot]:
        return [RowSpot(path, None, label) for path, label in self.groups().items()]

    def spot(self, widget: Widget) -> RowSpot | None:
        if isinstance(widget, AddLine):
            return RowSpot(widget.list_path, None, self.groups().get(widget.list_path, ""))
        node: Any = widget
        while node is not None and node is not self:
            if isinstance(node, GridLine) and node.list_path is not None:
                return RowSpot(node.list_path, self.session.index_of(node.list_path, node.key),
                               self.groups().get(node.list_path, ""))
            node = node.parent
        return None

    def blank(self, list_path: str) -> Any:
        return {}

    async def rebuild(self) -> None:
        await self.recompose()

    def focus_row(self, list_path: str, key: int, column: str | None = None) -> bool:
        for line in self.query(GridLine):
            if line.list_path == list_path and line.key == key:
                editors = [w for w in line.query("*") if isinstance(w, Bound) and w.focusable]
                if column is not None:
                    editors = [w for w in editors if w.address.column == column] or editors
                if editors:
                    self.screen.set_focus(editors[0])
                    return True
        return False

    def focus_empty(self, list_path: str) -> bool:
        for line in self.query(AddLine):
            if line.list_path == list_path:
                self.screen.set_focus(line)
                return True
        return False
