"""The issue's defects, each in the real `jixiao edit` in tmux at 80×24.

Two editors on one file, a change on disk while editing, a SIGKILL 3 s after an edit,
markup and escape sequences in the report's text (and the terminal's title), a terminal
made too small and back, a control character exported to Word. Run them against an older
tree with JIXIAO_EDITOR_ROOT=/path/to/checkout to watch them fail there.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from core.storage import load, save
from tests.editor.tmux import Tmux, editor_command

pytestmark = pytest.mark.tmux


@pytest.fixture
def report(tmp_path: Path, reference_path: Path) -> Path:
    target = tmp_path / "report.toml"
    shutil.copyfile(reference_path, target)
    return target


def open_editor(file: Path, data: Path) -> Tmux:
    tmux = Tmux(editor_command(file), env={"XDG_DATA_HOME": str(data)})
    return tmux


def jump(tmux: Tmux, query: str) -> None:
    tmux.keys("ctrl+p")
    tmux.wait_for("命令面板")
    tmux.text(query)
    tmux.keys("enter")
    tmux.wait_gone("命令面板")


def test_two_editors_on_one_file(report: Path, tmp_path: Path) -> None:
    first = open_editor(report, tmp_path / "a")
    second = None
    try:
        first.wait_for("第 1/16 节")
        second = open_editor(report, tmp_path / "b")
        second.wait_for("报告已被打开")  # the second is told the first has it
        second.keys("o")
        jump(second, "封面 · 简称")
        second.keys("end")
        second.text("乙")
        second.keys("tab", "ctrl+s")
        second.wait_for("已保存 ·")
        jump(first, "封面 · 简称")
        first.keys("end")
        first.text("甲")
        first.keys("tab", "ctrl+s")
        first.wait_for("文件已被改动")  # never a silent overwrite of the second's save
        first.keys("escape")
        first.wait_gone("文件已被改动")  # the dialog closed before the next save asks again
        assert load(report).get("unit.short_name") == "君山区贸促会乙"
        first.keys("ctrl+s")
        first.wait_for("文件已被改动")
        first.keys("o")  # 覆盖, chosen
        first.wait_for("已保存 ·")
        assert load(report).get("unit.short_name") == "君山区贸促会甲"
    finally:
        first.close()
        if second is not None:
            second.close()


def test_change_on_disk_while_editing(report: Path, tmp_path: Path) -> None:
    tmux = open_editor(report, tmp_path / "data")
    try:
        tmux.wait_for("第 1/16 节")
        jump(tmux, "封面 · 简称")
        tmux.keys("end")
        tmux.text("甲")
        text = report.read_text(encoding="utf-8").replace("君山区贸促会", "别人改的")
        tmp = report.with_name("sed.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, report)  # sed -i
        tmux.wait_for("磁盘上的文件已被改动")
        tmux.keys("ctrl+s")
        tmux.wait_for("文件已被改动")
        assert load(report).get("unit.short_name") == "别人改的"
        tmux.keys("r")  # 重新载入
        tmux.wait_for("别人改的")
        tmux.keys("ctrl+q")
        tmux.wait_for("JIXIAO-EXITED 0")
    finally:
        tmux.close()
    assert load(report).get("unit.short_name") == "别人改的"


def type_personnel(tmux: Tmux) -> None:
    """In the open editor: 二's 人员经费 retyped as 93.13, left unsaved."""
    tmux.wait_for("第 1/16 节")
    jump(tmux, "二 一般公共预算 · 人员经费")
    tmux.keys("end", *["backspace"] * 8)
    tmux.text("93.13")
    tmux.wait_for("● 未保存")


def recover_personnel(report: Path, data: Path) -> None:
    """Reopen after the editor died: the recovery is offered (the dead editor's lock is
    stale, so no question about it), taken, saved; the file then holds the 93.13 typed."""
    from decimal import Decimal

    tmux = open_editor(report, data)
    try:
        tmux.wait_for("发现上次未保存的修改")
        tmux.keys("r")
        tmux.wait_for("93.13")
        tmux.keys("ctrl+s")
        tmux.wait_for("已保存 ·")
        tmux.keys("ctrl+q")
        tmux.wait_for("JIXIAO-EXITED 0")
    finally:
        tmux.close()
    assert load(report).get("budget.personnel") == Decimal("93.13")


def test_sigkill_three_seconds_after_an_edit_is_recovered(report: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    tmux = open_editor(report, data)
    try:
        type_personnel(tmux)
        time.sleep(3)  # the clerk's session dies 3 s after the edit: the scenario itself
        os.kill(tmux.pid(), signal.SIGKILL)
        tmux.wait_for("JIXIAO-EXITED")
    finally:
        tmux.close()
    recover_personnel(report, data)


HOSTILE = "\x1b]0;PWNED\x07[/]x[bold]"


def test_markup_and_escapes_never_crash_or_retitle(report: Path, tmp_path: Path) -> None:
    hostile = load(report)
    for path, field in hostile.spec.fields.items():
        if field.type == "text":
            hostile.set(path, HOSTILE + field.label)
    save(hostile, report)
    tmux = open_editor(report, tmp_path / "data")
    try:
        shown = tmux.wait_for("第 1/16 节")
        assert "\\x1b]0;PWNED" in shown  # escaped, in the title line and the fields' labels
        assert "PWNED" not in tmux.title()  # the terminal's own title never gets report text
        for query in ("二 一般公共预算 · 基本支出说明", "十 其他说明 · 其他需要说明的情况"):
            jump(tmux, query)
            tmux.wait_for("PWNED")
        jump(tmux, "封面 · 简称")
        tmux.keys("end", *["backspace"] * 60)
        tmux.text("[")
        tmux.text("/")
        tmux.text("]y[bold]")
        tmux.keys("tab", "ctrl+s")
        tmux.wait_for("已保存 ·")
        assert "PWNED" not in tmux.title()
        tmux.keys("ctrl+q")
        tmux.wait_for("JIXIAO-EXITED 0")
    finally:
        tmux.close()
    assert load(report).get("unit.short_name") == "[/]y[bold]"


def test_resize_below_minimum_and_back(report: Path, tmp_path: Path) -> None:
    tmux = open_editor(report, tmp_path / "data")
    try:
        tmux.wait_for("第 1/16 节")
        jump(tmux, "封面 · 简称")
        tmux.resize(60, 20)
        tmux.wait_for("终端太小")
        tmux.resize(80, 24)
        tmux.wait_gone("终端太小")
        tmux.keys("end")
        tmux.text("新")
        tmux.keys("tab", "ctrl+s")
        tmux.wait_for("已保存 ·")
        tmux.keys("ctrl+q")
        tmux.wait_for("JIXIAO-EXITED 0")
    finally:
        tmux.close()
    assert load(report).get("unit.short_name") == "君山区贸促会新"


def test_control_character_exported_to_word(report: Path, tmp_path: Path) -> None:
    hostile = load(report)
    hostile.set("remarks.text", "第一行\v第二行")  # Word's manual line break
    save(hostile, report)
    out = tmp_path / "out.docx"
    tmux = open_editor(report, tmp_path / "data")
    try:
        tmux.wait_for("第 1/16 节")
        jump(tmux, "封面 · 简称")
        tmux.keys("end")
        tmux.text("未保存")
        tmux.keys("ctrl+e")
        tmux.wait_for("输出文件")
        tmux.keys("end", *["backspace"] * 300)
        tmux.text(str(out))
        tmux.keys("enter")
        shown = tmux.wait_for("导出")
        deadline = time.monotonic() + 60
        while "已导出" not in shown and "导出失败" not in shown and time.monotonic() < deadline:
            time.sleep(0.1)
            shown = tmux.screen()
        assert "已导出" in shown or "导出失败" in shown  # it says what happened
        assert "● 未保存" in shown  # and the session (with what is unsaved) is kept
        tmux.keys("ctrl+s")
        tmux.wait_for("已保存 ·")
        tmux.keys("ctrl+q")
        tmux.wait_for("JIXIAO-EXITED 0")
    finally:
        tmux.close()
    assert load(report).get("unit.short_name") == "君山区贸促会未保存"


CRASHING_EDITOR = (
    "import sys\n"
    "import tui.editor.screens.editor as editor\n"
    "def boom(self):\n"
    "    raise RuntimeError('an editor bug')\n"
    "editor.EditorScreen.action_help = boom\n"
    "from tui.cli.main import main\n"
    "raise SystemExit(main(['edit', sys.argv[1]]))\n"
)


def test_a_crash_exits_non_zero_and_what_was_typed_comes_back(report: Path, tmp_path: Path) -> None:
    """An editor bug (here F1 made to raise) must not pass for a clean exit: the command says
    so in Chinese with exit 2, and the edit typed just before is offered back on reopening."""
    import sys

    data = tmp_path / "data"
    before = report.read_bytes()
    tmux = Tmux([sys.executable, "-c", CRASHING_EDITOR, str(report)], env={"XDG_DATA_HOME": str(data)})
    try:
        type_personnel(tmux)
        tmux.keys("f1")
        screen = tmux.wait_for("JIXIAO-EXITED")
        assert "JIXIAO-EXITED 2" in screen and "编辑器出错退出" in screen and "恢复文件" in screen
    finally:
        tmux.close()
    assert report.read_bytes() == before
    recover_personnel(report, data)
