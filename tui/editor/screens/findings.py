"""检查结果 (F8): every finding of the report, errors first; Enter jumps to its field.

The list is the same `evaluate()` the CLI's `jixiao check` prints, so the clerk and a
reviewer running the command line see the same findings in the same words.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Label, Static
from textual.widgets.option_list import Option

from core.findings import Evaluation, Finding
from core.form import FormSpec, section_short
from tui.editor.screens.dialogs import Dialog, drain
from tui.editor.shown import plain
from tui.editor.widgets.field_row import SEVERITY_MARK
from tui.editor.widgets.sidebar import InlineOptionList

__all__ = ["FindingsScreen"]

ORDER = {"error": 0, "warning": 1, "info": 2}


class FindingsScreen(Dialog[Finding]):
    """All findings; Enter returns the chosen one, Esc (or F8) returns nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "跳转", show=False, priority=True),
        Binding("f8", "cancel", "返回", show=False, priority=True),
    ]

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
            text.append_text(plain(where + finding.message))
            options.append(Option(text, id=str(index)))
        if not options:
            options.append(Option("没有发现问题。", id="none", disabled=True))
        yield InlineOptionList(*options, id="finding-list")
        yield Static("↑/↓ 选择 · Enter 跳转到字段 · Esc 返回", classes="hint")

    async def action_choose(self) -> None:
        options = self.query_one(InlineOptionList)
        await drain(options)
        if not self.live:
            return
        index = options.highlighted
        if index is not None and 0 <= index < len(self.findings):
            self.answer(self.findings[index])
