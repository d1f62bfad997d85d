"""Dialog keys mean what they say: focus on the first field, Enter confirms from any field,
Esc closes the dialog and nothing else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.storage import load
from tests.editor.helpers import burst, screen_text, settle, status


def new_app(target: Path) -> Any:
    from tui.editor.app import JixiaoApp

    return JixiaoApp(None, target, blink=False)


async def test_new_report_enter_confirms_from_the_first_field(tmp_path: Path) -> None:
    target = tmp_path / "new.toml"
    app = new_app(target)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "新建报告 new.toml" in text and "Enter 新建" in text
        assert app.focused.id == "unit-name"  # focus starts on the first field
        await burst(pilot, text="测试单位")
        await burst(pilot, "enter")
        assert "第 1/16 节" in screen_text(app)
    report = load(target)
    assert report.get("unit.name") == "测试单位" and report.year is not None


async def test_new_report_tab_to_year_and_enter(tmp_path: Path) -> None:
    target = tmp_path / "new.toml"
    app = new_app(target)
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, text="单位")
        await burst(pilot, "tab", "end", *["backspace"] * 4, text="2023")
        await burst(pilot, "enter")
        assert "第 1/16 节" in screen_text(app)
    assert load(target).year == 2023


async def test_new_report_year_out_of_range_says_why(tmp_path: Path) -> None:
    app = new_app(tmp_path / "new.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "tab", "end", *["backspace"] * 4, text="1800")
        await burst(pilot, "enter")
        assert "年度应在 2000 至 2100 之间" in screen_text(app)
        assert not (tmp_path / "new.toml").exists()


async def test_new_report_esc_closes_the_dialog_not_the_program(tmp_path: Path) -> None:
    target = tmp_path / "new.toml"
    app = new_app(target)
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "escape")
        assert app.is_running and "按 Enter 新建报告" in screen_text(app)
        await burst(pilot, "enter")
        assert app.focused.id == "unit-name"
        await burst(pilot, text="再来")
        await burst(pilot, "enter")
        assert "第 1/16 节" in screen_text(app)
        await burst(pilot, "ctrl+q")
    assert load(target).get("unit.name") == "再来"


async def test_start_screen_ctrl_q_leaves(tmp_path: Path) -> None:
    app = new_app(tmp_path / "new.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "escape")
        await burst(pilot, "ctrl+q")
        assert not app.is_running
    assert not (tmp_path / "new.toml").exists()


async def test_quit_dialog_esc_cancels_then_letters(editor: Any, report_file: Path) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        from tests.editor.helpers import editor_screen

        await editor_screen(editor).goto("cover", "unit.short_name")
        await burst(pilot, "end", text="改")
        await burst(pilot, "ctrl+q")
        text = screen_text(editor)
        assert "有未保存的修改" in text and "Esc 取消" in text
        await burst(pilot, "escape")
        assert editor.is_running and "有未保存的修改" not in screen_text(editor)
        assert editor.focused.id == "f-unit-short_name"  # back where the clerk was
        await burst(pilot, "ctrl+q", "right", "enter")  # the second button: 不保存
        assert not editor.is_running
    assert load(report_file).get("unit.short_name") == "君山区贸促会"


async def test_quit_dialog_save(editor: Any, report_file: Path) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        from tests.editor.helpers import editor_screen

        await editor_screen(editor).goto("cover", "unit.short_name")
        await burst(pilot, "end", text="改")
        await burst(pilot, "ctrl+q", "s")
        assert not editor.is_running
    assert load(report_file).get("unit.short_name") == "君山区贸促会改"
    assert report_file.with_name(report_file.name + ".bak").exists()


async def test_keys_after_a_dialog_answer_land_in_the_field(editor: Any) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        from tests.editor.helpers import editor_screen

        await editor_screen(editor).goto("s7", "problems[0].title")
        await burst(pilot, "ctrl+d", "n", "end", text="甲乙")  # one burst across the dialog
        assert editor.session.get("problems[0].title").endswith("甲乙")
        assert "● 未保存" in status(editor)


async def test_an_answer_to_a_covered_dialog_waits_for_it_to_be_on_top(editor: Any) -> None:
    """A key queued for one dialog that lands after a second opened over it: Textual's dismiss
    would close the second (the one on top) and leave the first open with its answer spent,
    so no key could close it. The answer waits; Esc on the top one then returns to the editor."""
    async with editor.run_test(size=(80, 24)) as pilot:
        from tests.editor.helpers import editor_screen
        from tui.editor.screens.editor import EditorScreen
        from tui.editor.screens.help import HelpScreen

        screen = editor_screen(editor)
        await screen.goto("cover", "unit.short_name")
        first, second = HelpScreen(), HelpScreen()
        screen.ask(first)
        await settle(pilot)
        screen.ask(second)
        await settle(pilot)
        first.answer(None)  # the stale key's answer
        await settle(pilot)
        assert editor.screen is second
        await burst(pilot, "escape")
        assert isinstance(editor.screen, EditorScreen) and editor.is_running
        await burst(pilot, "end", text="改")
        assert editor.session.get("unit.short_name") == "君山区贸促会改"
