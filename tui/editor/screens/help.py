"""F1: every key, from tui.editor.keys, so the help can never drift from the bindings list."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from tui.editor.keys import KEYS
from tui.editor.screens.dialogs import Dialog

__all__ = ["HelpScreen"]


class HelpScreen(Dialog[None]):
    """The key table; Esc or F1 closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("f1", "cancel", "关闭", show=False, priority=True)]

    def compose(self) -> ComposeResult:
        table = Table(show_header=False, box=None, padding=(0, 1))
        table.add_column(no_wrap=True)
        table.add_column()
        for key, does in KEYS:
            table.add_row(key, does)
        with VerticalScroll(classes="dialog help"):
            yield Label("按键（Esc 关闭）", classes="dialog-title")
            yield Static(table)
