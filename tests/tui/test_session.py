"""Nothing lost: the unsaved-changes guard, Ctrl+S, autosave and recovery, a new file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from conftest import make_app
from helpers import retype, screen_text, status

from core.storage import load


async def test_quit_guard_cancel_then_save(editor: Any, report_file: Path) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        await editor.goto("cover", "unit.short_name")
        await retype(pilot, "君山贸促会")
        assert "● 未保存" in status(editor)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert "有未保存的修改" in screen_text(editor)
        await pilot.press("c")  # 取消
        await pilot.pause()
        assert editor.is_running
        assert load(report_file).get("unit.short_name") == "君山区贸促会"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")  # 保存
        await pilot.pause()
        assert not editor.is_running
    assert load(report_file).get("unit.short_name") == "君山贸促会"
    assert report_file.with_name(report_file.name + ".bak").exists()


async def test_quit_guard_discard_leaves_file(editor: Any, report_file: Path) -> None:
    before = report_file.read_bytes()
    async with editor.run_test(size=(80, 24)) as pilot:
        await editor.goto("s2", "budget.total")
        await retype(pilot, "200")
        assert "总分" in status(editor)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")  # 不保存
        await pilot.pause()
        assert not editor.is_running
    assert report_file.read_bytes() == before
    assert not editor.session.recovery.exists()


async def test_ctrl_s_saves_atomically(editor: Any, report_file: Path) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        await editor.goto("s2", "budget.personnel")
        await retype(pilot, "93，080")  # full-width comma as a thousands separator
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "已保存" in status(editor)
    assert load(report_file).get("budget.personnel") == Decimal("93080")


async def test_recovery_after_unsaved_session(report_file: Path) -> None:
    first = make_app(report_file)
    async with first.run_test(size=(80, 24)) as pilot:
        await first.goto("s2", "budget.initial")
        await first.goto("cover", "unit.short_name")
        await retype(pilot, "恢复测试")
        await pilot.press("f6")  # a section change autosaves when dirty
        await pilot.pause()
        assert first.session.recovery.exists()
        first.exit()  # the terminal went away: no guard, nothing saved
    assert load(report_file).get("unit.short_name") == "君山区贸促会"

    second = make_app(report_file)
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "发现上次未保存的修改" in screen_text(second)
        await pilot.press("r")  # 恢复
        await pilot.pause()
        assert second.session.get("unit.short_name") == "恢复测试"
        assert "● 未保存" in status(second)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not second.session.recovery.exists()
    assert load(report_file).get("unit.short_name") == "恢复测试"


async def test_recovery_can_be_discarded(report_file: Path) -> None:
    first = make_app(report_file)
    async with first.run_test(size=(80, 24)) as pilot:
        await first.goto("cover", "unit.short_name")
        await retype(pilot, "丢弃")
        first.autosave()
        first.exit()
    second = make_app(report_file)
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert second.session.get("unit.short_name") == "君山区贸促会"
        assert not second.session.recovery.exists()


async def test_new_file_asks_unit_and_year(tmp_path: Path) -> None:
    from tui.editor.app import JixiaoApp

    target = tmp_path / "new.toml"
    app = JixiaoApp(None, target, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "新建报告 new.toml" in screen_text(app)
        for char in "测试单位":
            await pilot.press(char)
        await pilot.press("enter")
        await retype(pilot, "2025")
        await pilot.press("enter")
        await pilot.pause()
        assert "第 1/16 节" in screen_text(app)
    report = load(target)
    assert report.get("unit.name") == "测试单位" and report.year == 2025
