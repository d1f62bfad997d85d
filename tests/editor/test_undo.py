"""Ctrl+Z / Ctrl+Y undo and redo field edits and row operations, one clerk's step at a time."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from core.storage import load
from tests.editor.helpers import burst, editor_screen, screen_text, settle, status


async def test_undo_a_field_edit_as_one_step(editor: Any, report_file: Path) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        await editor_screen(editor).goto("s2", "budget.personnel")
        await burst(pilot, "end", *["backspace"] * 5, text="93.13")
        await burst(pilot, "tab", text="80")  # and the next field
        await burst(pilot, "ctrl+z")
        assert editor.session.get("budget.public") == Decimal("81.02")
        assert editor.session.get("budget.personnel") == Decimal("93.13")
        await burst(pilot, "ctrl+z")
        assert editor.session.get("budget.personnel") == Decimal("93.08")  # not 93.1, 93., 9 …
        assert "93.08" in screen_text(editor) and "已保存" in status(editor)
        await burst(pilot, "ctrl+y")
        assert editor.session.get("budget.personnel") == Decimal("93.13")
        assert editor.focused.id == "f-budget-personnel"
        await burst(pilot, "ctrl+s")
    assert load(report_file).get("budget.personnel") == Decimal("93.13")


async def test_undo_row_add_delete_move(editor: Any) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        screen = editor_screen(editor)
        await screen.goto("s7", "problems[0].title")
        titles = [row["title"] for row in editor.session.get("problems")]
        await burst(pilot, "alt+down")
        assert editor.session.get("problems[1].title") == titles[0]
        await burst(pilot, "ctrl+n", text="新问题")
        assert len(editor.session.get("problems")) == 4
        await burst(pilot, "ctrl+z")  # the typing
        await burst(pilot, "ctrl+z")  # the new row
        assert len(editor.session.get("problems")) == 3
        await burst(pilot, "ctrl+z")  # the move
        assert [row["title"] for row in editor.session.get("problems")] == titles
        await burst(pilot, "ctrl+d", "y")
        assert len(editor.session.get("problems")) == 2
        await burst(pilot, "ctrl+z")
        assert [row["title"] for row in editor.session.get("problems")] == titles
        await burst(pilot, "ctrl+y")
        assert len(editor.session.get("problems")) == 2


async def test_undo_in_another_section_goes_there(editor: Any) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        screen = editor_screen(editor)
        await screen.goto("cover", "unit.short_name")
        await burst(pilot, "end", "backspace", text="甲")
        await burst(pilot, "f6", "f6")
        await settle(pilot)
        await burst(pilot, "ctrl+z")
        assert screen.index == 0 and editor.focused.id == "f-unit-short_name"
        assert editor.session.get("unit.short_name") == "君山区贸促会"


async def test_nothing_to_undo_says_so(editor: Any) -> None:
    async with editor.run_test(size=(80, 24), notifications=True) as pilot:
        await burst(pilot, "ctrl+z")
        assert "没有可撤销的修改" in screen_text(editor)
