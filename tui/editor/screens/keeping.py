"""What keeps the clerk's work: saving, asking first when the file changed on disk;
save-as and export; the recovery file, written within 2 s of a change (RECOVERY_DELAY
after it, debounced); the watch on the file and the lock; the questions at start (someone
else has the report open, a newer recovery file). The EditorScreen owns one Keeper and
stays the session's one writer: the Keeper acts through the screen's refresh and dialogs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.editor.shown import one_line

if TYPE_CHECKING:
    from tui.editor.screens.editor import EditorScreen

__all__ = ["Keeper", "RECOVERY_DELAY"]

RECOVERY_DELAY = 1.0  # seconds after a change; the recovery is on disk within 2 s of it


class Keeper:
    """Saves, recovery and the disk for one EditorScreen."""

    def __init__(self, screen: EditorScreen) -> None:
        self.screen = screen
        self.disk_changed = False  # the file on disk is not the one loaded or last saved
        self._timer: Any = None
        self._recovered_at = 0

    def schedule_recovery(self) -> None:
        if self._timer is None and self.screen.session.changes != self._recovered_at:
            self._timer = self.screen.set_timer(RECOVERY_DELAY, self._recovery_due)

    def _recovery_due(self) -> None:
        self._timer = None
        self.screen.remember_place()
        snapshot = self.screen.session.recovery_snapshot()
        self._recovered_at = self.screen.session.changes
        if snapshot is not None:
            self.screen.run_worker(self._write_recovery(snapshot), group="recovery")

    async def _write_recovery(self, snapshot: Any) -> None:
        try:
            await asyncio.to_thread(self.screen.session.write_recovery, snapshot)
        except OSError as exc:
            self.screen.say(f"自动保存失败：{exc.strerror or exc}", "warning")
        if self.screen.session.changes != self._recovered_at:
            self.schedule_recovery()

    def write_recovery_now(self) -> None:
        """For a crash or a lost terminal: what is unsaved goes to the recovery file at once."""
        try:
            self.screen.session.write_recovery()
        except OSError:
            pass

    def watch_disk(self) -> None:
        if not self.screen.is_attached:
            return
        changed = self.screen.session.changed_on_disk()
        if changed != self.disk_changed:
            self.disk_changed = changed
            if changed:
                self.screen.say(f"{one_line(self.screen.session.path.name)} 已在磁盘上被改动；保存时会询问如何处理", "warning")
            self.screen.refresh_now()

    def heartbeat(self) -> None:
        if self.screen.session.lock is not None:
            self.screen.session.lock.refresh()

    def startup_questions(self) -> None:
        holder = self.screen.session.other_holder
        if holder is not None:
            from tui.editor.screens.dialogs import held_dialog

            async def answer(choice: str | None) -> None:
                if choice == "quit":
                    self.screen.leaving = True
                    self.screen.app.exit()
                # a recovery file beside a report someone else edits is theirs: not offered
            self.screen.ask(held_dialog(self.screen.session.path.name, holder.describe()), answer)
            return
        self._offer_recovery()

    def _offer_recovery(self) -> None:
        if not self.screen.offer_recovery or self.screen.session.newer_recovery() is None:
            return
        from tui.editor.screens.dialogs import recovery_dialog
        from tui.editor.session import RecoveryProblem

        try:
            recovered = self.screen.session.read_recovery()
        except RecoveryProblem as problem:
            moved = f"，已改名为 {problem.moved_to.name}" if problem.moved_to else ""
            self.screen.say(f"恢复文件无法读取{moved}：{problem}", "error", timeout=12)
            return
        if recovered.data == self.screen.session.report.data:
            self.screen.session.discard_recovery()
            return

        async def answer(choice: str | None) -> None:
            if choice == "restore":
                self.screen.session.restore_recovery(recovered)
                self.screen.errors.clear()
                await self.screen.show_section(self.screen.index, steady=False)
            else:
                self.screen.session.discard_recovery()

        self.screen.ask(recovery_dialog(self.screen.session.recovery.name), answer)

    def save_now(self, then: Callable[[], Awaitable[None] | None] | None = None) -> bool:
        """Save; if the file changed on disk, ask first. True when saved now."""
        from core.storage import SaveError
        from tui.editor.session import DiskChanged

        session = self.screen.session
        if not session.dirty and not session.changed_on_disk():
            self.screen.say("没有需要保存的修改")
            return True
        try:
            written = session.save()
        except DiskChanged:
            self._ask_disk_changed(then)
            return False
        except (SaveError, OSError) as exc:
            self.screen.say(f"保存失败：{exc}", "error", timeout=10)
            return False
        self.disk_changed = False
        del written  # the status line says 已保存: no toast over the form the clerk is typing in
        self.screen.refresh_now()
        return True

    def _ask_disk_changed(self, then: Callable[[], Awaitable[None] | None] | None) -> None:
        from core.report import ReportError
        from tui.editor.screens.dialogs import disk_changed_dialog

        async def answer(choice: str | None) -> None:
            if choice == "overwrite":
                try:
                    self.screen.session.save(force=True)
                except OSError as exc:
                    self.screen.say(f"保存失败：{exc}", "error", timeout=10)
                    return
                self.disk_changed = False
                self.screen.say(f"已覆盖 {self.screen.session.path.name}")
                self.screen.refresh_now()
            elif choice == "reload":
                try:
                    self.screen.session.reload()
                except ReportError as exc:
                    self.screen.say(f"无法重新载入：{exc}", "error", timeout=10)
                    return
                self.disk_changed = False
                self.screen.errors.clear()
                await self.screen.show_section(self.screen.index, steady=False)
                self.screen.say(f"已重新载入 {self.screen.session.path.name}")
            elif choice == "saveas":
                self.save_as(then)
                return
            else:
                return
            await _after(then)

        self.screen.ask(disk_changed_dialog(self.screen.session.path.name), answer)

    def save_as(self, then: Callable[[], Awaitable[None] | None] | None = None) -> None:
        from tui.editor.screens.dialogs import PathDialog

        path = self.screen.session.path
        default = str(path.with_name(f"{path.stem}-副本{path.suffix}"))

        async def answer(name: str | None) -> None:
            if not name:
                return
            target = Path(name).expanduser()
            if target.exists():
                self.screen.say(f"{target} 已存在，请换一个文件名", "error", timeout=8)
                return
            try:
                self.screen.session.save_as(target)
            except OSError as exc:
                self.screen.say(f"另存失败：{exc}", "error", timeout=10)
                return
            self.disk_changed = False
            self.screen.say(f"已另存为 {target}，此后编辑该文件")
            self.screen.refresh_now()
            await _after(then)

        self.screen.ask(PathDialog("另存为", "新文件", default, "Enter 保存 · Esc 取消"), answer)

    async def export(self) -> None:
        from exports.registry import WRITERS
        from tui.editor.screens.dialogs import PathDialog

        await self.screen.steady()
        default = str(self.screen.session.path.with_suffix(".md"))
        known = "、".join(sorted(WRITERS))

        async def answer(out: str | None) -> None:
            if out:
                await self.export_to(Path(out))

        self.screen.ask(PathDialog("导出", f"输出文件（{known}）", default, "Enter 导出 · Esc 取消"), answer)

    async def export_to(self, out: Path) -> bool:
        """Through `exports.registry.writer_for`, exactly as `jixiao export --to` does; a writer
        that fails says why, and the session (and what is unsaved) is kept."""
        from exports.registry import WRITERS, writer_for

        write = writer_for(out)
        if write is None:
            self.screen.say(f"不支持导出为 {out.suffix or '无后缀'} 文件（支持 {'、'.join(sorted(WRITERS))}）", "error")
            return False
        report = self.screen.session.report.copy()
        evaluation = self.screen.session.evaluation
        try:
            await asyncio.to_thread(write, report, evaluation, report.spec, out)
        except Exception as exc:  # noqa: BLE001 - any writer failure is a message, never a crash
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            self.screen.say(f"导出失败（{out.name}）：{reason}", "error", timeout=12)
            return False
        self.screen.say(f"已导出 {out}")
        return True


async def _after(then: Callable[[], Awaitable[None] | None] | None) -> None:
    """What was waiting for the save (leaving, after the quit dialog), once it is done."""
    if then is not None:
        outcome = then()
        if outcome is not None:
            await outcome
