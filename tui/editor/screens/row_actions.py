"""Rows of lists, grid groups and the indicator table: add (after the cursor's row, the
focus in the new row), delete (asked first), move. Each operation holds the keys that
follow until the rebuilt rows have the focus, so a burst typed after Ctrl+N lands in the
new row. The EditorScreen owns one RowActions; the session stays the screen's to write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.labels import path_label
from tui.editor.messages import AddFirstRow
from tui.editor.widgets.editors import Bound
from tui.editor.widgets.rows import RowHost, RowSpot, row_host_of

if TYPE_CHECKING:
    from textual.widget import Widget

    from tui.editor.screens.editor import EditorScreen

__all__ = ["RowActions"]


class RowActions:
    """Add, delete and move rows for one EditorScreen."""

    def __init__(self, screen: EditorScreen) -> None:
        self.screen = screen

    def host_of_list(self, list_path: str) -> RowHost | None:
        if self.screen.view is None:
            return None
        return next((host for host, spot in self.screen.view.row_lists() if spot.list_path == list_path), None)

    def _spot(self, focused: Widget | None) -> tuple[RowHost | None, RowSpot | None]:
        host = row_host_of(focused)
        if host is None or focused is None:
            return None, None
        return host, host.spot(focused)

    async def add_row(self) -> None:
        with self.screen.keys_held():
            focused = await self.screen.steady()
            host, spot = self._spot(focused)
            if host is not None and spot is not None:
                await self.add_to(host, spot)
                return
            candidates = self.screen.view.row_lists() if self.screen.view is not None else []
            if len(candidates) == 1:
                await self.add_to(*candidates[0])
                return
        if not candidates:
            self.screen.say("本节没有可新增的列表")
            return
        from tui.editor.screens.dialogs import ChoiceDialog

        letters = "123456789"
        choices = [(str(n), spot.label, letters[n]) for n, (_h, spot) in enumerate(candidates[:9])]

        async def answer(choice: str | None) -> None:
            if choice and choice.isdigit() and int(choice) < len(candidates):
                await self.add_to(*candidates[int(choice)])

        self.screen.ask(ChoiceDialog("新增一行", "新增到哪一个列表？", [*choices, ("cancel", "取消", "c")]), answer)

    async def add_to(self, host: RowHost | None, spot: RowSpot) -> None:
        if host is None:
            return
        with self.screen.keys_held():
            rows = self.screen.session.rows(spot.list_path)
            at = len(rows) if spot.index is None else spot.index + 1
            key = self.screen.session.add_row(spot.list_path, at, host.blank(spot.list_path))
            await host.rebuild()
            self._forget()
            self.screen.refresh_now()
            host.focus_row(spot.list_path, key)
            self.screen.touched.clear()

    async def delete_row(self) -> None:
        with self.screen.keys_held():
            focused = await self.screen.steady()
            host, spot = self._spot(focused)
        if host is None or spot is None or spot.index is None:
            return
        from tui.editor.screens.dialogs import confirm_dialog

        index, list_path = spot.index, spot.list_path
        from_table = self.screen.is_table(focused)
        name = path_label(self.screen.session.report.spec, self.screen.session.report.data, f"{list_path}[{index}]")

        async def answer(choice: str | None) -> None:
            if choice != "yes":
                return
            following = self.screen.session.delete_row(list_path, index)
            await host.rebuild()
            self._forget()
            self.screen.refresh_now()
            if from_table and focused is not None and focused.is_attached:
                self.screen.set_focus(focused)
            elif following is None or not host.focus_row(list_path, following):
                self._focus_list(list_path)

        self.screen.ask(confirm_dialog(f"删除第 {index + 1} 条“{name}”？"), answer)

    def _focus_list(self, list_path: str) -> None:
        view = self.screen.view
        if view is None:
            return
        if not view.focus_empty_line(list_path):
            target = self.screen.target(list_path)
            if target is not None:
                self.screen.set_focus(target)

    async def move_row(self, step: int) -> None:
        with self.screen.keys_held():
            focused = await self.screen.steady()
            host, spot = self._spot(focused)
            if host is None or spot is None or spot.index is None:
                return
            column = focused.address.column if isinstance(focused, Bound) else None
            key = self.screen.session.keys(spot.list_path)[spot.index]
            if not self.screen.session.move_row(spot.list_path, spot.index, step):
                return
            await host.rebuild()
            self._forget()
            self.screen.refresh_now()
            if isinstance(focused, Bound) and host.focus_row(spot.list_path, key, column):
                return
            if focused is not None and focused.is_attached:
                self.screen.set_focus(focused)

    def _forget(self) -> None:
        if self.screen.view is not None:
            self.screen.view.forget_widgets()

    async def add_first_row(self, message: AddFirstRow) -> None:
        await self.add_to(self.host_of_list(message.list_path), RowSpot(message.list_path, None))
