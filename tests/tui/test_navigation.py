"""The guided walk, the palette, help, and the small-terminal message."""

from __future__ import annotations

from typing import Any

from helpers import screen_text


async def test_tab_walks_fields_then_next_section(editor: Any) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        await editor.goto("s3", None)
        await pilot.pause()
        assert editor.focused.id == "f-other_budgets-government_fund"
        await pilot.press("enter")
        assert editor.focused.id == "f-other_budgets-government_fund_note"
        await pilot.press("shift+tab")
        assert editor.focused.id == "f-other_budgets-government_fund"
        await pilot.press("tab", "tab")
        await pilot.pause()
        assert "第 5/16 节" in screen_text(editor)
        assert editor.focused.id == "f-other_budgets-state_capital"


async def test_section_keys(editor: Any) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        await pilot.press("f6", "f6")
        await pilot.pause()
        assert "第 3/16 节" in screen_text(editor)
        await pilot.press("ctrl+pageup")
        await pilot.pause()
        assert "第 2/16 节" in screen_text(editor)
        await pilot.press("ctrl+pagedown", "f5", "f5")
        await pilot.pause()
        assert "第 1/16 节" in screen_text(editor)


async def test_palette_jumps_to_a_field(editor: Any) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        for char in "公用经费":
            await pilot.press(char)
        await pilot.pause(0.3)
        assert "跳转到 二 一般公共预算 · 公用经费" in screen_text(editor)
        await pilot.press("enter")
        await pilot.pause()
        assert editor.focused.id == "f-budget-public"


async def test_help_lists_every_key(editor: Any) -> None:
    from tui.editor.keys import KEYS

    async with editor.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        text = screen_text(editor)
        for key, _does in KEYS:
            assert key in text
        await pilot.press("escape")
        await pilot.pause()
        assert "按键" not in screen_text(editor)


async def test_too_small_terminal(editor: Any) -> None:
    async with editor.run_test(size=(70, 20)) as pilot:
        await pilot.pause()
        text = screen_text(editor)
        assert "终端太小" in text
        assert "总分" not in text
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert "终端太小" not in screen_text(editor)


async def test_export_through_registry(editor: Any, report_file: Any) -> None:
    out = report_file.with_suffix(".md")
    async with editor.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert "导出" in screen_text(editor)
        await pilot.press("enter")
        await pilot.pause()
    assert out.exists() and "君山区" in out.read_text(encoding="utf-8")
