"""附件1 named cost rows (市级专项, 其他项目支出): the clerk adds, fills and deletes them,
and 项目支出 follows with the totals evaluate() computes."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from helpers import screen_text

PROJECT_LINE = r"│ 项目支出 +{} +{} +{}"


def line_of(app: Any, label: str) -> str:
    return next((line for line in screen_text(app).splitlines() if f"│ {label} " in line), "")


async def type_text(pilot: Any, text: str) -> None:
    for char in text:
        await pilot.press(char)
    await pilot.pause()


async def test_add_special_row_type_figures_then_delete(editor: Any) -> None:
    async with editor.run_test(size=(120, 40)) as pilot:
        await editor.goto("att1", "basic_data.costs.reception.final")
        await pilot.pause()
        assert re.search(PROJECT_LINE.format("0.00", "20.62", "20.62"), screen_text(editor))
        await pilot.press("ctrl+n")  # not on a named row: the group is asked for
        await pilot.pause()
        assert "新增到哪一组？" in screen_text(editor)
        await pilot.press("1")  # 市级专项资金
        await pilot.pause()
        assert editor.focused.id == "f-basic_data-costs-project_specials-0--name"
        await type_text(pilot, "会展专项")
        for figure in ("1", "2", "3.5"):
            await pilot.press("tab")
            await type_text(pilot, figure)
        await pilot.press("tab")
        await pilot.pause()
        assert editor.session.get("basic_data.costs.project_specials") == [
            {"name": "会展专项", "prev": Decimal("1"), "budget": Decimal("2"), "final": Decimal("3.5")}]
        text = screen_text(editor)
        assert re.search(PROJECT_LINE.format("1.00", "22.62", "24.12"), text)
        assert re.search(r"会展专项 +1\.00 +2\.00 +3\.50", text)
        assert editor.session.evaluation.values["costs.project.final"] == Decimal("24.12")
        assert "● 未保存" in str(editor.query_one("#status").render())

        await pilot.press("shift+tab")  # back onto the new row
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert "删除市级专项资金中的“会展专项”这一行？" in screen_text(editor)
        await pilot.press("y")
        await pilot.pause()
        assert not editor.session.get("basic_data.costs.project_specials")
        assert "会展专项" not in screen_text(editor)
        assert re.search(PROJECT_LINE.format("0.00", "20.62", "20.62"), screen_text(editor))


async def test_add_on_named_row_adds_after_it_in_its_group(editor: Any) -> None:
    async with editor.run_test(size=(120, 40)) as pilot:
        await editor.goto("att1", "basic_data.costs.project_others[0].final")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "新增到哪一组？" not in screen_text(editor)
        assert editor.focused.id == "f-basic_data-costs-project_others-1--name"
        await type_text(pilot, "展会")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "4")
        await pilot.press("tab")
        await pilot.pause()
        rows = editor.session.get("basic_data.costs.project_others")
        assert [row.get("name") for row in rows] == ["招商引资", "展会"]
        assert re.search(PROJECT_LINE.format("0.00", "20.62", "24.62"), screen_text(editor))
