"""Every list, table and grid group starts empty and is filled with keys only.

Enter on an empty list's line or Ctrl+N adds the first entry with the focus in it; a new
row goes after the cursor's row and is the row being edited; 附件2's indicator table takes
Ctrl+N as well as Insert; Delete (in the table) and Ctrl+D ask first; Alt+↑/↓ move.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from core.newreport import blank_report
from core.storage import load, save
from tests.editor.conftest import make_app
from tests.editor.helpers import burst, editor_screen, screen_text, send, settle


@pytest.fixture
def blank_file(tmp_path: Path) -> Path:
    target = tmp_path / "blank.toml"
    save(blank_report("测试单位", 2024), target)
    return target


def spec_of(app: Any) -> Any:
    return app.session.report.spec


def first_section(app: Any, kind: str) -> Any:
    return next(s for s in spec_of(app).sections if s.kind == kind)


async def open_first_grid_group(app: Any, pilot: Any) -> tuple[Any, str]:
    """The first grid's first group of named rows, its empty line focused: (grid, list path)."""
    spec = spec_of(app)
    grid = next(iter(spec.grids.values()))
    group = next(row for row in grid.rows if row.list_id)
    list_path = f"{grid.path}.{group.list_id}"
    await editor_screen(app).goto(spec.grid_section(grid.id).id, list_path)
    await settle(pilot)
    return grid, list_path


async def test_records_list_started_with_enter_then_ctrl_n(blank_file: Path) -> None:
    app = make_app(blank_file)
    async with app.run_test(size=(80, 24)) as pilot:
        section = first_section(app, "records")
        table = spec_of(app).lists[section.list_id]
        await editor_screen(app).goto(section.id, None)
        await settle(pilot)
        assert "按 Enter 或 Ctrl+N 新增第一条" in screen_text(app)
        await burst(pilot, "enter", text="第一个问题")
        await burst(pilot, "tab", text="原因一")
        await burst(pilot, "ctrl+n", text="第二个问题")
        await burst(pilot, "ctrl+s")
    rows = load(blank_file).get(table.path)
    first, second = (col.key for col in table.columns[:2])
    assert rows == [{first: "第一个问题", second: "原因一"}, {first: "第二个问题"}]


async def test_ctrl_n_anywhere_in_an_empty_list_section(blank_file: Path) -> None:
    app = make_app(blank_file)
    async with app.run_test(size=(80, 24)) as pilot:
        section = first_section(app, "records")
        table = spec_of(app).lists[section.list_id]
        await editor_screen(app).goto(section.id, None)
        await burst(pilot, "ctrl+n", text="问题甲")
        assert app.session.get(f"{table.path}[0].{table.columns[0].key}") == "问题甲"


async def test_paragraph_list_from_blank(blank_file: Path) -> None:
    app = make_app(blank_file)
    async with app.run_test(size=(80, 24)) as pilot:
        spec = spec_of(app)
        path = next(p for p, f in spec.fields.items() if f.type == "textlist")
        section = spec.field_section[path]
        await editor_screen(app).goto(section.id, path)
        await burst(pilot, "enter", text="职能一")
        await burst(pilot, "ctrl+n", text="职能二")
        await burst(pilot, "up")  # within the text area: nothing moves between items
        assert app.session.get(path) == ["职能一", "职能二"]


async def test_grid_group_from_blank_and_delete(blank_file: Path) -> None:
    app = make_app(blank_file)
    async with app.run_test(size=(120, 40)) as pilot:
        grid, list_path = await open_first_grid_group(app, pilot)
        assert app.focused.__class__.__name__ == "AddLine"
        await burst(pilot, "enter", text="会展专项")
        await burst(pilot, "tab", text="1")
        await burst(pilot, "tab", text="2")
        await burst(pilot, "tab", text="3.5")
        assert app.session.get(list_path) == [
            {"name": "会展专项", grid.column_keys[0]: Decimal("1"), grid.column_keys[1]: Decimal("2"),
             grid.column_keys[2]: Decimal("3.5")}]
        await burst(pilot, "ctrl+d")
        assert "删除第 1 条" in screen_text(app)
        await burst(pilot, "y")
        assert not app.session.get(list_path)
        assert app.focused.__class__.__name__ == "AddLine"


async def test_a_slow_row_added_by_click_keeps_the_keys_for_the_new_row(blank_file: Path,
                                                                        monkeypatch: Any) -> None:
    """A click on an empty group's line adds its first row outside the key queue's turn,
    so the key gate holds what is typed meanwhile. On a loaded machine rebuilding the grid
    can take longer than the lapse meant for a dialog that never opened (HOLD_LIMIT): the
    name typed while it is rebuilt must still wait and land in the new row."""
    import asyncio

    import tui.editor.app as app_module
    from tui.editor.widgets.editors import AddLine
    from tui.editor.widgets.grid import GridView

    monkeypatch.setattr(app_module, "HOLD_LIMIT", 0.05)
    rebuild = GridView.rebuild
    building = asyncio.Event()

    async def slow_rebuild(self: GridView) -> None:
        building.set()
        await asyncio.sleep(0.5)  # ten lapses of HOLD_LIMIT
        await rebuild(self)

    monkeypatch.setattr(GridView, "rebuild", slow_rebuild)
    app = make_app(blank_file)
    async with app.run_test(size=(120, 40)) as pilot:
        grid, list_path = await open_first_grid_group(app, pilot)
        line = app.focused
        assert isinstance(line, AddLine)
        line.on_click()
        await asyncio.wait_for(building.wait(), 10)
        await asyncio.sleep(0.1)  # past HOLD_LIMIT, the grid not rebuilt yet
        send(pilot, text="会展专项")
        send(pilot, "tab", text="1.25")
        for _ in range(150):
            await asyncio.sleep(0.02)
            if app.session.get(f"{list_path}[0].{grid.column_keys[0]}") is not None:
                break
        await settle(pilot)
        assert app.session.get(list_path) == [{"name": "会展专项", grid.column_keys[0]: Decimal("1.25")}]


async def test_indicator_rows_from_blank_ctrl_n_and_insert(blank_file: Path) -> None:
    app = make_app(blank_file)
    async with app.run_test(size=(80, 24)) as pilot:
        spec = spec_of(app)
        section = first_section(app, "indicators")
        table = spec.lists[section.list_id]
        level1 = spec.level1[0]
        await editor_screen(app).goto(section.id, None)
        await settle(pilot)
        assert "按 Ctrl+N 或 Insert 新增第一行" in screen_text(app)
        await burst(pilot, "ctrl+n", text=level1.name)
        await burst(pilot, "tab", text=level1.level2[0])
        await burst(pilot, "tab", text="甲")
        await burst(pilot, "shift+tab", "shift+tab", "shift+tab")  # back to the table
        assert app.focused.id == "indicator-table"
        await burst(pilot, "insert", text=level1.name)  # Insert from the table: after the cursor row
        await burst(pilot, "tab", "tab", text="乙")
        rows = app.session.get(table.path)
        names = [row.get(table.row_name) for row in rows]
        assert names == ["甲", "乙"]
        await burst(pilot, "shift+tab", "shift+tab", "shift+tab", "up")  # the table, row 1
        await burst(pilot, "ctrl+n", "tab", "tab", text="丙")  # after row 1: between 甲 and 乙
        names = [row.get(table.row_name) for row in app.session.get(table.path)]
        assert names == ["甲", "丙", "乙"]
        assert "第 2 行" in screen_text(app)  # the new row is the row being edited


async def test_insert_then_enter_edits_the_new_row(editor: Any) -> None:
    """The issue: Insert, then Enter, edited the row above the new one."""
    async with editor.run_test(size=(80, 24)) as pilot:
        section = first_section(editor, "indicators")
        table = spec_of(editor).lists[section.list_id]
        await editor_screen(editor).goto(section.id, None)
        await settle(pilot)
        count = len(editor.session.get(table.path))
        await burst(pilot, "insert", "shift+tab")  # the new row's first field, then back to the table
        assert editor.focused.id == "indicator-table"
        await burst(pilot, "enter", text="新的一级")
        rows = editor.session.get(table.path)
        assert len(rows) == count + 1
        assert rows[1].get(table.columns[0].key) == "新的一级"
        assert rows[0].get(table.columns[0].key) == spec_of(editor).level1[0].name


async def test_indicator_delete_key_asks_and_move(editor: Any) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        section = first_section(editor, "indicators")
        table = spec_of(editor).lists[section.list_id]
        await editor_screen(editor).goto(section.id, None)
        await settle(pilot)
        names = [row[table.row_name] for row in editor.session.get(table.path)]
        await burst(pilot, "down", "delete")
        assert "删除第 2 条" in screen_text(editor)
        await burst(pilot, "n")
        assert len(editor.session.get(table.path)) == len(names)
        await burst(pilot, "alt+down")
        moved = [row[table.row_name] for row in editor.session.get(table.path)]
        assert moved[1] == names[2] and moved[2] == names[1]
        await burst(pilot, "delete", "y")
        assert len(editor.session.get(table.path)) == len(names) - 1


async def test_catalog_choice_by_keys(blank_file: Path) -> None:
    app = make_app(blank_file)
    async with app.run_test(size=(80, 24)) as pilot:
        spec = spec_of(app)
        section = first_section(app, "indicators")
        table = spec.lists[section.list_id]
        group, level2 = (c.key for c in table.columns if c.catalog)
        await editor_screen(app).goto(section.id, None)
        await burst(pilot, "ctrl+n", "down", "down")  # the second 一级 of the catalog
        await burst(pilot, "tab", "down")  # the first 二级 offered for that 一级
        row = app.session.get(f"{table.path}[0]")
        assert row[group] == spec.level1[1].name and row[level2] == spec.level1[1].level2[0]
        await burst(pilot, "shift+tab", "end", *["backspace"] * 10, text=spec.level1[0].short)
        await burst(pilot, "right")  # the completion from the catalog is taken
        assert app.session.get(f"{table.path}[0].{group}") == spec.level1[0].name


async def test_indicator_table_shows_level1_and_cuts_no_number(editor: Any) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        spec = spec_of(editor)
        section = first_section(editor, "indicators")
        table = spec.lists[section.list_id]
        await editor_screen(editor).goto(section.id, None)
        await settle(pilot)
        text = screen_text(editor)
        assert spec.level1[0].short in text and table.columns[0].label[:2] in text
        score = next(c.key for c in table.columns if c.type == "score")
        editor.session.commit(editor.session.address(f"{table.path}[0].{score}"), Decimal("12345.67"))
        editor_screen(editor).refresh_now()
        await settle(pilot)
        assert "12345.67" in screen_text(editor)
        assert "…" in screen_text(editor)  # long names are cut with an ellipsis, not silently
