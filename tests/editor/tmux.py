"""The real `jixiao edit` in a real terminal: one private tmux server per test, 80×24.

`keys`/`text` are one `tmux send-keys` call each, which writes all of them to the pane at
once, the way a burst arrives over SSH; waits poll the pane until a text appears (never a
fixed sleep), so the tests assert nothing about speed.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

# The tree whose `jixiao edit` runs: this one, or (JIXIAO_EDITOR_ROOT) another checkout,
# to watch a defect test fail on an older editor.
ROOT = Path(os.environ.get("JIXIAO_EDITOR_ROOT") or Path(__file__).resolve().parents[2])

TMUX_KEYS = {
    "tab": "Tab", "shift+tab": "BTab", "enter": "Enter", "escape": "Escape", "backspace": "BSpace",
    "delete": "DC", "insert": "IC", "home": "Home", "end": "End", "up": "Up", "down": "Down",
    "left": "Left", "right": "Right", "pageup": "PPage", "pagedown": "NPage",
    "f1": "F1", "f2": "F2", "f4": "F4", "f5": "F5", "f6": "F6", "f8": "F8",
    "alt+up": "M-Up", "alt+down": "M-Down",
}


def tmux_key(name: str) -> str:
    if name in TMUX_KEYS:
        return TMUX_KEYS[name]
    if name.startswith("ctrl+") and len(name) == 6:
        return "C-" + name[-1]
    return name


def editor_command(file: Path) -> list[str]:
    return [sys.executable, "-m", "tui.cli", "edit", str(file)]


class Tmux:
    """One private tmux server (its own socket) running one command in an 80×24 pane."""

    def __init__(self, command: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None,
                 size: tuple[int, int] = (80, 24)) -> None:
        self.socket = f"jixiao-test-{uuid.uuid4().hex[:8]}"
        base = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color"}
        base.pop("NO_COLOR", None)
        base.pop("TMUX", None)
        self.env = {**base, **(env or {})}
        shell = " ".join(shlex.quote(part) for part in command)
        self.run("new-session", "-d", "-s", "jx", "-x", str(size[0]), "-y", str(size[1]), "-c", str(cwd),
                 f"{shell}; echo JIXIAO-EXITED $?; sleep 600")

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
            time.sleep(0.05)
        raise AssertionError(f"never shown: {text!r}\n{self.screen()}")

    def wait_gone(self, text: str, limit: float = 60) -> str:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            shown = self.screen()
            if text not in shown:
                return shown
            time.sleep(0.05)
        raise AssertionError(f"still shown: {text!r}\n{self.screen()}")

    def keys(self, *names: str) -> None:
        """Named keys (Textual's names), one send-keys call: one burst."""
        self.run("send-keys", "-t", "jx", *(tmux_key(name) for name in names))

    def text(self, text: str) -> None:
        """Literal text, one send-keys call: one burst ("\\n" is Enter)."""
        self.run("send-keys", "-t", "jx", "-l", "--", text.replace("\n", "\r"))

    def pid(self) -> int:
        """The pid of the program in the pane (the shell's child)."""
        shell = int(self.run("display-message", "-p", "-t", "jx", "#{pane_pid}").strip())
        children = subprocess.run(["pgrep", "-P", str(shell)], capture_output=True, text=True).stdout.split()
        return int(children[0]) if children else shell

    def resize(self, width: int, height: int) -> None:
        self.run("resize-window", "-t", "jx", "-x", str(width), "-y", str(height))

    def title(self) -> str:
        """What the program set as the terminal's title (OSC 0/2), as tmux keeps it."""
        return self.run("display-message", "-p", "-t", "jx", "#{pane_title}").strip()

    def close(self) -> None:
        self.run("kill-server")


def run_steps(tmux: Tmux, steps: list[Any], pause: float = 0.02) -> None:
    """A plan (tests/editor/plan.py) typed into the pane: bursts, a short pause between fields."""
    from tests.editor.plan import Keys, Pause, Text, Wait

    for step in steps:
        if isinstance(step, Text):
            tmux.text(step.text)
        elif isinstance(step, Keys):
            tmux.keys(*step.keys)
        elif isinstance(step, Pause):
            time.sleep(pause)
        elif isinstance(step, Wait):
            tmux.wait_for(step.text)
