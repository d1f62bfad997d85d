"""The EditorScreen: the one writer of the session, and every key of the editor.

Editors post what they hold (FieldEdited / FieldCommitted); this screen alone parses it,
writes the session, evaluates (through the session, once per burst of keys) and refreshes
what is on screen. A refresh never sets the text of an editor: views are rebuilt only on
a section change, an undo or a reload, after the editors' pending keys were handled.

Every key is a priority binding of this screen, run in the app's own order; an action
that reads what the clerk typed first lets the editors handle the keys already sent to
them (`steady`), and an action that changes what is on screen holds the keys that follow
until it is done (JixiaoApp.hold_keys), so a burst of keys lands where it was aimed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList, Static

from core.findings import Finding
from core.labels import path_label, path_section
from tui.editor.drain import drain
from tui.editor.history import FieldChange, ListChange
from tui.editor.messages import AddFirstRow, FieldCommitted, FieldEdited
from tui.editor.places import Place, save_place
from tui.editor.screens.keeping import RECOVERY_DELAY, Keeper
from tui.editor.screens.once import OncePerChange
from tui.editor.screens.row_actions import RowActions
from tui.editor.screens.small import TooSmall
from tui.editor.sections import view_class
from tui.editor.sections.base import SectionView
from tui.editor.session import Address, Session
from tui.editor.shown import one_line, plain
from tui.editor.summary import marks, score_text, section_marks
from tui.editor.values import ParseError, parse_value
from tui.editor.widgets.editors import AddLine, BoolField, Bound, ValueInput, editor_text
from tui.editor.widgets.keyfooter import KeyFooter
from tui.editor.widgets.rows import RowSpot, row_host_of
from tui.editor.widgets.sidebar import FINDINGS_ID, SectionList

__all__ = ["EditorScreen", "RECOVERY_DELAY"]

DISK_CHECK_SECONDS = 2.0
HEARTBEAT_SECONDS = 60.0


def _is_a(widget: Widget | None, name: str) -> bool:
    """`widget` is a textual.widgets `name` (DataTable, TextArea), asked without importing
    that widget: the footer asks it of every key at start, and importing DataTable for a
    first screen that shows none cost ~7 ms. A class not in the widget's MRO is not it."""
    if widget is None or not any(cls.__name__ == name for cls in type(widget).__mro__):
        return False
    import textual.widgets

    return isinstance(widget, getattr(textual.widgets, name))


def _key(key: str, action: str, description: str, show: bool = False, key_id: str | None = None) -> Binding:
    return Binding(key, action, description, show=show, priority=True, id=key_id or action)


class EditorScreen(TooSmall, OncePerChange, Screen[None]):
    """One report, walked section by section."""

    BINDINGS: ClassVar[list[BindingType]] = [
        _key("ctrl+s", "save", "保存", True),
        _key("f6", "next_section", "下一节", True),
        _key("ctrl+pagedown", "next_section", "下一节", key_id="next_section_alt"),
        _key("f5", "previous_section", "上一节"),
        _key("ctrl+pageup", "previous_section", "上一节", key_id="previous_section_alt"),
        _key("f8", "findings", "检查", True),
        _key("ctrl+e", "export", "导出", True),
        _key("ctrl+p", "palette", "命令", True),
        _key("f1", "help", "帮助", True),
        _key("ctrl+q", "app.quit", "退出", True, key_id="quit"),
        _key("ctrl+z", "undo", "撤销"),
        _key("ctrl+y", "redo", "重做"),
        _key("ctrl+n", "add_row", "新增"),
        _key("insert", "add_row", "新增", key_id="add_row_alt"),
        _key("ctrl+d", "delete_row", "删除"),
        _key("delete", "table_delete", "删除", key_id="delete_row_alt"),
        _key("alt+up", "move_row(-1)", "上移", key_id="move_up"),
        _key("alt+down", "move_row(1)", "下移", key_id="move_down"),
        _key("tab", "next_field", "下一字段"),
        _key("shift+tab", "previous_field", "上一字段"),
        _key("enter", "enter", "确定"),
        _key("escape", "to_sidebar", "节列表"),
    ]

    def __init__(self, session: Session, *, blink: bool = True, offer_recovery: bool = True,
                 start: Place | None = None, remember: bool = True) -> None:
        super().__init__()
        self.session = session
        self.blink = blink
        self.offer_recovery = offer_recovery
        self.remember = remember
        spec = session.report.spec
        self.index = 0
        self.start_path: str | None = None
        if start is not None:
            found = next((i for i, s in enumerate(spec.sections) if s.id == start.section), None)
            if found is not None:
                self.index, self.start_path = found, start.field
        self.errors: dict[Address, str] = {}
        self.view: SectionView | None = None
        self._refresh_pending = False
        self.keeper = Keeper(self)  # saves, recovery, the disk, the questions at start
        self.rows = RowActions(self)
        self.touched: set[Widget] = set()  # editors left since the last steady()
        self._shown_status = ""
        self._shown_title = ""
        self.leaving = False  # the program is ending: keys still queued must do nothing

    @property
    def active_bindings(self) -> dict[str, Any]:
        """As Screen's, in the order of BINDINGS (the footer reads the same keys in the same place)."""
        bindings = super().active_bindings
        order = {binding.key: n for n, binding in enumerate(self.BINDINGS) if isinstance(binding, Binding)}
        return dict(sorted(bindings.items(), key=lambda item: order.get(item[0], len(order))))

    # -- building --------------------------------------------------------------------
    def make_view(self, index: int) -> SectionView:
        sections = self.session.report.spec.sections
        section = sections[index]
        return view_class(section.kind)(self.session, section, index + 1, len(sections))

    def compose(self) -> ComposeResult:
        session = self.session
        yield Static("", id="title")
        with Horizontal(id="body"):
            yield SectionList(session.report.spec, section_marks(session.report, session.evaluation),
                              session.evaluation, id="sidebar")
            with VerticalScroll(id="form-scroll"):
                self.view = self.make_view(self.index)
                yield self.view
        yield Static("", id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._size_check(self.app.size.width, self.app.size.height)
        self.refresh_now()
        self.query_one(SectionList).highlighted = self.index
        self._focus_start(self.start_path)
        self.set_interval(DISK_CHECK_SECONDS, self.keeper.watch_disk)
        self.set_interval(HEARTBEAT_SECONDS, self.keeper.heartbeat)
        self.call_after_refresh(self.keeper.startup_questions)

    def on_unmount(self) -> None:
        self.remember_place()
        self.session.close()

    # -- the app's key gate ----------------------------------------------------------------
    @contextmanager
    def keys_held(self) -> Iterator[None]:
        hold = getattr(self.app, "hold_keys", None)
        if hold is not None:
            hold()
        try:
            yield
        finally:
            release = getattr(self.app, "release_keys", None)
            if release is not None:
                release()

    def ask(self, dialog: Screen[Any], then: Callable[[Any], Awaitable[None] | None] | None = None) -> None:
        ask = getattr(self.app, "ask", None)
        if ask is not None:
            ask(dialog, then)
        else:  # pragma: no cover - an app without the gate
            self.app.push_screen(dialog, then)  # type: ignore[arg-type]  # then takes the dialog's result

    # -- what editors tell -----------------------------------------------------------------
    def on_field_edited(self, message: FieldEdited) -> None:
        if message.epoch == self.session.epoch:
            self.take_text(message.address, message.kind, message.text, final=False)

    def on_field_committed(self, message: FieldCommitted) -> None:
        if message.epoch == self.session.epoch:
            self.take_text(message.address, message.kind, message.text, final=True)

    def take_text(self, address: Address, kind: str, text: str, *, final: bool) -> None:
        """Parse and store what an editor holds; blank is absent; what cannot be read is not stored."""
        session = self.session
        try:
            value = parse_value(kind, text)
        except ParseError as exc:
            self.errors[address] = str(exc)
            session.revert(address)  # never an intermediate prefix: the value before this edit
            if final:
                session.close_edit(address)
            self.schedule_refresh()
            return
        had_error = self.errors.pop(address, None) is not None
        changed = session.commit(address, value) if final else session.edit(address, value)
        if changed or had_error:
            self.schedule_refresh()

    def watch_focused(self, old: Widget | None, new: Widget | None) -> None:
        if isinstance(old, Bound):
            self.touched.add(old)

    async def steady(self) -> Widget | None:
        """Let the editors handle the keys already sent to them, then take what they hold."""
        focused = self.focused
        editors = [w for w in {*self.touched, focused} if w is not None]
        self.touched.clear()
        await asyncio.gather(*(drain(widget) for widget in editors))
        for widget in editors:
            if isinstance(widget, Bound) and widget.is_attached and widget.epoch == self.session.epoch:
                text = editor_text(widget)
                if text is not None:
                    self.take_text(widget.address, widget.kind, text, final=True)
        return self.focused

    # -- refreshing ------------------------------------------------------------------------
    def schedule_refresh(self) -> None:
        """Once for all the messages already queued: a burst of keys is evaluated once."""
        if not self._refresh_pending:
            self._refresh_pending = True
            self.call_later(self._refresh)
        self.keeper.schedule_recovery()

    def _refresh(self) -> None:
        self._refresh_pending = False
        self.refresh_now()

    def refresh_now(self) -> None:
        if not self.is_attached or not self.query("#status"):
            return  # leaving: a refresh scheduled before the exit finds nothing to draw
        session = self.session
        evaluation = session.evaluation
        spec = session.report.spec
        symbols = marks()
        saved = "● 未保存" if session.dirty else "已保存"
        disk = " · ⚠ 磁盘上的文件已被改动" if self.keeper.disk_changed else ""
        status = (f" {score_text(spec, evaluation)} · {symbols['error']}{evaluation.errors} "
                  f"{symbols['warning']}{evaluation.warnings} · {saved} · {one_line(session.path.name, 40)}{disk}")
        if status != self._shown_status:
            self._shown_status = status
            self.query_one("#status", Static).update(plain(status), layout=False)
        unit = next((session.get(path) for role in ("short_name", "unit")
                     if (path := spec.role(role)) and session.get(path)), None)
        section = spec.sections[self.index]
        title = (f" jixiao · {one_line(unit, 24) if unit else '（未填单位）'} {session.report.year or ''}"
                 f"  ·  第 {self.index + 1}/{len(spec.sections)} 节 {section.nav}")
        if title != self._shown_title:
            self._shown_title = title
            self.query_one("#title", Static).update(plain(title), layout=False)
        self.query_one(SectionList).show_marks(section_marks(session.report, evaluation), evaluation)
        if self.view is not None and self.view.is_attached:
            self.view.refresh_figures(evaluation, self.errors)

    def say(self, message: str, severity: str = "information", timeout: float = 5) -> None:
        """A notice, never parsed as markup (file names and report text may hold `[`)."""
        self.app.notify(one_line(message), severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]

    # -- which keys act ------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.leaving:
            return False
        if self._too_small:
            return action in ("save",)
        focused = self.focused
        if action == "enter":
            return isinstance(focused, (ValueInput, BoolField, AddLine, SectionList)) or self.is_table(focused)
        if action == "table_delete":
            return self.is_table(focused)
        if action in ("delete_row", "move_row"):
            host = row_host_of(focused)
            spot = host.spot(focused) if host is not None and focused is not None else None
            return spot is not None and spot.index is not None
        if action == "add_row":
            return self.view is not None and bool(self.view.row_lists())
        if action == "to_sidebar":
            return not isinstance(focused, SectionList)
        return True

    @staticmethod
    def is_table(widget: Widget | None) -> bool:
        return _is_a(widget, "DataTable")

    # -- sections ----------------------------------------------------------------------------------
    def remember_place(self) -> None:
        if not self.remember:
            return
        section = self.session.report.spec.sections[self.index]
        focused = self.focused if self.focused is not None else self._focus_before_small
        path = None
        if isinstance(focused, Bound) and focused.is_attached:
            path = self.session.resolve(focused.address)
        save_place(self.session.path, Place(section.id, path))

    async def show_section(self, index: int, focus_path: str | None = None, *, steady: bool = True) -> None:
        spec = self.session.report.spec
        index = max(0, min(index, len(spec.sections) - 1))
        with self.keys_held():
            if steady:
                await self.steady()
            self.remember_place()
            if self.leaving or not self.is_attached:
                return  # a section key queued behind Ctrl+Q: the screen is going away
            scroll = self.query_one("#form-scroll", VerticalScroll)
            await scroll.remove_children()
            if self.leaving or not scroll.is_attached:
                return
            self.view = self.make_view(index)
            self.index = index
            await scroll.mount(self.view)
            self.refresh_now()
            self.query_one(SectionList).highlighted = index
            scroll.scroll_home(animate=False)
            self._focus_start(focus_path)
            self.touched.clear()
            self.remember_place()  # where the clerk is now, should this session die

    def _focus_start(self, path: str | None) -> None:
        view = self.view
        if view is None or self._too_small:
            return
        target: Widget | None = self.target(path) if path else None
        if target is None:
            target = next(iter(view.focusables()), None)
        if target is not None:
            self.set_focus(target, scroll_visible=path is not None)
            if path is not None:
                self.call_after_refresh(target.scroll_visible, animate=False)

    def target(self, path: str) -> Widget | None:
        """The editor of `path`, or the first of its list, or its indicator row's editor."""
        from tui.editor.widgets.indicators import IndicatorPanel

        view = self.view
        if view is None:
            return None
        editor = view.editor_for(path)
        if editor is not None:
            return editor
        for panel in view.query(IndicatorPanel):
            editor = panel.editor_for(path)
            if editor is not None:
                return editor
            if path == panel.table_spec.path:
                return panel.query_one("#indicator-table")
        for host, spot in view.row_lists():
            if spot.list_path == path or path.startswith(spot.list_path + "["):
                keys = self.session.keys(spot.list_path)
                if keys and host.focus_row(spot.list_path, keys[0]):
                    return self.focused
                lines = [line for line in view.query(AddLine) if line.list_path == spot.list_path]
                if lines:
                    return lines[0]
        return None

    async def goto(self, section_id: str, path: str | None) -> None:
        """Show a section (if not shown) and put the focus on `path` (the palette, 检查结果)."""
        spec = self.session.report.spec
        index = next((i for i, s in enumerate(spec.sections) if s.id == section_id), self.index)
        if index != self.index:
            await self.show_section(index, path)
            return
        with self.keys_held():
            await self.steady()
            if path:
                target = self.target(path)
                if target is not None:
                    self.set_focus(target)
            else:
                self._focus_start(None)
            self.remember_place()

    async def action_next_section(self) -> None:
        if self.index < len(self.session.report.spec.sections) - 1:
            await self.show_section(self.index + 1)

    async def action_previous_section(self) -> None:
        if self.index > 0:
            await self.show_section(self.index - 1)

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option_list, SectionList):
            event.stop()
            await self._open_sidebar_entry(event.option.id)

    async def _open_sidebar_entry(self, option_id: str | None) -> None:
        if option_id == FINDINGS_ID:
            await self.action_findings()
            return
        spec = self.session.report.spec
        index = next((i for i, s in enumerate(spec.sections) if s.id == option_id), None)
        if index is not None:
            await self.show_section(index)

    # -- the guided walk -------------------------------------------------------------------------------
    def _chain(self) -> list[Widget]:
        """The view's fields in order (Screen.focus_chain walks every widget: ~50 ms in 附件1)."""
        return self.view.focusables() if self.view is not None else []

    async def action_next_field(self) -> None:
        chain = self._chain()
        focused = self.focused
        if focused not in chain:
            if chain:
                self.set_focus(chain[0])
            return
        position = chain.index(focused)
        if position == len(chain) - 1:
            await self.action_next_section()
        else:
            self.set_focus(chain[position + 1])

    def action_previous_field(self) -> None:
        chain = self._chain()
        focused = self.focused
        if focused in chain and chain.index(focused) > 0:
            self.set_focus(chain[chain.index(focused) - 1])
        else:
            self.set_focus(self.query_one(SectionList))

    async def action_enter(self) -> None:
        focused = self.focused
        if isinstance(focused, AddLine):
            await self.rows.add_to(self.rows.host_of_list(focused.list_path), RowSpot(focused.list_path, None))
        elif isinstance(focused, SectionList):
            await drain(focused)
            highlighted = focused.highlighted
            if highlighted is not None:
                await self._open_sidebar_entry(focused.get_option_at_index(highlighted).id)
        elif self.is_table(focused):
            await drain(focused)
            host = row_host_of(focused)
            spot = host.spot(focused) if host is not None and focused is not None else None
            if host is not None and spot is not None and spot.index is not None:
                keys = self.session.keys(spot.list_path)
                host.focus_row(spot.list_path, keys[spot.index])
            elif host is not None and spot is not None:
                await self.rows.add_to(host, spot)
        else:
            await self.action_next_field()

    def action_to_sidebar(self) -> None:
        self.set_focus(self.query_one(SectionList))

    # -- rows (tui.editor.screens.row_actions) ----------------------------------------------------------
    async def action_add_row(self) -> None:
        await self.rows.add_row()

    async def action_delete_row(self) -> None:
        await self.rows.delete_row()

    async def action_table_delete(self) -> None:
        """Delete deletes a row only in a table; in a field it deletes a character."""
        await self.rows.delete_row()

    async def action_move_row(self, step: int) -> None:
        await self.rows.move_row(step)

    async def on_add_first_row(self, message: AddFirstRow) -> None:
        await self.rows.add_first_row(message)

    # -- undo -------------------------------------------------------------------------------------------
    async def action_undo(self) -> None:
        await self._history(undo=True)

    async def action_redo(self) -> None:
        await self._history(undo=False)

    async def _history(self, *, undo: bool) -> None:
        with self.keys_held():
            await self.steady()
            change = self.session.undo() if undo else self.session.redo()
            if change is None:
                self.say("没有可撤销的修改" if undo else "没有可重做的修改")
                return
            self.errors.clear()
            spec = self.session.report.spec
            focus: str | None
            if isinstance(change, FieldChange):
                focus = self.session.resolve(change.address)
            else:
                assert isinstance(change, ListChange)
                key = change.focus_before if undo else change.focus_after
                index = self.session.index_of(change.list_path, key)
                focus = f"{change.list_path}[{index}]" if index is not None else change.list_path
            section = path_section(spec, focus) if focus else None
            index = spec.sections.index(section) if section is not None else self.index
            await self.show_section(index, focus, steady=False)
            self.say(("已撤销：" if undo else "已重做：") + path_label(spec, self.session.report.data, focus or ""))

    # -- findings, help, palette -------------------------------------------------------------------------
    async def action_findings(self) -> None:
        from tui.editor.screens.findings import FindingsScreen

        await self.steady()
        self.refresh_now()
        self.ask(FindingsScreen(self.session.report.spec, self.session.evaluation), self._jump_to_finding)

    async def _jump_to_finding(self, finding: Finding | None) -> None:
        if finding is None:
            return
        spec = self.session.report.spec
        section = finding.section or (path_section(spec, finding.path).id  # type: ignore[union-attr]
                                      if path_section(spec, finding.path) else None)
        if section:
            await self.goto(section, finding.path or None)

    def action_help(self) -> None:
        from tui.editor.screens.help import HelpScreen

        self.ask(HelpScreen())

    async def action_palette(self) -> None:
        from tui.editor.palette import open_palette

        await open_palette(self)

    # -- saving, export, quit (tui.editor.screens.keeping) ---------------------------------------------------
    async def action_save(self) -> None:
        await self.steady()
        self.keeper.save_now()

    def action_save_as(self, then: Callable[[], Awaitable[None] | None] | None = None) -> None:
        self.keeper.save_as(then)

    async def action_export(self) -> None:
        await self.keeper.export()

    async def export_to(self, out: Path) -> bool:
        return await self.keeper.export_to(out)

    def write_recovery_now(self) -> None:
        """For a crash or a lost terminal: what is unsaved goes to the recovery file at once."""
        self.keeper.write_recovery_now()

    async def action_quit(self) -> None:
        from tui.editor.screens.dialogs import quit_dialog

        if self.leaving:
            return  # a second Ctrl+Q in the same burst: the first is already ending the program
        await self.steady()
        if not self.session.dirty:
            self.leave()
            return

        async def answer(choice: str | None) -> None:
            if choice == "save":
                if self.keeper.save_now(then=self.leave):
                    self.leave()
            elif choice == "discard":
                self.session.discard_recovery()
                self.leave()

        self.ask(quit_dialog(self.session.path.name), answer)

    def leave(self) -> None:
        self.leaving = True
        self.remember_place()
        self.remember = False  # said once, here; on_unmount must not overwrite it
        self.session.close()
        self.app.exit()

    def active_text_area(self) -> bool:
        return _is_a(self.focused, "TextArea")
