"""What every section view has: its title, its progress, its editors, its messages.

A view is built from its entry in the form and the session, and refreshed from one
evaluation: the messages under the fields, derived figures, generated sentences, and
the findings of the section that belong to no field on screen (so none is hidden). A
refresh never sets the text of an editor; only building the view does.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Label, Static

from core.findings import Evaluation, Finding
from core.form import Section
from core.numbers import fmt_money, fmt_percent, fmt_score
from tui.editor.session import Address, Session
from tui.editor.shown import plain, update_static
from tui.editor.summary import required_progress
from tui.editor.values import show_value
from tui.editor.widgets.editors import AddLine, Bound
from tui.editor.widgets.field_row import FieldRow, error_text, finding_text
from tui.editor.widgets.rows import RowHost, RowSpot

if TYPE_CHECKING:
    from tui.editor.widgets.grid import GridLine

__all__ = ["SectionView", "format_computed", "Errors"]

Errors = dict[Address, str]


def format_computed(kind: str, value: Any) -> str:
    if kind == "percent":
        return fmt_percent(value)
    if kind == "score":
        return fmt_score(value)
    return fmt_money(value)


class SectionView(Vertical):
    """One section's form; subclasses yield the body (`body`) and may refresh more."""

    def __init__(self, session: Session, section: Section, position: int, count: int) -> None:
        super().__init__(id="section-form")
        self.session = session
        self.section = section
        self.position = position
        self.count = count
        self.other: Static | None = None
        self._progress_shown = ""
        self._owners: list[tuple[Any, list[Widget]]] | None = None
        self._parts: dict[str, Any] | None = None

    # -- building ------------------------------------------------------------------
    def progress_text(self) -> str:
        filled, required = required_progress(self.session.report, self.section)
        text = f"第 {self.position}/{self.count} 节"
        return text + (f" · 必填 {filled}/{required}" if required else "")

    def compose(self) -> ComposeResult:
        yield Label(plain(self.section.label), classes="section-title")
        self._progress_shown = self.progress_text()
        yield Static(self._progress_shown, id="progress", classes="progress")
        for widget in self.body():
            yield widget
            if isinstance(widget, FieldRow) and self._will_speak(widget):
                line = widget.make_message()  # filled by the first refresh, as any message line
                if not widget.long:
                    yield line

    def _will_speak(self, row: FieldRow) -> bool:
        """The row has findings now: its message line is built with the view."""
        editor = row.editor
        path = self.session.resolve(editor.address) if isinstance(editor, Bound) else None
        return path is not None and bool(self.session.evaluation.findings_at(path))

    def body(self) -> Iterator[Widget]:
        return iter(())

    # -- what is on screen -----------------------------------------------------------
    def editors(self) -> list[Widget]:
        """Every editor of the view, in focus order."""
        return [w for w in self.query("*") if isinstance(w, Bound) and w.display]

    def focusables(self) -> list[Widget]:
        """What Tab walks, in order: the view's focusable widgets (the list found once per build)."""
        widgets: list[Widget] = self.part("focusables", lambda: [w for w in self.query("*") if w.can_focus])
        return [w for w in widgets if w.focusable]

    def editor_for(self, path: str) -> Widget | None:
        """The editor of a dotted path (rows by their key, so a moved row is still found)."""
        address = self.session.address(path)
        for widget in self.editors():
            if isinstance(widget, Bound) and widget.address == address:
                return widget
        return None

    def part(self, name: str, find: Callable[[], Any]) -> Any:
        """A widget (or list of widgets) of the view, found once per build: a query walks them all.

        Until the view is mounted its widgets are still being composed (the footer asks
        which keys act while the screen is built): what is found then is not kept."""
        if not self.is_mounted:
            return find()
        if self._parts is None:
            self._parts = {}
        if name not in self._parts:
            self._parts[name] = find()
        return self._parts[name]

    def row_hosts(self) -> list[RowHost]:
        """The widgets of the view that show rows."""
        hosts: list[RowHost] = self.part("hosts", lambda: [w for w in self.query("*") if isinstance(w, RowHost)])
        return hosts

    def row_lists(self) -> list[tuple[RowHost, RowSpot]]:
        return [(host, spot) for host in self.row_hosts() for spot in host.row_lists()]

    def focus_empty_line(self, list_path: str) -> bool:
        for line in self.query(AddLine):
            if line.list_path == list_path:
                self.screen.set_focus(line)
                return True
        return False

    # -- refreshing --------------------------------------------------------------------
    def _error(self, editors: list[Widget], errors: Errors) -> Text | None:
        for editor in editors:
            if isinstance(editor, Bound) and editor.address in errors:
                kept = show_value(editor.kind, self.session.value_at(editor.address))
                return error_text(errors[editor.address], kept)
        return None

    def forget_widgets(self) -> None:
        """Rows were added or removed: find the message lines again on the next refresh."""
        self._owners = None
        self._parts = None

    def message_owners(self) -> list[tuple[Any, list[Widget]]]:
        """Each widget with a message line and the editors it speaks for (found once per build)."""
        if self._owners is None:
            self._owners = self._find_owners()
        return self._owners

    def _find_owners(self) -> list[tuple[Any, list[Widget]]]:
        # no grid line exists before its module is imported: a view without one never loads it
        line: type[GridLine] | None = getattr(sys.modules.get("tui.editor.widgets.grid"), "GridLine", None)
        owners: list[tuple[Any, list[Widget]]] = []
        for widget in self.query("*"):
            if isinstance(widget, FieldRow):
                owners.append((widget, [widget.editor]))
            elif line is not None and isinstance(widget, line):
                owners.append((widget, [w for w in widget.query("*") if isinstance(w, Bound)]))
        return owners

    def refresh_figures(self, evaluation: Evaluation, errors: Errors) -> None:
        """Every message and figure from this evaluation, in one pass."""
        shown: set[str] = set()
        for owner, editors in self.message_owners():
            if not owner.display:
                continue
            findings: list[Finding] = []
            for editor in editors:
                if not isinstance(editor, Bound):
                    continue
                path = self.session.resolve(editor.address)
                if path is None:
                    continue
                shown.add(path)
                findings.extend(evaluation.findings_at(path))
            owner.show(findings, self._error(editors, errors))
        self.refresh_extra(evaluation, shown)
        progress = self.progress_text()
        if progress != self._progress_shown:
            self._progress_shown = progress
            update_static(self.query_one("#progress", Static), progress, layout=False)
        self._show_other(evaluation, shown)

    def refresh_extra(self, evaluation: Evaluation, shown: set[str]) -> None:
        """Derived figures, grids, tables: what a kind shows besides its fields."""

    def _show_other(self, evaluation: Evaluation, shown: set[str]) -> None:
        other = [f for f in evaluation.findings_in(self.section.id) if f.path not in shown]
        if self.other is None and not other:
            return
        if self.other is None:
            self.other = Static("", id="other-findings", classes="message")
            self.mount(self.other)
        update_static(self.other, finding_text(other))
        self.other.display = bool(other)
        self.other.set_class(any(f.severity == "error" for f in other), "-error")
