"""The real `jixiao edit` in a real terminal (tmux): type a figure, save, quit, read the file.

Waits poll the pane until a text appears (with a generous limit), so the test is
deterministic and asserts nothing about speed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

import pytest

from core.storage import load

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.tmux


class Tmux:
    """One private tmux server (its own socket) running one command."""

    def __init__(self, command: list[str], cwd: Path) -> None:
        self.socket = f"jixiao-test-{uuid.uuid4().hex[:8]}"
        env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color"}
        env.pop("NO_COLOR", None)
        self.env = env
        shell = " ".join(f"'{part}'" for part in command)
        self.run("new-session", "-d", "-s", "jx", "-x", "100", "-y", "30", "-c", str(cwd),
                 f"{shell}; echo JIXIAO-EXITED $?; sleep 30")

    def run(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True,
                                env=self.env, timeout=30)
        return result.stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "jx")

    def wait_for(self, text: str, limit: float = 60) -> str:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"never shown: {text!r}\n{self.screen()}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", "jx", *(["-l"] if literal else []), *keys)

    def close(self) -> None:
        self.run("kill-server")


def test_edit_type_save_quit(tmp_path: Path, reference_path: Path) -> None:
    target = tmp_path / "report.toml"
    shutil.copyfile(reference_path, target)
    tmux = Tmux([sys.executable, "-m", "tui.cli", "edit", str(target)], ROOT)
    try:
        tmux.wait_for("第 1/16 节")
        tmux.keys("Tab")
        tmux.keys("Tab")
        tmux.keys("Tab")  # 单位名称 → 简称 → 年度 → 预算编码 (blank)
        tmux.keys("TMUX-123", literal=True)
        tmux.wait_for("● 未保存")
        tmux.wait_for("TMUX-123")
        tmux.keys("C-s")
        tmux.wait_for("已保存 ·")
        tmux.keys("C-q")
        tmux.wait_for("JIXIAO-EXITED 0")
    finally:
        tmux.close()
    report = load(target)
    assert report.get("unit.budget_code") == "TMUX-123"
    assert report.get("budget.total") == Decimal("194.72")
