"""One labelled field of a form: label, editor, unit, and the message line under it.

The message line shows why the text typed cannot be stored (and what the file keeps),
otherwise the findings `evaluate()` reported for this exact path. Nothing here judges a
value; the screen hands each row what to show.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Label, Static

from core.findings import Finding
from tui.editor.shown import plain

__all__ = ["FieldRow", "finding_text", "SEVERITY_MARK", "error_text"]

SEVERITY_MARK = {"error": "✗", "warning": "⚠", "info": "i"}


def finding_text(findings: list[Finding]) -> Text:
    """Findings as message lines, each marked and styled by severity."""
    text = Text()
    for index, finding in enumerate(findings):
        if index:
            text.append("\n")
        text.append(f"{SEVERITY_MARK.get(finding.severity, '')} ",
                    style="bold" if finding.severity == "error" else "")
        text.append_text(plain(finding.message, "bold" if finding.severity == "error" else ""))
    return text


def error_text(error: str, kept: str) -> Text:
    """Text that cannot be stored: why, and what the file keeps instead."""
    text = Text("✗ ", style="bold")
    text.append_text(plain(error, "bold"))
    text.append(f"（未保存；文件中仍为 {kept or '空'}）")
    return text


class FieldRow(Vertical):
    """A field with its label; `long` puts the editor under the label (a text area)."""

    def __init__(self, label: str, editor: Widget, unit: str | None = None, long: bool = False) -> None:
        super().__init__(classes="field-row" if long else "field-row -inline")
        self.label = label
        self.editor = editor
        self.unit = unit
        self.long = long
        # a message line is a widget only once there is something to show: most fields never
        # need one, and every widget costs start-up time
        self.message: Static | None = None
        self._shown: tuple[object, ...] = ()

    def compose(self) -> ComposeResult:
        yield Label(plain(self.label), classes="label long-label" if self.long else "label")
        yield self.editor
        if self.unit and not self.long:
            yield Label(plain(self.unit), classes="unit")
        if self.long and self.message is not None:
            yield self.message

    def make_message(self) -> Static:
        """The message line, made before the row is mounted (the view knows it will speak):
        built with the row, inside it (long) or by the view right after it, it is in the
        first layout instead of mounted on its own after the first frame, a layout each."""
        if self.message is None:
            self.message = Static("", classes="message")
        return self.message

    def show(self, findings: list[Finding], error: Text | None = None) -> None:
        """The reason the text cannot be stored, else this path's findings; nothing when neither."""
        signature = (error.plain if error is not None else None,
                     tuple((f.severity, f.message) for f in findings))
        if signature == self._shown:
            return
        self._shown = signature
        if error is None and not findings:
            if self.message is not None:
                self.message.display = False
            return
        text = error if error is not None else finding_text(findings)
        is_error = error is not None or any(f.severity == "error" for f in findings)
        if self.message is None:
            self.message = Static(text, classes="message")
            if self.long:
                self.mount(self.message)
            elif isinstance(self.parent, Widget):
                self.parent.mount(self.message, after=self)
        else:
            self.message.update(text)
            self.message.display = True
        self.message.set_class(is_error, "-error")

    def message_text(self) -> str:
        """What the message line shows now (for tests)."""
        if self.message is None or not self.message.display:
            return ""
        return str(self.message.render())
