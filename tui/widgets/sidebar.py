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
from core.spec import FormSpec
from tui.session import marks

__all__ = ["SectionList", "FINDINGS_ID"]

FINDINGS_ID = "findings"


class SectionList(OptionList):
    """Sections in form order; selecting one opens it."""

    def __init__(self, spec: FormSpec, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.spec = spec

    def show_marks(self, status: dict[str, str], evaluation: Evaluation) -> None:
        """Redraw the labels with their marks, keeping the highlighted entry."""
        symbols = marks()
        highlighted = self.highlighted
        options = []
        for section in self.spec.sections:
            label = Text(section.nav)
            label.append(" " + symbols[status.get(section.id, "empty")],
                         style="bold" if status.get(section.id) == "error" else "")
            options.append(Option(label, id=section.id))
        summary = Text(f"检查结果 {symbols['error']}{evaluation.errors} {symbols['warning']}{evaluation.warnings}")
        options.append(Option(summary, id=FINDINGS_ID))
        self.set_options(options)
        if highlighted is not None:
            self.highlighted = highlighted
