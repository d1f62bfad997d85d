"""The section list on the left, each section marked by what evaluate() found in it.

The last entry opens 检查结果; the marks are ✓ complete, ◐ partly filled, ⚠ warnings,
✗ errors, ○ empty (ASCII `+ ~ ! x o` with JIXIAO_ASCII=1). Marks sit at the end of each
line so a terminal drawing them two cells wide cannot push a column out of line.
"""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual import events
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from core.findings import Evaluation
from core.form import FormSpec
from tui.editor.shown import plain
from tui.editor.summary import marks
from tui.editor.widgets.base_inputs import run_own_binding

__all__ = ["SectionList", "InlineOptionList", "FINDINGS_ID"]

FINDINGS_ID = "--findings"


class InlineOptionList(OptionList):
    """An OptionList whose arrows run in key order (an Enter right after them sees them)."""

    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            await run_own_binding(self, event)

    def _move_page(self, direction: Literal[-1, 1]) -> None:
        """Textual's PageUp/PageDown read the laid-out lines, which a list with no size (hidden
        while the terminal is too small) does not have, and raised KeyError: a page then
        moves nothing."""
        lines = self._lines
        if not lines or (self.highlighted or 0) not in self._index_to_line:
            return
        super()._move_page(direction)


class SectionList(InlineOptionList):
    """Sections in form order; redrawn only when a mark or a count changes (a layout pass each)."""

    def __init__(self, spec: FormSpec, status: dict[str, str], evaluation: Evaluation,
                 **kwargs: str) -> None:
        super().__init__(*self.marked_options(spec, status, evaluation), **kwargs)  # type: ignore[arg-type]
        self.spec = spec
        self._shown = self._signature(spec, status, evaluation)

    @staticmethod
    def _signature(spec: FormSpec, status: dict[str, str], evaluation: Evaluation) -> tuple[object, ...]:
        return (tuple(status.get(s.id) for s in spec.sections), evaluation.errors, evaluation.warnings,
                marks()["error"])

    def show_marks(self, status: dict[str, str], evaluation: Evaluation) -> None:
        signature = self._signature(self.spec, status, evaluation)
        if signature == self._shown:
            return
        self._shown = signature
        highlighted = self.highlighted
        self.set_options(self.marked_options(self.spec, status, evaluation))
        if highlighted is not None:
            self.highlighted = highlighted

    @staticmethod
    def marked_options(spec: FormSpec, status: dict[str, str], evaluation: Evaluation) -> list[Option]:
        symbols = marks()
        options = []
        for section in spec.sections:
            label = plain(section.nav)
            state = status.get(section.id, "empty")
            label.append(" " + symbols[state], style="bold" if state == "error" else "")
            options.append(Option(label, id=section.id))
        summary = Text(f"检查结果 {symbols['error']}{evaluation.errors} {symbols['warning']}{evaluation.warnings}")
        options.append(Option(summary, id=FINDINGS_ID))
        return options
