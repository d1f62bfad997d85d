"""Small modal questions: quit with unsaved changes, confirm a delete, offer a recovery,
name a new report, choose an export file.

Each answers through `dismiss()`, so callers use `push_screen(dialog, callback)` and
no worker is needed (push_screen_wait works only inside one). Every choice has a key,
because the clerk may have no mouse over SSH.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

__all__ = ["ChoiceDialog", "quit_dialog", "confirm_dialog", "recovery_dialog", "NewReportDialog",
           "ExportDialog"]


class ChoiceDialog(ModalScreen[str]):
    """A question with a few answers, each on a button and a key; Esc is the last answer."""

    AUTO_FOCUS = "*"

    BINDINGS = [Binding("escape", "cancel", "取消", show=False),
                Binding("left", "app.focus_previous", show=False),
                Binding("right", "app.focus_next", show=False)]

    def __init__(self, title: str, question: str, choices: list[tuple[str, str, str]]) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.question = question
        self.choices = choices  # (answer, label, key)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.question, classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                for answer, label, key in self.choices:
                    yield Button(f"{label}({key.upper()})", id=f"answer-{answer}")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("answer-"))

    def on_key(self, event: events.Key) -> None:
        for answer, _label, shortcut in self.choices:
            if event.key == shortcut:
                event.stop()
                self.dismiss(answer)
                return

    def action_cancel(self) -> None:
        self.dismiss(self.choices[-1][0])


def quit_dialog(name: str) -> ChoiceDialog:
    return ChoiceDialog("退出", f"{name} 有未保存的修改。", [
        ("save", "保存", "s"), ("discard", "不保存", "d"), ("cancel", "取消", "c")])


def confirm_dialog(question: str) -> ChoiceDialog:
    return ChoiceDialog("确认", question, [("yes", "确定", "y"), ("no", "取消", "n")])


def recovery_dialog(recovery: str) -> ChoiceDialog:
    return ChoiceDialog("恢复", f"发现上次未保存的修改（{recovery}），比报告文件新。是否恢复？",
                        [("restore", "恢复", "r"), ("discard", "丢弃", "d")])


class NewReportDialog(ModalScreen[tuple[str, int] | None]):
    """`jixiao edit NEW.toml`: the unit and year come first, then the blank form."""

    AUTO_FOCUS = "*"

    BINDINGS = [Binding("escape", "cancel", "取消")]

    def __init__(self, file_name: str, default_year: int) -> None:
        super().__init__(classes="dialog-screen")
        self.file_name = file_name
        self.default_year = default_year

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"新建报告 {self.file_name}", classes="dialog-title")
            yield Label("单位名称")
            yield Input(id="unit-name")
            yield Label("年度")
            yield Input(str(self.default_year), id="unit-year")
            yield Static("", id="new-error", classes="message")
            yield Static("Enter 确定 · Esc 取消", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from core.numbers import NumberError, parse_count

        name = self.query_one("#unit-name", Input).value.strip()
        if event.input.id == "unit-name":
            self.query_one("#unit-year", Input).focus()
            return
        try:
            year = parse_count(self.query_one("#unit-year", Input).value)
        except NumberError as exc:
            self.query_one("#new-error", Static).update(f"✗ {exc}")
            return
        from core.newreport import default_form

        spec = default_form()
        bounds = spec.fields[spec.role("year") or ""]  # the form's bounds, not the TUI's
        low, high = bounds.min, bounds.max
        if (low is not None and year < low) or (high is not None and year > high):
            self.query_one("#new-error", Static).update(f"✗ {bounds.label}应在 {low} 至 {high} 之间")
            return
        self.dismiss((name, year))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportDialog(ModalScreen[str | None]):
    """Ctrl+E: the output file; its suffix picks the writer, as in `jixiao export --to`."""

    AUTO_FOCUS = "*"

    BINDINGS = [Binding("escape", "cancel", "取消")]

    def __init__(self, default: str, known: str) -> None:
        super().__init__(classes="dialog-screen")
        self.default = default
        self.known = known

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("导出", classes="dialog-title")
            yield Label(f"输出文件（{self.known}）")
            yield Input(self.default, id="export-path")
            yield Static("", id="export-error", classes="message")
            yield Static("Enter 导出 · Esc 取消", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def show_error(self, message: str) -> None:
        self.query_one("#export-error", Static).update(f"✗ {message}")

    def action_cancel(self) -> None:
        self.dismiss(None)
