"""The editor's App: it composes the screen and owns the bindings; nothing more.

Layout (design/tui.md): a title line, the section list on the left, the current
section's form on the right, a status line (总分 · 等级 · counts · saved · file) and
the Footer. What the keys do lives in tui.editor.actions; what a section shows lives in the
widgets; every figure comes from the session's latest `evaluate()`.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from tui.editor.actions import EditorActions
from tui.editor.session import Session, section_marks
from tui.editor.widgets.keyfooter import KeyFooter
from tui.editor.widgets.section_form import SectionForm
from tui.editor.widgets.sidebar import SectionList

__all__ = ["JixiaoApp"]


def jump_commands() -> Any:
    """The palette's provider, imported when the palette first opens (textual.command is slow)."""
    from tui.editor.palette import JumpCommands

    return JumpCommands


class JixiaoApp(EditorActions, App[None]):
    """`jixiao edit`: one report, walked section by section."""

    CSS_PATH = "app.tcss"
    TITLE = "jixiao"
    ENABLE_COMMAND_PALETTE = True
    AUTO_FOCUS = None  # the walk starts in the first field, not in the sidebar
    COMMANDS = App.COMMANDS | {jump_commands}
    BINDINGS = [
        Binding("ctrl+s", "save", "保存", id="save", priority=True),
        Binding("f6", "next_section", "下一节", id="next_section", priority=True),
        Binding("ctrl+pagedown", "next_section", "下一节", show=False, id="next_section_alt", priority=True),
        Binding("f5", "previous_section", "上一节", show=False, id="previous_section", priority=True),
        Binding("ctrl+pageup", "previous_section", "上一节", show=False, id="previous_section_alt", priority=True),
        Binding("f8", "findings", "检查", id="findings", priority=True),
        Binding("ctrl+e", "export", "导出", id="export", priority=True),
        Binding("f1", "help", "帮助", id="help", priority=True),
        Binding("ctrl+q", "quit", "退出", id="quit", priority=True),
        Binding("tab", "next_field", "下一字段", show=False, priority=True),
        Binding("shift+tab", "previous_field", "上一字段", show=False, priority=True),
        Binding("escape", "to_sidebar", "节列表", show=False),
    ]

    def __init__(self, session: Session | None = None, path: Path | None = None,
                 *, blink: bool = True, offer_recovery: bool = True) -> None:
        super().__init__()
        self.session: Session = session  # type: ignore[assignment]  # set at once or by NewReportDialog
        self.path = path or (session.path if session else None)
        self.blink = blink
        self.offer_recovery = offer_recovery
        self.section_index = 0

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Run the editor; what is alive now lives as long as it does.

        Textual's modules and CSS, the form and the report are frozen out of the cyclic
        collector, which would otherwise walk them again and again while the first screen
        is built (~10 ms) and on later keystrokes. Only here, not in __init__: tests build
        many apps in one process (run_test) and must not pin each other's garbage.
        """
        gc.freeze()
        return super().run(*args, **kwargs)

    def compose(self) -> ComposeResult:
        yield Static("", id="title")
        if self.session is None:  # `jixiao edit NEW.toml`: the dialog asks first
            yield KeyFooter()
            return
        with Horizontal(id="body"):
            session = self.session
            yield SectionList(session.report.spec, section_marks(session.report, session.evaluation),
                              session.evaluation, id="sidebar")
            with VerticalScroll(id="form-scroll"):
                sections = self.session.report.spec.sections
                yield SectionForm(self.session.report, sections[0], 1, len(sections))
        yield Static("", id="status")
        yield KeyFooter()
        # the too-small notice (#too-small) is mounted by EditorActions when first needed
