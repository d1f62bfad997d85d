"""One labelled field of the form: label, editor, unit, and the message line under it.

The message line shows the parse error while the text cannot be read, otherwise the
findings `evaluate()` reported for this exact path. Nothing here judges a value.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Label, Static

from core.findings import Evaluation, Finding
from tui.editor.widgets.editors import ValueInput

__all__ = ["FieldRow", "finding_text", "SEVERITY_MARK"]

SEVERITY_MARK = {"error": "✗", "warning": "⚠", "info": "i"}


def finding_text(findings: list[Finding]) -> Text:
    """Findings as message lines, each marked and styled by severity."""
    text = Text()
    for i, finding in enumerate(findings):
        if i:
            text.append("\n")
        text.append(f"{SEVERITY_MARK.get(finding.severity, '')} {finding.message}",
                    style=f"{'bold' if finding.severity == 'error' else ''}")
    return text


class FieldRow(Vertical):
    """A field bound to one report path; `long` puts a TextArea under the label."""

    def __init__(self, path: str, label: str, kind: str, value: Any, unit: str | None = None,
                 long: bool = False, help: str | None = None) -> None:
        # a one-line field lays out its label, editor and unit itself (-inline: horizontal)
        # and its message line goes under it as the next sibling: one widget fewer a field
        super().__init__(classes="field-row" if long else "field-row -inline")
        self.path = path
        self.label = label
        self.kind = kind
        self.value = value
        self.unit = unit
        self.long = long
        self.help = help
        self.editor: Widget | None = None
        # a field's message line is a widget only while there is, or was, something to
        # show: most fields never need one, and every widget costs start-up time
        self.message = Static("", classes="message")
        self.message.display = False

    def compose(self) -> ComposeResult:
        if self.kind == "bool":
            from tui.editor.widgets.text_editors import BoolSelect

            self.editor = BoolSelect(self.path, self.value)
        elif self.long:
            from tui.editor.widgets.text_editors import LongText

            self.editor = LongText(self.path, self.value, classes="long")
        else:
            self.editor = ValueInput(self.path, self.kind, self.value, owner=self,
                                     placeholder=self.help if self.kind == "text" and self.help else "")
        if self.long:
            yield Label(self.label, classes="label long-label")
            yield self.editor
            self._set_message()
            if self.message.display:
                yield self.message
        else:
            yield Label(self.label, classes="label")
            yield self.editor
            if self.unit:
                yield Label(self.unit, classes="unit")

    def composed_message(self) -> Static | None:
        """For a parent's compose, right after this row: the message line if it has one
        now (saves mounting it afterwards); None for a long row, which composes its own."""
        if self.long:
            return None
        self._set_message()
        return self.message if self.message.display else None

    def on_mount(self) -> None:
        if not self.long and self.message.parent is None:
            self.show_messages()

    def show_messages(self, evaluation: Evaluation | None = None) -> None:
        """The parse error if the text cannot be read, else this path's findings."""
        self._set_message(evaluation)
        if self.message.display and self.message.parent is None:
            if self.long:
                self.mount(self.message)  # last, under the editor, where compose puts it
            elif self.parent is not None:
                self.parent.mount(self.message, after=self)

    def _set_message(self, evaluation: Evaluation | None = None) -> None:
        error = getattr(self.editor, "parse_error", None)
        if error:
            self.message.update(Text(f"✗ {error}（未保存此值）", style="bold"))
            self.message.set_class(True, "-error")
            self.message.display = True
            return
        if evaluation is None:
            app: Any = self.app
            evaluation = app.session.evaluation
        findings = evaluation.findings_at(self.path)
        if not findings and self.message.parent is None:
            self.message.display = False
            return
        self.message.set_class(any(f.severity == "error" for f in findings), "-error")
        self.message.update(finding_text(findings))
        self.message.display = bool(findings)
