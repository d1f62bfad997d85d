"""Keys queued behind the one that closes a dialog or ends the program do nothing.

A random key storm in the real editor (tmux, bursts of up to 8 keys) ended the program with a
traceback in four ways: a second Enter reaching the export dialog, the palette or the
findings list after the first had closed it (NoMatches on the closed dialog's widgets), and
a section key behind Ctrl+Q mounting a view on a screen already going away (MountError);
a longer storm with resizes added a Resize reaching a screen not attached (MountError).
Each test sends its keys as one burst; Pilot re-raises a crash when the app ends.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.storage import load
from tests.editor.helpers import burst, editor_screen, screen_text, send, settle


async def _still_editing(pilot: Any, app: Any) -> None:
    """The program runs on, with the editor on top and its keys working."""
    await settle(pilot, 4)
    assert app.is_running and app._exception is None
    assert app.screen is editor_screen(app)
    await burst(pilot, "f6")
    assert "第 2/" in screen_text(app)


async def _late_key(pilot: Any, app: Any, opener: str, action: str, *closing: str) -> None:
    """Open a dialog, close it with `closing` sent in one burst with more of its key, then
    run that key's action on the closed dialog, as a key the storm queued behind the
    answer reached it (Pilot's pace seldom lets it happen by itself)."""
    await burst(pilot, opener)
    dialog = app.screen
    assert dialog is not editor_screen(app)
    send(pilot, *closing)
    await settle(pilot, 4)
    assert app.screen is not dialog
    await dialog.run_action(action)
    await _still_editing(pilot, app)


async def test_enter_reaching_the_closed_export_dialog(editor: Any, report_file: Path) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        await _late_key(pilot, editor, "ctrl+e", "confirm", "enter", "enter")
    assert "君山区" in report_file.with_suffix(".md").read_text(encoding="utf-8")  # exported once


async def test_enter_reaching_the_closed_palette(editor: Any) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        await _late_key(pilot, editor, "ctrl+p", "go", "escape", "enter")


async def test_enter_reaching_the_closed_findings(editor: Any) -> None:
    async with editor.run_test(size=(80, 24)) as pilot:
        await _late_key(pilot, editor, "f8", "choose", "escape", "enter")


async def test_section_keys_behind_ctrl_q_end_the_program_cleanly(editor: Any, report_file: Path) -> None:
    before = report_file.read_bytes()
    async with editor.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        send(pilot, "ctrl+q", "f5", "f6", "f6", "ctrl+z", "f8")
        await settle(pilot, 6)
    assert editor._exception is None and editor.return_code == 0
    assert report_file.read_bytes() == before
    assert load(report_file).get("unit.name")


async def test_a_resize_reaching_an_editor_screen_that_is_not_attached(editor: Any) -> None:
    """The storm ended the program with MountError: a Resize below 80×24 reached an editor
    screen that was not attached (not yet mounted, or taken off as the program ended, before
    Textual marks it closing), and it mounted its too-small notice there. Such a screen has
    nothing to show; a new one checks the size when it is mounted."""
    from textual import events
    from textual.geometry import Size

    async with editor.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        spare = editor._editor(editor.session)  # built, never pushed
        assert not spare.is_attached
        spare.on_resize(events.Resize(Size(40, 10), Size(40, 10)))  # as the queued event runs
        assert not spare._too_small
        await _still_editing(pilot, editor)
