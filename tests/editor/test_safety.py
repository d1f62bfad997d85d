"""No input crashes the editor: report text is never Rich markup, and control and escape
characters never reach the terminal raw (title, labels, lists, palette, findings)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.paths import set_path
from core.storage import load, save
from tests.editor.conftest import make_app
from tests.editor.helpers import burst, editor_screen, screen_text, settle, status

HOSTILE = "[/]x [bold]粗[/bold] \x1b]0;PWNED\x07 \x1b[2J\x00\u202e反"


def text_paths(report: Any) -> list[str]:
    """Every text the clerk can type in the report: fields, list cells and items, grid row names."""
    spec = report.spec
    paths = [path for path, field in spec.fields.items() if field.type == "text"]
    paths += [f"{path}[0]" for path, field in spec.fields.items() if field.type == "textlist"]
    for table in spec.lists.values():
        paths += [f"{table.path}[0].{col.key}" for col in table.columns if col.type == "text"]
    for grid in spec.grids.values():
        paths += [f"{grid.path}.{row.list_id}[0].name" for row in grid.rows if row.list_id]
    return paths


@pytest.fixture
def hostile_file(tmp_path: Path, reference_path: Path) -> Path:
    report = load(reference_path)
    for path in text_paths(report):
        list_path, _, rest = path.partition("[0]")
        if not report.get(list_path):
            set_path(report.data, list_path, [{} if rest else ""])
        set_path(report.data, path, HOSTILE)
    target = tmp_path / "hostile.toml"
    save(report, target)
    return target


async def test_hostile_text_in_every_text_field_opens_and_shows_escaped(hostile_file: Path) -> None:
    app = make_app(hostile_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = editor_screen(app)
        assert "[/]x" in screen_text(app)  # as typed, not parsed as markup
        title = screen_text(app).splitlines()[0]
        assert "\\x1" in title and "\x1b" not in title  # the title: escaped (and cut with …)
        for section in app.session.report.spec.sections:
            await screen.goto(section.id, None)
            await settle(pilot)
            text = screen_text(app)
            assert "\x1b" not in text and "\x00" not in text and "\u202e" not in text
        await burst(pilot, "f8")
        assert "\x1b" not in screen_text(app)
        await burst(pilot, "escape", "ctrl+p", text="PWNED")
        assert "\\x1b]0;PWNED" in screen_text(app) and "\x1b" not in screen_text(app)
        await burst(pilot, "escape")
        assert app.is_running


async def test_typing_markup_into_the_short_name(editor: Any, report_file: Path) -> None:
    """`[` then `/` in 简称 crashed the old editor (Rich MarkupError); key by key and in a burst."""
    async with editor.run_test(size=(80, 24)) as pilot:
        await editor_screen(editor).goto("cover", "unit.short_name")
        await burst(pilot, "end", *["backspace"] * 10)
        for char in "[/]x":
            await pilot.press(char)
        await burst(pilot, text="[bold]")
        assert "[/]x[bold]" in screen_text(editor).splitlines()[0]
        await burst(pilot, "tab", "ctrl+s")
        assert editor.is_running and "已保存" in status(editor)
    assert load(report_file).get("unit.short_name") == "[/]x[bold]"


async def test_a_report_with_markup_in_its_name_opens(tmp_path: Path, reference_path: Path) -> None:
    report = load(reference_path)
    report.set("unit.short_name", "[/]x")
    target = tmp_path / "markup.toml"
    save(report, target)
    app = make_app(target)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "[/]x" in screen_text(app).splitlines()[0]


async def test_escape_typed_into_a_field_never_reaches_the_title_raw(editor: Any) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        await editor_screen(editor).goto("cover", "unit.short_name")
        editor_screen(editor).take_text(editor.focused.address, "text", "\x1b]0;PWNED\x07", final=True)
        editor_screen(editor).refresh_now()
        await settle(pilot)
        title = screen_text(editor).splitlines()[0]
        assert "\\x1b]0;PWNED\\x07" in title and "\x1b" not in title
        assert editor.title == "jixiao"  # the app's title never holds report text


async def test_control_character_export_to_word_keeps_the_session(editor: Any, report_file: Path,
                                                                  tmp_path: Path) -> None:
    """Word's manual line break (\\v) in a text, exported to .docx from the editor: the editor
    survives, keeps what is unsaved, and says what happened."""
    out = tmp_path / "out.docx"
    async with editor.run_test(size=(80, 24), notifications=True) as pilot:
        screen = editor_screen(editor)
        await screen.goto("s10", "remarks.text")
        screen.take_text(editor.session.address("remarks.text"), "text", "第一行\v第二行", final=True)
        ok = await screen.export_to(out)
        await settle(pilot)
        text = screen_text(editor)
        assert editor.is_running and "● 未保存" in status(editor)
        assert ("已导出" in text) if ok else ("导出失败" in text)
        assert editor.session.get("remarks.text") == "第一行\v第二行"


async def test_a_failing_writer_says_why(editor: Any, tmp_path: Path, monkeypatch: Any) -> None:
    import exports.registry as registry

    def broken(*_args: Any) -> None:
        raise ValueError("All strings must be XML compatible")

    monkeypatch.setattr(registry, "writer_for", lambda _path: broken)
    async with editor.run_test(size=(80, 24), notifications=True) as pilot:
        assert not await editor_screen(editor).export_to(tmp_path / "x.docx")
        await settle(pilot)
        assert "导出失败" in screen_text(editor) and "XML compatible" in screen_text(editor)
        assert editor.is_running
