"""Walking the report: section keys, the palette (in Chinese, to any field or row), help,
a terminal too small and back, and reopening where the clerk left off."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.editor.conftest import make_app
from tests.editor.helpers import burst, editor_screen, screen_text, settle


async def test_section_keys(editor: Any) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "f6", "f6")
        assert "第 3/16 节" in screen_text(editor)
        await burst(pilot, "ctrl+pageup")
        assert "第 2/16 节" in screen_text(editor)
        await burst(pilot, "ctrl+pagedown", "f5", "f5")
        assert "第 1/16 节" in screen_text(editor)


async def test_sidebar_arrows_then_enter_in_one_burst(editor: Any) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "escape", "down", "down", "down", "enter", text="x")
        assert "第 4/16 节" in screen_text(editor)
        assert editor.focused.id == "f-other_budgets-government_fund"


async def test_palette_is_chinese_and_jumps_to_a_field(editor: Any) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "ctrl+p")
        text = screen_text(editor)
        assert "命令面板" in text and "输入节、字段、指标的名称或命令" in text
        assert "Search" not in text and "palette" not in text
        await burst(pilot, text="公用经费")
        assert "二 一般公共预算 · 公用经费" in screen_text(editor)
        assert "budget.public" not in screen_text(editor)  # no internal keys on screen
        await burst(pilot, "enter")
        assert editor.focused.id == "f-budget-public"


async def test_palette_no_match_in_chinese(editor: Any) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "ctrl+p", text="zzzzqqq")
        assert "没有匹配的项" in screen_text(editor) and "No matches" not in screen_text(editor)
        await burst(pilot, "escape")
        assert editor.is_running and "命令面板" not in screen_text(editor)


async def test_palette_jumps_to_an_indicator_by_name_and_by_row(editor: Any) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        spec = editor.session.report.spec
        table = spec.scored_list
        rows = editor.session.get(table.path)
        await burst(pilot, "ctrl+p", text=rows[9][table.row_name])
        await burst(pilot, "enter")
        assert "第 10 行" in screen_text(editor)
        assert editor.focused.id == f"row-{table.row_name}"
        await burst(pilot, "ctrl+p", text=f"{table.row_label} 12")
        await burst(pilot, "enter")
        assert "第 12 行" in screen_text(editor)


async def test_footer_is_chinese(editor: Any) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = screen_text(editor).splitlines()[-1]
        for words in ("保存", "下一节", "检查", "导出", "命令", "帮助", "退出"):
            assert words in footer
        assert "palette" not in footer.lower()


async def test_help_lists_every_key(editor: Any) -> None:
    from tui.editor.keys import KEYS

    async with editor.run_test(size=(120, 40)) as pilot:
        await burst(pilot, "f1")
        text = screen_text(editor)
        for key, _does in KEYS:
            assert key in text
        await burst(pilot, "escape")
        assert "按键" not in screen_text(editor) and editor.is_running


async def test_too_small_then_back_focus_and_keys_work(editor: Any) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        await editor_screen(editor).goto("cover", "unit.short_name")
        await settle(pilot)
        await pilot.resize_terminal(70, 20)
        await settle(pilot)
        assert "终端太小" in screen_text(editor) and "总分" not in screen_text(editor)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert "终端太小" not in screen_text(editor)
        assert editor.focused is not None and editor.focused.id == "f-unit-short_name"
        await burst(pilot, "end", text="新")
        assert editor.session.get("unit.short_name") == "君山区贸促会新"


async def test_reopening_returns_to_the_last_field(report_file: Path) -> None:
    first = make_app(report_file)
    async with first.run_test(size=(80, 24)) as pilot:
        await editor_screen(first).goto("att1", "basic_data.staffing.actual")
        await burst(pilot, "ctrl+q")
    assert not first.is_running
    second = make_app(report_file)
    async with second.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "第 12/16 节" in screen_text(second)
        assert second.focused.id == "f-basic_data-staffing-actual"
    assert "place" not in report_file.read_text(encoding="utf-8")


async def test_export_through_registry(editor: Any, report_file: Path) -> None:
    out = report_file.with_suffix(".md")
    async with editor.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "ctrl+e")
        assert "导出" in screen_text(editor)
        await burst(pilot, "enter")
        for _ in range(50):
            if out.exists():
                break
            await pilot.pause(0.05)
    assert out.exists() and "君山区" in out.read_text(encoding="utf-8")


async def test_findings_screen_enter_jumps_to_field(editor: Any) -> None:
    from tui.editor.screens.findings import FindingsScreen

    async with editor.run_test(size=(120, 40)) as pilot:
        await burst(pilot, "f8")
        screen = editor.screen
        assert isinstance(screen, FindingsScreen)
        index = next(i for i, f in enumerate(screen.findings) if f.path == "budget.public")
        await burst(pilot, *["down"] * index, "enter")
        assert editor.focused.id == "f-budget-public"
        assert "第 3/16 节" in screen_text(editor)


async def test_page_keys_on_the_section_list_while_the_terminal_is_too_small(editor: Any) -> None:
    """The section list, hidden while the terminal is too small, has no laid-out lines:
    Textual's PageUp/PageDown read them and ended the editor with KeyError (a key storm
    found it at 60×20, the list focused again as a dialog closed). A page key then moves
    nothing, and the editor carries on."""
    from tui.editor.widgets.sidebar import SectionList

    async with editor.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "escape")
        sidebar = editor.screen.query_one(SectionList)
        assert editor.focused is sidebar
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        assert "终端太小" in screen_text(editor)
        sidebar._clear_caches()  # as its resize does: the lines are laid out again when drawn
        sidebar.action_page_up()
        sidebar.action_page_down()
        await settle(pilot)
        assert editor.is_running and sidebar.highlighted == 0
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        await burst(pilot, "escape", "pagedown", "enter")
        assert editor.is_running and "检查结果" in screen_text(editor)


@pytest.mark.parametrize("opens", ["f1", "ctrl+p", "f8", "ctrl+e"])
async def test_a_dialog_closed_while_the_terminal_is_too_small_leaves_nothing_focused(editor: Any, opens: str) -> None:
    """Textual gave the focus to the hidden section list as the dialog closed, so keys typed
    under the 终端太小 notice moved it (and its page keys crashed). Now nothing is focused
    while the notice shows; the field comes back with the form, and typing goes into it."""
    async with editor.run_test(size=(80, 24)) as pilot:
        await editor_screen(editor).goto("cover", "unit.short_name")
        await settle(pilot)
        await burst(pilot, opens)
        await settle(pilot)
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        await burst(pilot, "escape")
        await settle(pilot)
        assert "终端太小" in screen_text(editor)
        assert editor.focused is None
        await burst(pilot, "down", "pagedown", "enter", text="QQ")
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert "终端太小" not in screen_text(editor) and "第 1/16 节" in screen_text(editor)
        assert editor.focused is not None and editor.focused.id == "f-unit-short_name"
        await burst(pilot, "end", text="新")
        assert editor.session.get("unit.short_name") == "君山区贸促会新"
