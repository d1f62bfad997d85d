"""Typing into the editor as a clerk does: figures, findings and totals follow at once."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from helpers import message_under, retype, screen_text, status


async def test_split_error_appears_and_goes(editor: Any) -> None:
    async with editor.run_test(size=(120, 40)) as pilot:
        await editor.goto("s2", "budget.basic")
        await pilot.pause()
        assert "总分 98" in status(editor)
        await retype(pilot, "175.1")
        under = message_under(editor, "budget.basic")
        assert "基本支出 175.10 + 项目支出 20.62 = 195.72，与全年预算数 194.72 差 1.00" in under
        assert "总分 98 · 优 · ✗1" in status(editor)
        assert "✗1" in screen_text(editor)  # the sidebar's 检查结果 entry too
        await pilot.press("f8")
        await pilot.pause()
        assert "项目支出 20.62 = 195.72" in screen_text(editor)
        await pilot.press("escape")
        await pilot.pause()
        await retype(pilot, "174.1")
        assert "与全年预算数" not in message_under(editor, "budget.basic")
        assert "✗0" in status(editor)
        await pilot.press("f8")
        await pilot.pause()
        assert "基本支出 + 项目支出" not in screen_text(editor)


async def test_findings_screen_enter_jumps_to_field(editor: Any) -> None:
    async with editor.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        text = screen_text(editor)
        assert "检查结果" in text and "正文 公用经费 81.02" in text
        # the findings list is sorted errors first; find the 公用经费 warning
        from tui.editor.screens.findings import FindingsScreen

        screen = editor.screen
        assert isinstance(screen, FindingsScreen)
        index = next(i for i, f in enumerate(screen.findings) if f.path == "budget.public")
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert editor.focused.id == "f-budget-public"
        assert "第 3/16 节" in screen_text(editor)


async def test_indicator_score_full_width_changes_subtotal_and_total(editor: Any) -> None:
    async with editor.run_test(size=(120, 40)) as pilot:
        await editor.goto("att2_indicators", None)
        await pilot.pause()
        assert "效益      28/30" in screen_text(editor)
        for _ in range(9):
            await pilot.press("down")
        await pilot.press("enter")  # into the row's form
        await pilot.pause()
        assert "推进“湘商回归”" in screen_text(editor)
        for _ in range(6):
            await pilot.press("tab")
        assert editor.focused.id == "f-self_eval-indicators-9--score"
        await retype(pilot, "１３")
        text = screen_text(editor)
        assert "效益      26/30" in text
        assert "总分 96 · 优" in status(editor)


async def test_unparsable_number_refused_file_unchanged(editor: Any, report_file: Path) -> None:
    before = report_file.read_bytes()
    async with editor.run_test(size=(80, 24)) as pilot:
        await editor.goto("s2", "budget.total")
        await retype(pilot, "abc")
        under = message_under(editor, "budget.total")
        assert "✗" in under and "未保存此值" in under
        assert editor.session.get("budget.total") == Decimal("194.72")
        assert "总分 98" in status(editor) and "已保存" in status(editor)
        await pilot.press("ctrl+s")  # nothing to save: the file is not rewritten
        await pilot.press("ctrl+q")  # nothing unsaved: no question asked
        await pilot.pause()
        assert not editor.is_running
    assert report_file.read_bytes() == before


async def test_add_and_delete_indicator_row(editor: Any) -> None:
    async with editor.run_test(size=(120, 40)) as pilot:
        await editor.goto("att2_indicators", None)
        await pilot.pause()
        rows = len(editor.session.get("self_eval.indicators"))
        editor.query_one("#indicator-table").focus()
        await pilot.press("insert")
        await pilot.pause()
        assert len(editor.session.get("self_eval.indicators")) == rows + 1
        assert editor.query_one("#indicator-table").row_count == rows + 1
        assert "● 未保存" in status(editor)
        await pilot.press("delete")
        await pilot.pause()
        assert "删除第 2 行指标" in screen_text(editor)
        await pilot.press("n")  # 取消 keeps the row
        await pilot.pause()
        assert len(editor.session.get("self_eval.indicators")) == rows + 1
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert len(editor.session.get("self_eval.indicators")) == rows
        assert editor.query_one("#indicator-table").row_count == rows


async def test_text_list_add_move_remove(editor: Any) -> None:
    async with editor.run_test(size=(120, 40)) as pilot:
        await editor.goto("s7", "problems[0].title")
        await pilot.pause()
        first = editor.session.get("problems[0].title")
        await pilot.press("alt+down")
        await pilot.pause()
        assert editor.session.get("problems[1].title") == first
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert len(editor.session.get("problems")) == 4
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert len(editor.session.get("problems")) == 3
