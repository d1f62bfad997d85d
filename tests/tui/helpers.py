"""Typing as a clerk does, and reading back what the screen shows."""

from __future__ import annotations

from typing import Any

from screen_text import screen_text

__all__ = ["retype", "message_under", "status", "screen_text"]


async def retype(pilot: Any, text: str) -> None:
    """Clear the focused one-line field with keys, then type text key by key."""
    await pilot.press("end", "ctrl+u")
    for char in text:
        await pilot.press(char)
    await pilot.pause()


def message_under(app: Any, path: str) -> str:
    """The message line under the field of `path` as rendered."""
    from tui.editor.widgets.editors import widget_id
    from tui.editor.widgets.fields import FieldRow

    editor = app.query_one(f"#{widget_id(path)}")
    row = next(node for node in editor.ancestors if isinstance(node, FieldRow))
    return str(row.message.render()) if row.message.display else ""


def status(app: Any) -> str:
    return str(app.query_one("#status").render())
