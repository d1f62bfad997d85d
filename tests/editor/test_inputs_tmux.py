"""A FieldInput in a real terminal (tmux, 80x24) keeps a `send-keys` burst in order.

One `tmux send-keys` call writes all its keys to the pane at once, the way a burst over
SSH arrives, and the app reads them in one go: the case of Textual issue #6605 without
any test harness in between. The app prints its final value when it exits.

A plain `Input` in the same pane ended `'1198.36'` in 5 runs out of 5 (Textual 8.2.8):
the seven backspaces ran after `1234.56` and deleted it. That half is not a test here,
since whether a burst arrives in one read is up to the machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed"),
]

APP = """
import sys
from textual.app import App, ComposeResult
from textual.widgets import Input
from tui.editor.widgets.inputs import FieldInput

kind = FieldInput if sys.argv[1] == "field" else Input

class OneInput(App[str]):
    def compose(self) -> ComposeResult:
        yield kind("1198.36", select_on_focus=False)

    def on_key(self, event) -> None:
        if event.key == "f10":
            self.exit(self.query_one(Input).value)

print("FINAL:" + repr(OneInput().run()))
"""


class Pane:
    """One private tmux server (its own socket) running one command in an 80x24 pane."""

    def __init__(self, command: list[str]) -> None:
        self.socket = f"jixiao-inputs-{uuid.uuid4().hex[:8]}"
        self.env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
                    "TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
        shell = " ".join(f"'{part}'" for part in command)
        self.tmux("new-session", "-d", "-s", "jx", "-x", "80", "-y", "24", "-c", str(ROOT),
                  f"{shell}; sleep 30")

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, env=self.env, timeout=30).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "jx")

    def wait_for(self, text: str, limit: float = 60) -> str:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if text in (shown := self.screen()):
                return shown
            time.sleep(0.1)
        raise AssertionError(f"never shown: {text!r}\n{self.screen()}")

    def close(self) -> None:
        self.tmux("kill-server")


def final_value(kind: str, tmp_path: Path) -> str:
    """What the app printed after one burst: 7×BSpace then `1234.56`, and F10 to quit."""
    script = tmp_path / "one_input.py"
    script.write_text(APP, encoding="utf-8")
    pane = Pane([sys.executable, str(script), kind])
    try:
        pane.wait_for("1198.36")
        time.sleep(0.3)  # let the first frame finish before the burst
        pane.tmux("send-keys", "-t", "jx", *["BSpace"] * 7, *"1234.56")
        time.sleep(1.0)  # the burst is applied; then quit with a separate key
        pane.tmux("send-keys", "-t", "jx", "F10")
        shown = pane.wait_for("FINAL:")
    finally:
        pane.close()
    line = next(line for line in shown.splitlines() if line.startswith("FINAL:"))
    return line.removeprefix("FINAL:").strip()


def test_field_input_applies_a_send_keys_burst_in_order(tmp_path: Path) -> None:
    assert final_value("field", tmp_path) == repr("1234.56")
