"""Number fields as the clerk sees them: typed text as typed, then right-aligned with
two decimals once the field is left; the stored value never carries the padding."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from helpers import retype, screen_text


def line_with(app: Any, label: str) -> str:
    return next(line for line in screen_text(app).splitlines() if f"│ {label} " in line)


async def test_number_right_aligned_once_left(editor: Any) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        await editor.goto("s2", "budget.basic")
        await pilot.pause()
        # not focused: right-aligned against the unit
        assert re.search(r"项目支出 +20\.62 {1,3}万元", line_with(editor, "项目支出"))
        await retype(pilot, "174.1")
        # being typed: shown as typed, where the cursor is (left)
        assert re.search(r"基本支出 +174\.1 {4,}万元", line_with(editor, "基本支出"))
        await pilot.press("tab")
        await pilot.pause()
        assert re.search(r"基本支出 +174\.10 {1,3}万元", line_with(editor, "基本支出"))
        field = editor.query_one("#f-budget-basic")
        assert field.value == "174.10"
        assert editor.session.get("budget.basic") == Decimal("174.1")
