"""What the editor's keys do: walk fields and sections, save, autosave, export, quit.

Kept apart from app.py (which only composes) so each concern stays small. `commit`
is the single door through which a typed value enters the report: it re-runs
`evaluate()` through the session and refreshes every figure on screen synchronously,
so the totals change in the same frame as the keystroke.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from textual import events
from textual.widget import Widget
from textual.widgets import Static

from core.findings import Finding
from core.numbers import fmt_score
from tui.editor.session import Session, marks, section_marks
from tui.editor.widgets.editors import widget_id
from tui.editor.widgets.sidebar import FINDINGS_ID, SectionList

__all__ = ["EditorActions", "AUTOSAVE_SECONDS", "MIN_SIZE"]

AUTOSAVE_SECONDS = 30
MIN_SIZE = (80, 24)


class EditorActions:
    """Mixed into JixiaoApp; `self` is the App."""

    session: Session
    path: Path | None
    section_index: int
    blink: bool
    offer_recovery: bool

    # -- start -------------------------------------------------------------
    async def on_mount(self) -> None:
        app: Any = self
        app.set_interval(AUTOSAVE_SECONDS, self.autosave)
        if self.session is None:
            from tui.editor.screens.dialogs import NewReportDialog

            name = self.path.name if self.path else ""
            app.push_screen(NewReportDialog(name, dt.date.today().year - 1), self._created)
            return
        await self._start()

    async def _created(self, answer: tuple[str, int] | None) -> None:
        from core.newreport import blank_report
        from core.storage import save

        app: Any = self
        if answer is None or self.path is None:
            app.exit()
            return
        report = blank_report(answer[0] or None, answer[1])
        save(report, self.path)
        self.session = Session(report, self.path)
        await app.recompose()
        await self._start()

    async def _start(self) -> None:
        app: Any = self
        self._size_check(app.size.width, app.size.height)
        sidebar = app.query_one(SectionList)
        sidebar.spec = self.session.report.spec
        await self.show_section(0)
        if self.offer_recovery and self.session.newer_recovery():
            from tui.editor.screens.dialogs import recovery_dialog

            app.push_screen(recovery_dialog(self.session.recovery.name), self._recovery_answer)

    async def _recovery_answer(self, answer: str | None) -> None:
        if answer == "restore":
            self.session.restore_recovery()
            await self.show_section(self.section_index)
        else:
            self.session.discard_recovery()
        self.refresh_figures()

    def on_resize(self, event: events.Resize) -> None:
        self._size_check(event.size.width, event.size.height)

    def _size_check(self, width: int, height: int) -> None:
        """Below 80×24 the editor gives way to a notice, a widget only once it is needed."""
        app: Any = self
        small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        screen = app.screen_stack[0]
        if small and self.session is not None and screen.is_attached and not screen.query("#too-small"):
            screen.mount(Static("终端太小：至少需要 80×24（列×行）。请放大窗口。", id="too-small"))
        screen.set_class(small, "-too-small")

    # -- the one door for values -------------------------------------------
    def commit(self, path: str, value: Any) -> bool:
        """Store a parsed value, re-evaluate, refresh every figure; False if unchanged."""
        if not self.session.set(path, value):
            return False
        self.refresh_figures()
        return True

    def refresh_figures(self) -> None:
        """Status line, sidebar marks and the open form, all from one evaluation."""
        app: Any = self
        session = self.session
        ev = session.evaluation
        spec = session.report.spec
        symbols = marks()
        saved = "● 未保存" if session.dirty else "已保存"
        total = fmt_score(ev.total) if ev.total is not None else "—"
        app.query_one("#status", Static).update(
            f" 总分 {total} · {ev.grade or '—'} · {symbols['error']}{ev.errors} "
            f"{symbols['warning']}{ev.warnings} · {saved} · {session.path.name}")
        unit = session.get("unit.short_name") or session.get("unit.name") or "（未填单位）"
        section = spec.sections[self.section_index]
        app.query_one("#title", Static).update(
            f" jixiao · {unit} {session.report.year or ''}  ·  第 {self.section_index + 1}/"
            f"{len(spec.sections)} 节 {section.nav}")
        app.query_one(SectionList).show_marks(section_marks(session.report, ev), ev)
        forms = app.query("#section-form")
        if forms:
            forms.first().refresh_figures(ev)

    # -- sections ------------------------------------------------------------
    async def show_section(self, index: int, focus_path: str | None = None) -> None:
        from tui.editor.widgets.section_form import SectionForm

        app: Any = self
        spec = self.session.report.spec
        index = max(0, min(index, len(spec.sections) - 1))
        if self.session.dirty:
            self.autosave()
        scroll = app.query_one("#form-scroll")
        forms = scroll.query(SectionForm)
        if forms and self.section_index == index and forms.first().report is self.session.report:
            form = forms.first()  # composed with the app: the first screen needs no second layout
        else:
            await scroll.remove_children()
            form = SectionForm(self.session.report, spec.sections[index], index + 1,
                               len(spec.sections))
            await scroll.mount(form)
        self.section_index = index
        if not self.blink:
            for widget in form.query("Input, TextArea"):
                widget.cursor_blink = False
        sidebar = app.query_one(SectionList)
        self.refresh_figures()
        sidebar.highlighted = index
        scroll.scroll_home(animate=False)
        target = self._editor_for(focus_path) if focus_path else None
        if target is not None:
            self._focus(target, scroll=False)
            # text areas size themselves after the first layout: scroll once that is done
            app.call_after_refresh(target.scroll_visible, animate=False)
        else:
            # DOM order, not the focus chain: the chain is cached and may predate this form
            first = next((w for w in form.query("*") if w.focusable), None)
            if first is not None:
                self._focus(first, scroll=False)
            app.call_after_refresh(scroll.scroll_home, animate=False)

    def _focus(self, widget: Widget, scroll: bool = True) -> None:
        """Focus now, not after the next refresh (Widget.focus defers): keys typed right
        after Tab over SSH or tmux must land in the field Tab went to."""
        app: Any = self
        app.screen.set_focus(widget, scroll_visible=scroll)

    def _editor_for(self, path: str) -> Widget | None:
        app: Any = self
        found = app.query(f"#{widget_id(path)}")
        return found.first() if found else None

    def _form_chain(self) -> list[Widget]:
        app: Any = self
        scroll = app.query_one("#form-scroll")
        return [w for w in app.screen.focus_chain if scroll in w.ancestors]

    async def goto(self, section_id: str, path: str | None) -> None:
        spec = self.session.report.spec
        index = next(i for i, s in enumerate(spec.sections) if s.id == section_id)
        await self.show_section(index, path)
        if path and self._editor_for(path) is None:
            from tui.editor.widgets.indicators import IndicatorPanel

            app: Any = self
            for panel in app.query(IndicatorPanel):
                panel.focus_path(path)

    def on_main_screen(self) -> bool:
        """Priority keys (F-keys a TextArea would take) act only when no dialog is open."""
        app: Any = self
        return self.session is not None and app.screen is app.screen_stack[0]

    async def action_next_section(self) -> None:
        if self.on_main_screen():
            await self.show_section(self.section_index + 1)

    async def action_previous_section(self) -> None:
        if self.on_main_screen():
            await self.show_section(self.section_index - 1)

    async def on_option_list_option_selected(self, event: Any) -> None:
        if not isinstance(event.option_list, SectionList):
            return
        if event.option.id == FINDINGS_ID:
            self.action_findings()
            return
        spec = self.session.report.spec
        index = next(i for i, s in enumerate(spec.sections) if s.id == event.option.id)
        await self.show_section(index)

    # -- the guided walk -------------------------------------------------------
    async def action_next_field(self) -> None:
        app: Any = self
        if app.screen is not app.screen_stack[0]:
            app.screen.focus_next()
            return
        chain = self._form_chain()
        focused = app.focused
        if focused not in chain:
            if chain:
                self._focus(chain[0])
            return
        position = chain.index(focused)
        if position == len(chain) - 1:
            if self.section_index < len(self.session.report.spec.sections) - 1:
                await self.show_section(self.section_index + 1)
        else:
            self._focus(chain[position + 1])

    def action_previous_field(self) -> None:
        app: Any = self
        if app.screen is not app.screen_stack[0]:
            app.screen.focus_previous()
            return
        chain = self._form_chain()
        focused = app.focused
        if focused in chain and chain.index(focused) > 0:
            self._focus(chain[chain.index(focused) - 1])
        else:
            app.query_one(SectionList).focus()

    async def on_input_submitted(self, event: Any) -> None:
        app: Any = self
        if app.screen is app.screen_stack[0]:
            await self.action_next_field()

    def action_to_sidebar(self) -> None:
        app: Any = self
        app.query_one(SectionList).focus()

    # -- findings, help ---------------------------------------------------------
    def action_findings(self) -> None:
        if not self.on_main_screen():
            return
        from tui.editor.screens.findings import FindingsScreen

        app: Any = self
        app.push_screen(FindingsScreen(self.session.report.spec, self.session.evaluation),
                        self._jump_to_finding)

    async def _jump_to_finding(self, finding: Finding | None) -> None:
        if finding is None:
            return
        spec = self.session.report.spec
        section = finding.section or (spec.field_section[finding.path].id
                                      if finding.path in spec.field_section else None)
        if section:
            await self.goto(section, finding.path or None)

    def action_help(self) -> None:
        if not self.on_main_screen():
            return
        from tui.editor.screens.help import HelpScreen

        app: Any = self
        app.push_screen(HelpScreen())

    # -- saving, autosave, export, quit -------------------------------------------
    def action_save(self) -> None:
        if not self.on_main_screen():
            return
        from core.storage import SaveError

        app: Any = self
        if not self.session.dirty:
            app.notify("没有需要保存的修改")
            return
        try:
            written = self.session.save()
        except (SaveError, OSError) as exc:
            app.notify(f"保存失败：{exc}", severity="error", timeout=8)
            return
        app.notify(f"已保存 {written.name}")
        self.refresh_figures()

    def autosave(self) -> None:
        """Every 30 s and on section change, when dirty: the recovery file, never the report."""
        if self.session is None or not self.session.dirty:
            return
        try:
            self.session.write_recovery()
        except OSError as exc:
            app: Any = self
            app.notify(f"自动保存失败：{exc}", severity="warning")

    def action_export(self) -> None:
        if not self.on_main_screen():
            return
        from exports.registry import WRITERS
        from tui.editor.screens.dialogs import ExportDialog

        app: Any = self
        default = str(self.session.path.with_suffix(".md"))
        dialog = ExportDialog(default, "、".join(sorted(WRITERS)))

        def done(out: str | None) -> None:
            if out:
                self.export_to(Path(out))

        app.push_screen(dialog, done)

    def export_to(self, out: Path) -> bool:
        """Through `exports.registry.writer_for`, exactly as `jixiao export --to` does."""
        from exports.registry import WRITERS, writer_for

        app: Any = self
        write = writer_for(out)
        if write is None:
            app.notify(f"不支持导出为 {out.suffix or '无后缀'} 文件（支持 {'、'.join(sorted(WRITERS))}）",
                       severity="error")
            return False
        try:
            write(self.session.report, self.session.evaluation, self.session.report.spec, out)
        except OSError as exc:
            app.notify(f"导出失败：{exc}", severity="error")
            return False
        app.notify(f"已导出 {out}")
        return True

    async def action_quit(self) -> None:
        from tui.editor.screens.dialogs import quit_dialog

        app: Any = self
        if self.session is None or not self.session.dirty:
            app.exit()
            return

        def answer(choice: str | None) -> None:
            if choice == "save":
                self.action_save()
                if not self.session.dirty:
                    app.exit()
            elif choice == "discard":
                self.session.discard_recovery()
                app.exit()

        app.push_screen(quit_dialog(self.session.path.name), answer)
