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

from textual import events
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
from tui.editor.screens.once import OncePerChange
from tui.editor.sections import view_class
from tui.editor.sections.base import SectionView
from tui.editor.session import Address, Session
from tui.editor.shown import one_line, plain
from tui.editor.summary import marks, score_text, section_marks
from tui.editor.values import ParseError, parse_value
from tui.editor.widgets.editors import AddLine, BoolField, Bound, ValueInput, editor_text
from tui.editor.widgets.keyfooter import KeyFooter
from tui.editor.widgets.rows import RowHost, RowSpot, row_host_of
from tui.editor.widgets.sidebar import FINDINGS_ID, SectionList

__all__ = ["EditorScreen", "MIN_SIZE", "RECOVERY_DELAY"]

MIN_SIZE = (80, 24)
RECOVERY_DELAY = 1.0  # seconds after a change; the recovery is on disk within 2 s of it
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


class EditorScreen(OncePerChange, Screen[None]):
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
        self._recovery_timer: Any = None
        self._recovered_at = 0
        self._touched: set[Widget] = set()
        self._too_small = False
        self._focus_before_small: Widget | None = None
        self._disk_changed = False
        self._shown_status = ""
        self._shown_title = ""

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
        self.set_interval(DISK_CHECK_SECONDS, self._watch_disk)
        self.set_interval(HEARTBEAT_SECONDS, self._heartbeat)
        self.call_after_refresh(self._startup_questions)

    def on_unmount(self) -> None:
        self._remember_place()
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
            self._touched.add(old)

    async def steady(self) -> Widget | None:
        """Let the editors handle the keys already sent to them, then take what they hold."""
        focused = self.focused
        editors = [w for w in {*self._touched, focused} if w is not None]
        self._touched.clear()
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
        self._schedule_recovery()

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
        disk = " · ⚠ 磁盘上的文件已被改动" if self._disk_changed else ""
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

    # -- recovery, the disk, the lock ----------------------------------------------------------
    def _schedule_recovery(self) -> None:
        if self._recovery_timer is None and self.session.changes != self._recovered_at:
            self._recovery_timer = self.set_timer(RECOVERY_DELAY, self._recovery_due)

    def _recovery_due(self) -> None:
        self._recovery_timer = None
        self._remember_place()
        snapshot = self.session.recovery_snapshot()
        self._recovered_at = self.session.changes
        if snapshot is not None:
            self.run_worker(self._write_recovery(snapshot), group="recovery")

    async def _write_recovery(self, snapshot: Any) -> None:
        try:
            await asyncio.to_thread(self.session.write_recovery, snapshot)
        except OSError as exc:
            self.say(f"自动保存失败：{exc.strerror or exc}", "warning")
        if self.session.changes != self._recovered_at:
            self._schedule_recovery()

    def write_recovery_now(self) -> None:
        """For a crash or a lost terminal: what is unsaved goes to the recovery file at once."""
        try:
            self.session.write_recovery()
        except OSError:
            pass

    def _watch_disk(self) -> None:
        if not self.is_attached:
            return
        changed = self.session.changed_on_disk()
        if changed != self._disk_changed:
            self._disk_changed = changed
            if changed:
                self.say(f"{one_line(self.session.path.name)} 已在磁盘上被改动；保存时会询问如何处理", "warning")
            self.refresh_now()

    def _heartbeat(self) -> None:
        if self.session.lock is not None:
            self.session.lock.refresh()

    def say(self, message: str, severity: str = "information", timeout: float = 5) -> None:
        """A notice, never parsed as markup (file names and report text may hold `[`)."""
        self.app.notify(one_line(message), severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]

    # -- start-up questions ----------------------------------------------------------------------
    def _startup_questions(self) -> None:
        holder = self.session.other_holder
        if holder is not None:
            from tui.editor.screens.dialogs import held_dialog

            async def answer(choice: str | None) -> None:
                if choice == "quit":
                    self.app.exit()
                # a recovery file beside a report someone else edits is theirs: not offered
            self.ask(held_dialog(self.session.path.name, holder.describe()), answer)
            return
        self._offer_recovery()

    def _offer_recovery(self) -> None:
        if not self.offer_recovery or self.session.newer_recovery() is None:
            return
        from tui.editor.screens.dialogs import recovery_dialog
        from tui.editor.session import RecoveryProblem

        try:
            recovered = self.session.read_recovery()
        except RecoveryProblem as problem:
            moved = f"，已改名为 {problem.moved_to.name}" if problem.moved_to else ""
            self.say(f"恢复文件无法读取{moved}：{problem}", "error", timeout=12)
            return
        if recovered.data == self.session.report.data:
            self.session.discard_recovery()
            return

        async def answer(choice: str | None) -> None:
            if choice == "restore":
                self.session.restore_recovery(recovered)
                self.errors.clear()
                await self.show_section(self.index, steady=False)
            else:
                self.session.discard_recovery()

        self.ask(recovery_dialog(self.session.recovery.name), answer)

    # -- size ---------------------------------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        self._size_check(event.size.width, event.size.height)

    def _size_check(self, width: int, height: int) -> None:
        """Below 80×24 a notice instead of the form; the focus comes back where it was."""
        small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        if small and not self.query("#too-small"):
            self.mount(Static("终端太小：至少需要 80×24（列×行）。请放大窗口。", id="too-small"))
        if small and not self._too_small:
            self._focus_before_small = self.focused
            self.set_focus(None)
        self._too_small = small
        self.set_class(small, "-too-small")
        if not small and self._focus_before_small is not None:
            widget, self._focus_before_small = self._focus_before_small, None
            if widget.is_attached:
                self.call_after_refresh(self._refocus, widget)

    def _refocus(self, widget: Widget) -> None:
        if widget.is_attached and widget.focusable and self.focused is None:
            self.set_focus(widget)
        elif self.focused is None:
            self._focus_start(None)

    # -- which keys act ------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._too_small:
            return action in ("save",)
        focused = self.focused
        if action == "enter":
            return isinstance(focused, (ValueInput, BoolField, AddLine, SectionList)) or self._is_table(focused)
        if action == "table_delete":
            return self._is_table(focused)
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
    def _is_table(widget: Widget | None) -> bool:
        return _is_a(widget, "DataTable")

    # -- sections ----------------------------------------------------------------------------------
    def _remember_place(self) -> None:
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
            self._remember_place()
            scroll = self.query_one("#form-scroll", VerticalScroll)
            await scroll.remove_children()
            self.view = self.make_view(index)
            self.index = index
            await scroll.mount(self.view)
            self.refresh_now()
            self.query_one(SectionList).highlighted = index
            scroll.scroll_home(animate=False)
            self._focus_start(focus_path)
            self._touched.clear()
            self._remember_place()  # where the clerk is now, should this session die

    def _focus_start(self, path: str | None) -> None:
        view = self.view
        if view is None or self._too_small:
            return
        target: Widget | None = self._target(path) if path else None
        if target is None:
            target = next(iter(view.focusables()), None)
        if target is not None:
            self.set_focus(target, scroll_visible=path is not None)
            if path is not None:
                self.call_after_refresh(target.scroll_visible, animate=False)

    def _target(self, path: str) -> Widget | None:
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
                target = self._target(path)
                if target is not None:
                    self.set_focus(target)
            else:
                self._focus_start(None)
            self._remember_place()

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
            await self._add_to(self._host_of_list(focused.list_path), RowSpot(focused.list_path, None))
        elif isinstance(focused, SectionList):
            await drain(focused)
            highlighted = focused.highlighted
            if highlighted is not None:
                await self._open_sidebar_entry(focused.get_option_at_index(highlighted).id)
        elif self._is_table(focused):
            await drain(focused)
            host = row_host_of(focused)
            spot = host.spot(focused) if host is not None and focused is not None else None
            if host is not None and spot is not None and spot.index is not None:
                keys = self.session.keys(spot.list_path)
                host.focus_row(spot.list_path, keys[spot.index])
            elif host is not None and spot is not None:
                await self._add_to(host, spot)
        else:
            await self.action_next_field()

    def action_to_sidebar(self) -> None:
        self.set_focus(self.query_one(SectionList))

    # -- rows ---------------------------------------------------------------------------------------------
    def _host_of_list(self, list_path: str) -> RowHost | None:
        if self.view is None:
            return None
        return next((host for host, spot in self.view.row_lists() if spot.list_path == list_path), None)

    def _spot(self, focused: Widget | None) -> tuple[RowHost | None, RowSpot | None]:
        host = row_host_of(focused)
        if host is None or focused is None:
            return None, None
        return host, host.spot(focused)

    async def action_add_row(self) -> None:
        with self.keys_held():
            focused = await self.steady()
            host, spot = self._spot(focused)
            if host is not None and spot is not None:
                await self._add_to(host, spot)
                return
            candidates = self.view.row_lists() if self.view is not None else []
            if len(candidates) == 1:
                await self._add_to(*candidates[0])
                return
        if not candidates:
            self.say("本节没有可新增的列表")
            return
        from tui.editor.screens.dialogs import ChoiceDialog

        letters = "123456789"
        choices = [(str(n), spot.label, letters[n]) for n, (_h, spot) in enumerate(candidates[:9])]

        async def answer(choice: str | None) -> None:
            if choice and choice.isdigit() and int(choice) < len(candidates):
                await self._add_to(*candidates[int(choice)])

        self.ask(ChoiceDialog("新增一行", "新增到哪一个列表？", [*choices, ("cancel", "取消", "c")]), answer)

    async def _add_to(self, host: RowHost | None, spot: RowSpot) -> None:
        if host is None:
            return
        with self.keys_held():
            rows = self.session.rows(spot.list_path)
            at = len(rows) if spot.index is None else spot.index + 1
            key = self.session.add_row(spot.list_path, at, host.blank(spot.list_path))
            await host.rebuild()
            self._forget()
            self.refresh_now()
            host.focus_row(spot.list_path, key)
            self._touched.clear()

    async def action_delete_row(self) -> None:
        with self.keys_held():
            focused = await self.steady()
            host, spot = self._spot(focused)
        if host is None or spot is None or spot.index is None:
            return
        from tui.editor.screens.dialogs import confirm_dialog

        index, list_path = spot.index, spot.list_path
        from_table = self._is_table(focused)
        name = path_label(self.session.report.spec, self.session.report.data, f"{list_path}[{index}]")

        async def answer(choice: str | None) -> None:
            if choice != "yes":
                return
            following = self.session.delete_row(list_path, index)
            await host.rebuild()
            self._forget()
            self.refresh_now()
            if from_table and focused is not None and focused.is_attached:
                self.set_focus(focused)
            elif following is None or not host.focus_row(list_path, following):
                self._focus_list(list_path)

        self.ask(confirm_dialog(f"删除第 {index + 1} 条“{name}”？"), answer)

    async def action_table_delete(self) -> None:
        """Delete deletes a row only in a table; in a field it deletes a character."""
        await self.action_delete_row()

    def _focus_list(self, list_path: str) -> None:
        view = self.view
        if view is None:
            return
        if not view.focus_empty_line(list_path):
            target = self._target(list_path)
            if target is not None:
                self.set_focus(target)

    async def action_move_row(self, step: int) -> None:
        with self.keys_held():
            focused = await self.steady()
            host, spot = self._spot(focused)
            if host is None or spot is None or spot.index is None:
                return
            column = focused.address.column if isinstance(focused, Bound) else None
            key = self.session.keys(spot.list_path)[spot.index]
            if not self.session.move_row(spot.list_path, spot.index, step):
                return
            await host.rebuild()
            self._forget()
            self.refresh_now()
            if isinstance(focused, Bound) and host.focus_row(spot.list_path, key, column):
                return
            if focused is not None and focused.is_attached:
                self.set_focus(focused)

    def _forget(self) -> None:
        if self.view is not None:
            self.view.forget_widgets()

    async def on_add_first_row(self, message: AddFirstRow) -> None:
        await self._add_to(self._host_of_list(message.list_path), RowSpot(message.list_path, None))

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
        from tui.editor.palette import Entry, JumpPalette, palette_entries

        await self.steady()
        commands = [
            Entry("保存", self.action_save, "Ctrl+S"),
            Entry("另存为…", self.action_save_as),
            Entry("导出…", self.action_export, "Ctrl+E"),
            Entry("检查结果", self.action_findings, "F8"),
            Entry("撤销", self.action_undo, "Ctrl+Z"),
            Entry("重做", self.action_redo, "Ctrl+Y"),
            Entry("帮助", self.action_help, "F1"),
            Entry("退出", self.action_quit, "Ctrl+Q"),
        ]
        entries = palette_entries(self.session.report.spec, self.session, self.goto, commands)

        async def chosen(entry: Entry | None) -> None:
            if entry is None:
                return
            outcome = entry.action()
            if outcome is not None:
                await outcome

        self.ask(JumpPalette(entries), chosen)

    # -- saving, export, quit ------------------------------------------------------------------------------
    async def action_save(self) -> None:
        await self.steady()
        self.save_now()

    def save_now(self, then: Callable[[], Awaitable[None] | None] | None = None) -> bool:
        """Save; if the file changed on disk, ask first. True when saved now."""
        from core.storage import SaveError
        from tui.editor.session import DiskChanged

        session = self.session
        if not session.dirty and not session.changed_on_disk():
            self.say("没有需要保存的修改")
            return True
        try:
            written = session.save()
        except DiskChanged:
            self._ask_disk_changed(then)
            return False
        except (SaveError, OSError) as exc:
            self.say(f"保存失败：{exc}", "error", timeout=10)
            return False
        self._disk_changed = False
        del written  # the status line says 已保存: no toast over the form the clerk is typing in
        self.refresh_now()
        return True

    def _ask_disk_changed(self, then: Callable[[], Awaitable[None] | None] | None) -> None:
        from core.report import ReportError
        from tui.editor.screens.dialogs import disk_changed_dialog

        async def answer(choice: str | None) -> None:
            if choice == "overwrite":
                try:
                    self.session.save(force=True)
                except OSError as exc:
                    self.say(f"保存失败：{exc}", "error", timeout=10)
                    return
                self._disk_changed = False
                self.say(f"已覆盖 {self.session.path.name}")
                self.refresh_now()
            elif choice == "reload":
                try:
                    self.session.reload()
                except ReportError as exc:
                    self.say(f"无法重新载入：{exc}", "error", timeout=10)
                    return
                self._disk_changed = False
                self.errors.clear()
                await self.show_section(self.index, steady=False)
                self.say(f"已重新载入 {self.session.path.name}")
            elif choice == "saveas":
                self.action_save_as(then)
                return
            else:
                return
            if then is not None:
                outcome = then()
                if outcome is not None:
                    await outcome

        self.ask(disk_changed_dialog(self.session.path.name), answer)

    def action_save_as(self, then: Callable[[], Awaitable[None] | None] | None = None) -> None:
        from tui.editor.screens.dialogs import PathDialog

        path = self.session.path
        default = str(path.with_name(f"{path.stem}-副本{path.suffix}"))

        async def answer(name: str | None) -> None:
            if not name:
                return
            target = Path(name).expanduser()
            if target.exists():
                self.say(f"{target} 已存在，请换一个文件名", "error", timeout=8)
                return
            try:
                self.session.save_as(target)
            except OSError as exc:
                self.say(f"另存失败：{exc}", "error", timeout=10)
                return
            self._disk_changed = False
            self.say(f"已另存为 {target}，此后编辑该文件")
            self.refresh_now()
            if then is not None:
                outcome = then()
                if outcome is not None:
                    await outcome

        self.ask(PathDialog("另存为", "新文件", default, "Enter 保存 · Esc 取消"), answer)

    async def action_export(self) -> None:
        from exports.registry import WRITERS
        from tui.editor.screens.dialogs import PathDialog

        await self.steady()
        default = str(self.session.path.with_suffix(".md"))
        known = "、".join(sorted(WRITERS))

        async def answer(out: str | None) -> None:
            if out:
                await self.export_to(Path(out))

        self.ask(PathDialog("导出", f"输出文件（{known}）", default, "Enter 导出 · Esc 取消"), answer)

    async def export_to(self, out: Path) -> bool:
        """Through `exports.registry.writer_for`, exactly as `jixiao export --to` does; a writer
        that fails says why, and the session (and what is unsaved) is kept."""
        from exports.registry import WRITERS, writer_for

        write = writer_for(out)
        if write is None:
            self.say(f"不支持导出为 {out.suffix or '无后缀'} 文件（支持 {'、'.join(sorted(WRITERS))}）", "error")
            return False
        report = self.session.report.copy()
        evaluation = self.session.evaluation
        try:
            await asyncio.to_thread(write, report, evaluation, report.spec, out)
        except Exception as exc:  # noqa: BLE001 - any writer failure is a message, never a crash
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            self.say(f"导出失败（{out.name}）：{reason}", "error", timeout=12)
            return False
        self.say(f"已导出 {out}")
        return True

    async def action_quit(self) -> None:
        from tui.editor.screens.dialogs import quit_dialog

        await self.steady()
        if not self.session.dirty:
            self.leave()
            return

        async def answer(choice: str | None) -> None:
            if choice == "save":
                if self.save_now(then=self.leave):
                    self.leave()
            elif choice == "discard":
                self.session.discard_recovery()
                self.leave()

        self.ask(quit_dialog(self.session.path.name), answer)

    def leave(self) -> None:
        self._remember_place()
        self.remember = False  # said once, here; on_unmount must not overwrite it
        self.session.close()
        self.app.exit()

    def active_text_area(self) -> bool:
        return _is_a(self.focused, "TextArea")
