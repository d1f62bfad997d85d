"""Nothing lost, nobody overwritten: the lock, the file changed on disk, the recovery file."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path
from typing import Any

from core.lock import lock_path
from core.storage import load
from tests.editor.conftest import make_app
from tests.editor.helpers import burst, editor_screen, screen_text, settle, status


def rewrite(report_file: Path, old: str, new: str) -> None:
    """What `sed -i` does: a new file in place of the old one."""
    text = report_file.read_text(encoding="utf-8").replace(old, new)
    tmp = report_file.with_name("sed.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, report_file)


async def test_second_editor_is_told(report_file: Path) -> None:
    first = make_app(report_file)
    async with first.run_test(size=(80, 24)):
        second = make_app(report_file)
        async with second.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert "报告已被打开" in screen_text(second) and "进程" in screen_text(second)
            await burst(pilot, "q")
            assert not second.is_running
        assert lock_path(report_file).exists()  # still the first editor's
    assert not lock_path(report_file).exists()


async def test_second_editor_may_open_anyway_then_save_is_checked(report_file: Path) -> None:
    first = make_app(report_file)
    async with first.run_test(size=(80, 24)) as one:
        await editor_screen(first).goto("cover", "unit.short_name")
        second = make_app(report_file)
        async with second.run_test(size=(80, 24)) as two:
            await settle(two)
            await burst(two, "o")  # 仍然打开
            await editor_screen(second).goto("cover", "unit.short_name")
            await burst(two, "end", text="乙", )
            await burst(two, "ctrl+s")
            assert "已保存" in status(second)
        await burst(one, "end", text="甲")
        await burst(one, "ctrl+s")
        assert "文件已被改动" in screen_text(first)  # never a silent overwrite
        await burst(one, "escape")
    assert load(report_file).get("unit.short_name") == "君山区贸促会乙"


async def test_change_on_disk_then_save_asks_overwrite(editor: Any, report_file: Path) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        await editor_screen(editor).goto("cover", "unit.short_name")
        await burst(pilot, "end", text="甲")
        rewrite(report_file, "君山区贸促会", "磁盘上的名字")
        await burst(pilot, "ctrl+s")
        text = screen_text(editor)
        assert "文件已被改动" in text and "重新载入" in text and "另存为" in text and "覆盖" in text
        assert load(report_file).get("unit.short_name") == "磁盘上的名字"
        await burst(pilot, "o")
        assert "已保存" in status(editor)
    assert load(report_file).get("unit.short_name") == "君山区贸促会甲"


async def test_change_on_disk_reload(editor: Any, report_file: Path) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        await editor_screen(editor).goto("cover", "unit.short_name")
        await burst(pilot, "end", text="甲")
        rewrite(report_file, "君山区贸促会", "磁盘上的名字")
        await burst(pilot, "ctrl+s", "r")
        assert editor.session.get("unit.short_name") == "磁盘上的名字"
        assert "磁盘上的名字" in screen_text(editor) and "已保存" in status(editor)


async def test_change_on_disk_save_as(editor: Any, report_file: Path, tmp_path: Path) -> None:
    copy = tmp_path / "mine.toml"
    async with editor.run_test(size=(80, 24)) as pilot:
        await editor_screen(editor).goto("cover", "unit.short_name")
        await burst(pilot, "end", text="甲")
        rewrite(report_file, "君山区贸促会", "磁盘上的名字")
        await burst(pilot, "ctrl+s", "a")
        assert "另存为" in screen_text(editor)
        await burst(pilot, "end", *["backspace"] * 200, text=str(copy))
        await burst(pilot, "enter")
        assert editor.session.path == copy
    assert load(copy).get("unit.short_name") == "君山区贸促会甲"
    assert load(report_file).get("unit.short_name") == "磁盘上的名字"


async def test_change_on_disk_is_noticed_while_editing(editor: Any, report_file: Path) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        rewrite(report_file, "君山区贸促会", "别处")
        for _ in range(40):
            await pilot.pause(0.1)
            if "磁盘上的文件已被改动" in status(editor):
                break
        assert "磁盘上的文件已被改动" in status(editor)


async def test_recovery_written_within_two_seconds_of_a_change(editor: Any) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        await editor_screen(editor).goto("cover", "unit.short_name")
        await burst(pilot, "end", text="恢复测试")
        started = time.monotonic()
        recovery = editor.session.recovery
        while not recovery.exists() and time.monotonic() - started < 3:
            await asyncio.sleep(0.05)
        assert recovery.exists() and time.monotonic() - started < 2
        for _ in range(40):
            if load(recovery).get("unit.short_name") == "君山区贸促会恢复测试":
                break
            await asyncio.sleep(0.05)
        assert load(recovery).get("unit.short_name") == "君山区贸促会恢复测试"


async def test_recovery_offered_and_restored(report_file: Path) -> None:
    first = make_app(report_file)
    async with first.run_test(size=(80, 24)) as pilot:
        await editor_screen(first).goto("cover", "unit.short_name")
        await burst(pilot, "end", text="恢复")
        editor_screen(first).write_recovery_now()
        first.exit()  # the terminal went away: nothing saved
    assert load(report_file).get("unit.short_name") == "君山区贸促会"
    second = make_app(report_file)
    async with second.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "发现上次未保存的修改" in screen_text(second)
        await burst(pilot, "r")
        assert second.session.get("unit.short_name") == "君山区贸促会恢复"
        assert "君山区贸促会恢复" in screen_text(second) and "● 未保存" in status(second)
        await burst(pilot, "ctrl+s")
        assert not second.session.recovery.exists()
    assert load(report_file).get("unit.short_name") == "君山区贸促会恢复"


async def test_corrupt_recovery_is_reported_and_set_aside(report_file: Path) -> None:
    from tui.editor.session import recovery_path

    recovery = recovery_path(report_file)
    recovery.write_text("schema = [ this is not toml", encoding="utf-8")
    app = make_app(report_file)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert app.is_running and "恢复文件无法读取" in text
        assert not recovery.exists()
        assert list(recovery.parent.glob(recovery.name + ".*.corrupt"))
        await burst(pilot, "r")  # no recovery dialog to answer: the key does nothing harmful
        assert app.is_running
