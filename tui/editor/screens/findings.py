"""检查结果 (F8): every finding of the report, errors first; Enter jumps to its field.

The list is the same `evaluate()` the CLI's `jixiao check` prints, so the clerk and a
reviewer running the command line see the same findings in the same words.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from core.findings import Evaluation, Finding
from core.form import FormSpec, section_short
from tui.editor.widgets.fields import SEVERITY_MARK

__all__ = ["FindingsScreen"]

ORDER = {"error": 0, "warning": 1, "info": 2}


class FindingsScreen(Screen[Finding | None]):
    """All findings; Enter returns the chosen one to the app, Esc returns nothing."""

    AUTO_FOCUS = "*"

    BINDINGS = [Binding("escape", "close", "返回"), Binding("f8", "close", "返回", show=False)]

    def __init__(self, spec: FormSpec, evaluation: Evaluation) -> None:
        super().__init__()
        self.spec = spec
        self.evaluation = evaluation
        self.findings = sorted(evaluation.findings, key=lambda f: ORDER.get(f.severity, 3))

    def compose(self) -> ComposeResult:
        ev = self.evaluation
        yield Label(f"检查结果  错误 {ev.errors} · 警告 {ev.warnings} · 提示 {ev.infos}",
                    classes="section-title")
        options = []
        for index, finding in enumerate(self.findings):
            where = ""
            if finding.section:
                short = section_short(self.spec.section(finding.section))
                where = "" if finding.message.startswith(short) else short + "："
            text = Text(f"{SEVERITY_MARK.get(finding.severity, '')} ",
                        style="bold" if finding.severity == "error" else "")
            text.append(where + finding.message)
            options.append(Option(text, id=str(index)))
        if not options:
            options.append(Option("没有发现问题。", id="none", disabled=True))
        yield OptionList(*options, id="finding-list")
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id.isdigit():
            self.dismiss(self.findings[int(event.option.id)])

    def action_close(self) -> None:
        self.dismiss(None)
