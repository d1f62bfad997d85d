"""The section list on the left, each section marked by what evaluate() found in it.

The last entry opens 检查结果; the marks are ✓ complete, ⚠ warnings, ✗ errors,
○ empty (ASCII `+ ! x o` with JIXIAO_ASCII=1). Marks sit at the end of each line so a
terminal drawing them two cells wide cannot push a column out of line.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from core.findings import Evaluation
from core.form import FormSpec
from tui.editor.session import marks

__all__ = ["SectionList", "FINDINGS_ID"]

FINDINGS_ID = "findings"


class SectionList(OptionList):
    """Sections in form order; selecting one opens it.

    Composed with its marks when they are known, and redrawn only when a mark or a
    count changes: rebuilding the options costs a layout pass, at start-up (~20 ms)
    and on every keystroke that leaves every mark as it was.
    """

    def __init__(self, spec: FormSpec, status: dict[str, str] | None = None,
                 evaluation: Evaluation | None = None, **kwargs: object) -> None:
        options: list[Option] = []
        shown = None
        if status is not None and evaluation is not None:
            options = self.marked_options(spec, status, evaluation)
            shown = self._signature(spec, status, evaluation)
        super().__init__(*options, **kwargs)  # type: ignore[arg-type]
        self.spec = spec
        self._shown = shown

    @staticmethod
    def _signature(spec: FormSpec, status: dict[str, str], evaluation: Evaluation) -> tuple[object, ...]:
        return (id(spec), tuple(status.get(s.id) for s in spec.sections), evaluation.errors,
                evaluation.warnings, marks()["error"])

    def show_marks(self, status: dict[str, str], evaluation: Evaluation) -> None:
        """Redraw the labels with their marks, keeping the highlighted entry."""
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
            label = Text(section.nav)
            label.append(" " + symbols[status.get(section.id, "empty")],
                         style="bold" if status.get(section.id) == "error" else "")
            options.append(Option(label, id=section.id))
        summary = Text(f"检查结果 {symbols['error']}{evaluation.errors} {symbols['warning']}{evaluation.warnings}")
        options.append(Option(summary, id=FINDINGS_ID))
        return options
