"""Print what one keystroke costs in a TextArea holding 1,000,000 characters.

Not a test (it asserts nothing and takes minutes): run it by hand from the repository
root, `python tests/editor/measure_textarea.py [--plain] [--quick]`.

Each figure is the CPU time (`time.process_time`) the app spends on one `Pilot.press`:
handling the key, the edit, and drawing the next 80x24 frame. CPU time leaves out the
pauses Pilot sleeps through while it waits for the app to go idle, which a real terminal
does not have. The "small" row, a 2,000-character document, is the floor: what a press
costs whatever the document. `--plain` measures Textual's own `TextArea` for comparison;
`--quick` presses each key 3 times instead of 10.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import TextArea

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tui.editor.widgets.inputs import FieldTextArea  # noqa: E402

WORDS = "部门整体支出绩效自评报告预算执行率项目资金使用效益明显提高完成年度目标任务，。"


def chinese(characters: int, line_length: int | None) -> str:
    """`characters` of Chinese prose, with a newline every `line_length` (None: one line)."""
    rng = random.Random(2024)
    text = "".join(rng.choice(WORDS) for _ in range(characters))
    if line_length is None:
        return text
    return "\n".join(text[i : i + line_length] for i in range(0, characters, line_length))


class Holder(App[None]):
    """One text area filling an 80x24 screen."""

    def __init__(self, make: Callable[[], TextArea]) -> None:
        super().__init__()
        self.make = make

    def compose(self) -> ComposeResult:
        yield self.make()


async def measure(make: Callable[[], TextArea], presses: int) -> dict[str, list[float]]:
    """CPU milliseconds per press of `x` and of backspace, cursor in the middle."""
    app = Holder(make)
    figures: dict[str, list[float]] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        area = app.query_one(TextArea)
        middle = area.document.line_count // 2
        area.move_cursor((middle, min(100, len(area.document[middle]))), center=True)
        await pilot.pause()
        for key in ("x", "backspace"):
            await pilot.press(key)  # warm caches the first press fills
            times = []
            for _ in range(presses):
                start = time.process_time()
                await pilot.press(key)
                times.append((time.process_time() - start) * 1000)
            figures[key] = times
    return figures


def main() -> None:
    widget = TextArea if "--plain" in sys.argv else FieldTextArea
    presses = 3 if "--quick" in sys.argv else 10
    cases = [
        ("small: 2,000 chars, lines of 200", 2_000, 200, True),
        ("1M chars, lines of 200, soft wrap", 1_000_000, 200, True),
        ("1M chars, lines of 200, no wrap", 1_000_000, 200, False),
        ("10,000 chars on one line, soft wrap", 10_000, None, True),
        ("10,000 chars on one line, no wrap", 10_000, None, False),
        ("1M chars on one line, no wrap", 1_000_000, None, False),
        ("1M chars on one line, soft wrap", 1_000_000, None, True),
    ]
    print(f"{widget.__name__}: CPU ms per keystroke (median / max of {presses})")
    for label, characters, line_length, wrap in cases:
        text = chinese(characters, line_length)
        started = time.perf_counter()

        def make(text: str = text, wrap: bool = wrap) -> TextArea:
            return widget(text, soft_wrap=wrap)

        figures = asyncio.run(measure(make, presses))
        took = time.perf_counter() - started
        row = "  ".join(
            f"{key:>9}: {statistics.median(ms):8.1f} / {max(ms):8.1f}"
            for key, ms in figures.items()
        )
        print(f"{label:<37} {row}   ({took:.0f} s in all)", flush=True)


if __name__ == "__main__":
    main()
