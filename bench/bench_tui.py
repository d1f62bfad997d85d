"""The editor's speed: time to first screen against a bare Textual app, and the time
from a keystroke in a number field to the updated 总分 on screen.

Targets (issue 3): first screen within 1.5× of a minimal Textual app; keystroke to
updated total under 16 ms (one frame at 60 Hz). Prints figures only; asserts nothing.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 11

MINIMAL = """
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("jixiao")

async def stop(pilot):
    await pilot.pause()
    pilot.app.exit()

Minimal().run(headless=True, size=(80, 24), auto_pilot=stop)
"""

# The same shape of screen as the editor's first section (sidebar, 8 labelled inputs,
# status, footer) with none of jixiao's logic: separates Textual's cost from ours.
SAME_LAYOUT = """
from textual.app import App
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Input, Label, OptionList, Static

class SameLayout(App):
    def compose(self):
        yield Static("title")
        with Horizontal():
            yield OptionList(*[f"section {i}" for i in range(17)])
            with VerticalScroll():
                for _ in range(8):
                    with Vertical():
                        with Horizontal():
                            yield Label("单位名称")
                            yield Input("value")
                            yield Label("万元")
                        yield Static("")
        yield Static("status")
        yield Footer()

async def stop(pilot):
    await pilot.pause()
    pilot.app.exit()

SameLayout().run(headless=True, size=(80, 24), auto_pilot=stop)
"""

JIXIAO = """
import sys
from pathlib import Path
from tui.editor.app import JixiaoApp
from tui.editor.session import Session

async def stop(pilot):
    await pilot.pause()
    assert "总分" in str(pilot.app.query_one("#status").render())
    pilot.app.exit()

JixiaoApp(Session.open(Path(sys.argv[1])), offer_recovery=False).run(
    headless=True, size=(80, 24), auto_pilot=stop)
"""


def first_screens(scripts: list[tuple[str, ...]]) -> list[float]:
    """Median wall time of a fresh interpreter that imports, draws the first screen and
    exits, for each script; the scripts take turns so machine load hits them alike."""
    times: list[list[float]] = [[] for _ in scripts]
    for _ in range(RUNS):
        for slot, (script, *args) in enumerate(scripts):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, check=True,
                           capture_output=True)
            times[slot].append(time.perf_counter() - start)
    return [statistics.median(each) for each in times]


async def keystrokes(path: Path) -> tuple[list[float], list[float]]:
    """Per keystroke: the handler (parse → evaluate → every figure redrawn) and the
    whole round trip through the pilot (key event in, screen settled)."""
    from tui.editor.app import JixiaoApp
    from tui.editor.session import Session
    from tui.editor.widgets.editors import ValueInput

    handler_times: list[float] = []
    original = ValueInput.on_input_changed

    def timed(self: ValueInput, event: object) -> None:
        start = time.perf_counter()
        original(self, event)  # type: ignore[arg-type]
        handler_times.append(time.perf_counter() - start)

    ValueInput.on_input_changed = timed  # type: ignore[method-assign]
    round_trips: list[float] = []
    app = JixiaoApp(Session.open(path), blink=False, offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.goto("s2", "budget.basic")
        await pilot.pause()
        await pilot.press("end", "ctrl+u")
        for text in ["175.1", "174.1"] * 5:
            await pilot.press("end", "ctrl+u")
            for char in text:
                start = time.perf_counter()
                await pilot.press(char)
                round_trips.append(time.perf_counter() - start)
    ValueInput.on_input_changed = original  # type: ignore[method-assign]
    return handler_times, round_trips


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "junshan.toml"
        shutil.copyfile(ROOT / "forms" / "sample-junshan-ccpit-2024.toml", path)
        minimal, same, editor = first_screens([(MINIMAL,), (SAME_LAYOUT,), (JIXIAO, str(path))])
        print(f"first screen, minimal Textual app : {ms(minimal)} (median of {RUNS})")
        print(f"first screen, same layout, no logic: {ms(same)} (median of {RUNS})")
        print(f"first screen, jixiao edit         : {ms(editor)} (median of {RUNS})")
        print(f"ratio                             : {editor / minimal:.2f}× (target ≤ 1.5×)")
        handler, trips = asyncio.run(keystrokes(path))
        handler.sort()
        trips.sort()
        p95 = handler[int(len(handler) * 0.95) - 1]
        print(f"keystroke → total, handler        : median {ms(statistics.median(handler))}, "
              f"p95 {ms(p95)}, max {ms(handler[-1])} over {len(handler)} keys (target < 16 ms)")
        print(f"keystroke → settled, pilot round trip: median {ms(statistics.median(trips))}")


if __name__ == "__main__":
    main()
