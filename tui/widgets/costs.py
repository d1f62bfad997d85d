"""附件1 经费控制情况 as a grid: one line per cost row, one input per column.

Rows the form derives from their parts (三公经费, 公务用车, 项目支出) are shown dim
with the figure `evaluate()` computed; a group of named rows (市级专项, 其他) shows
each named row as its own line. The grid never adds anything up itself.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from core.findings import Evaluation
from core.numbers import fmt_money
from core.spec import CostRow, FormSpec
from tui.widgets.editors import ValueInput
from tui.widgets.fields import finding_text

__all__ = ["CostsGrid"]


class CostLine(Vertical):
    """A row label, three inputs (or three dim derived figures), and its message line."""

    def __init__(self, label: str, indent: int, paths: list[str] | None,
                 derived_keys: list[str] | None) -> None:
        super().__init__(classes="cost-line")
        self.label = label
        self.indent = indent
        self.paths = paths or []
        self.derived_keys = derived_keys or []
        self.message = Static("", classes="message")
        self.cells: list[Static] = []

    def compose(self) -> ComposeResult:
        app: Any = self.app
        with Horizontal(classes="line"):
            yield Label("  " * self.indent + self.label, classes="cost-label")
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
        findings = [f for path in self.paths for f in evaluation.findings_at(path)]
        self.message.update(finding_text(findings))
        self.message.display = bool(findings)


class CostsGrid(Vertical):
    """The whole cost table from `spec.costs`; labels and headings from the form."""

    def __init__(self, spec: FormSpec, data: dict[str, Any]) -> None:
        super().__init__(classes="costs-grid")
        self.spec = spec
        self.data = data

    def _line(self, row: CostRow) -> CostLine:
        columns = [key for key, _label, _heading in self.spec.costs.columns]
        if row.parts or row.sum_tables or row.table:
            return CostLine(row.label, row.indent, None, [f"costs.{row.key or row.table}.{c}" for c in columns])
        return CostLine(row.label, row.indent, [f"{self.spec.costs.path}.{row.key}.{c}" for c in columns], None)

    def compose(self) -> ComposeResult:
        costs = self.spec.costs
        with Horizontal(classes="line costs-head"):
            yield Label(f"{costs.label}（{costs.unit}）", classes="cost-label")
            for _key, label, _heading in costs.columns:
                yield Label(label, classes="cost-heading")
        for row in costs.rows:
            yield self._line(row)
            if row.table:
                entries = self.data_rows(row.table)
                for index, entry in enumerate(entries):
                    name = entry.get("name", "") if isinstance(entry, dict) else ""
                    base = f"{costs.path}.{row.table}[{index}]"
                    yield CostLine(str(name), row.indent + 1,
                                   [f"{base}.{key}" for key, _l, _h in costs.columns], None)

    def data_rows(self, table: str) -> list[Any]:
        app: Any = self.app
        rows = app.session.get(f"{self.spec.costs.path}.{table}")
        return rows if isinstance(rows, list) else []

    def refresh_figures(self, evaluation: Evaluation) -> None:
        for line in self.query(CostLine):
            line.show_messages(evaluation)
