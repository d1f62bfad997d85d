"""The editor's App: the stylesheet, the key gate, and which screen comes first.

Everything the keys do lives on the EditorScreen (tui.editor.screens.editor); the App
only starts it (asking 单位名称 and 年度 first for a file that does not exist yet) and
keeps keys in order: while a dialog opens or closes, or a section is rebuilt, keys that
arrive are held and then handled in the order they came (`hold_keys`), so a fast typist
or a laggy SSH link never sends a key into a widget that is going away.
"""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from tui.editor.places import load_place
from tui.editor.session import Session

__all__ = ["JixiaoApp"]

HOLD_LIMIT = 5.0  # seconds: a dialog hold never outlives this (a dialog that failed to open)


class StartScreen(Screen[None]):
    """Shown under the new-report dialog, and when that dialog was closed with Esc."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        from tui.editor.shown import plain

        yield Static(plain(f" jixiao · 新建报告 {self.path.name}"), id="title")
        yield Static(plain(f"{self.path.name} 还不存在。按 Enter 新建报告，Ctrl+Q 退出。"), id="start-hint")

    def on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            app = self.app
            if isinstance(app, JixiaoApp):
                app.ask_new_report()


class JixiaoApp(App[None]):
    """`jixiao edit`: one report, walked section by section."""

    CSS_PATH = "app.tcss"
    TITLE = "jixiao"
    ENABLE_COMMAND_PALETTE = False  # the editor's own palette (Ctrl+P) speaks Chinese

    def __init__(self, session: Session | None = None, path: Path | None = None, *, blink: bool = True,
                 offer_recovery: bool = True, remember: bool = True) -> None:
        super().__init__()
        self.session = session
        self.path = path or (session.path if session else Path("report.toml"))
        self.blink = blink
        self.offer_recovery = offer_recovery
        self.remember = remember
        self._holds = 0  # holds for our own work
        self._dialog_holds = 0  # holds until a dialog opens, or while it closes
        self._hold_since = 0.0
        self._held: list[events.Event] = []
        self._replaying = False

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Run the editor; what is alive now lives as long as it does.

        Textual's modules and CSS, the form and the report are frozen out of the cyclic
        collector, which would otherwise walk them again and again while the first screen
        is built and on later keystrokes. Only here, not in __init__: tests build many
        apps in one process (run_test) and must not pin each other's garbage.
        """
        gc.freeze()
        try:
            return super().run(*args, **kwargs)
        finally:
            if self.session is not None:
                self.session.close()

    def get_default_screen(self) -> Screen[Any]:
        if self.session is None:
            return StartScreen(self.path)
        return self._editor(self.session)

    def _editor(self, session: Session, *, new: bool = False) -> Screen[Any]:
        from tui.editor.screens.editor import EditorScreen

        start = load_place(session.path) if self.remember and not new else None
        return EditorScreen(session, blink=self.blink, offer_recovery=self.offer_recovery, start=start,
                            remember=self.remember)

    def on_mount(self) -> None:
        if self.session is None:
            self.ask_new_report()

    # -- a new report ------------------------------------------------------------------
    def ask_new_report(self) -> None:
        from core.form import installed_forms
        from tui.editor.screens.dialogs import NewReportDialog

        self.ask(NewReportDialog(self.path.name, dt.date.today().year - 1, installed_forms()),
                 self._created)

    async def _created(self, answer: tuple[str, int, str] | None) -> None:
        from core.newreport import blank_report
        from core.storage import SaveError

        if answer is None:
            return  # back to the start screen: Enter asks again, Ctrl+Q leaves
        name, year, form_id = answer
        try:
            session = Session.create(blank_report(name or None, year, form_id), self.path)
        except (SaveError, OSError) as exc:
            self.notify(f"无法新建 {self.path}：{exc}", severity="error", markup=False)
            return
        self.session = session
        await self.push_screen(self._editor(session, new=True))

    # -- quitting ------------------------------------------------------------------------
    async def action_quit(self) -> None:
        from tui.editor.screens.editor import EditorScreen

        screen = self.screen
        if isinstance(screen, EditorScreen):
            await screen.action_quit()
        elif not any(isinstance(s, EditorScreen) for s in self.screen_stack):
            self.exit()

    def action_help_quit(self) -> None:
        self.notify("按 Ctrl+Q 退出", markup=False)

    def _handle_exception(self, error: Exception) -> None:
        """A crash must not lose what was typed: the recovery file is written first."""
        from tui.editor.screens.editor import EditorScreen

        for screen in self.screen_stack:
            if isinstance(screen, EditorScreen):
                screen.write_recovery_now()
        super()._handle_exception(error)

    # -- dialogs and the key gate ----------------------------------------------------------
    def ask(self, dialog: Screen[Any], then: Callable[[Any], Awaitable[None] | None] | None = None) -> None:
        """Open a dialog; keys wait until its first field has the focus, and after it is
        answered until `then` is done, so they land where the dialog leaves the focus."""
        self.hold_keys(dialog=True)

        async def answered(result: Any) -> None:
            self.hold_keys()  # `then` is our own work: released below, however long it takes
            self.release_keys(dialog=True)
            try:
                if then is not None:
                    outcome = then(result)
                    if outcome is not None:
                        await outcome
            finally:
                self.release_keys()

        self.push_screen(dialog, answered)

    def hold_keys(self, *, dialog: bool = False) -> None:
        """Hold the keys that arrive from now on. A hold for our own work (a section or a
        grid being built) lasts until it is released, however slow the machine; one that
        waits for a dialog to open lapses after HOLD_LIMIT, should the dialog never open."""
        if dialog:
            if self._dialog_holds == 0:
                self._hold_since = time.monotonic()
            self._dialog_holds += 1
        else:
            self._holds += 1

    def release_keys(self, *, dialog: bool = False) -> None:
        if dialog:
            self._dialog_holds = max(0, self._dialog_holds - 1)
        else:
            self._holds = max(0, self._holds - 1)
        if not self._holding() and self._held:
            self.call_later(self._replay)

    def _holding(self) -> bool:
        if (self._dialog_holds and not self._holds
                and time.monotonic() - self._hold_since > HOLD_LIMIT):
            self._dialog_holds = 0  # a dialog that never opened must not swallow the keyboard
        return bool(self._holds or self._dialog_holds)

    async def on_event(self, event: events.Event) -> None:
        if (isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded
                and not self._replaying):
            holding = self._holding()
            if holding or self._held:
                self._held.append(event)
                if not holding:
                    self.call_later(self._replay)
                return
        await super().on_event(event)

    async def _replay(self) -> None:
        """The held keys, in order, as if they had just arrived (stops if one holds again)."""
        if self._replaying:
            return
        self._replaying = True
        try:
            while self._held and not self._holding():
                await super().on_event(self._held.pop(0))
        finally:
            self._replaying = False
