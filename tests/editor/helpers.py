"""Typing as a clerk does (key by key, or a whole burst at once) and reading the screen."""

from __future__ import annotations

from typing import Any

from textual import events

from tests.editor.screen_text import screen_text

__all__ = ["retype", "burst", "send", "type_text", "message_under", "status", "screen_text", "editor_screen",
           "settle"]


def editor_screen(app: Any) -> Any:
    from tui.editor.screens.editor import EditorScreen

    return next(s for s in app.screen_stack if isinstance(s, EditorScreen))


def _key_event(key: str) -> events.Key:
    if len(key) == 1:
        from textual.keys import _character_to_key

        name = _character_to_key(key) if not key.isalnum() else key
        return events.Key(name, key)
    if key == "\n":
        return events.Key("enter", "\r")
    return events.Key(key, None)


def send(pilot: Any, *keys: str, text: str = "") -> None:
    """Keys (Textual names) then `text`, all sent before the app handles the first: as a
    laggy SSH link or `tmux send-keys` delivers them. Returns at once."""
    app = pilot.app
    events_ = [_key_event(key) for key in keys]
    events_ += [events.Key("enter", "\r") if char == "\n" else _key_event(char) for char in text]
    for event in events_:
        event.set_sender(app)
        app._driver.send_message(event)


async def burst(pilot: Any, *keys: str, text: str = "") -> None:
    """`send`, then wait until the app is idle."""
    send(pilot, *keys, text=text)
    await settle(pilot)


async def settle(pilot: Any, rounds: int = 2) -> None:
    for _ in range(rounds):
        await pilot.pause()


async def type_text(pilot: Any, text: str) -> None:
    """Key by key, waiting after each (Pilot's own pace)."""
    for char in text:
        await pilot.press(char if char != "\n" else "enter")
    await pilot.pause()


async def retype(pilot: Any, text: str) -> None:
    """Clear the focused one-line field with keys, then type text."""
    await pilot.press("end", "ctrl+u")
    await type_text(pilot, text)


def message_under(app: Any, path: str) -> str:
    """The message line under the field of `path` as rendered."""
    from tui.editor.widgets.field_row import FieldRow

    view = editor_screen(app).view
    editor = view.editor_for(path)
    row = next(node for node in editor.ancestors_with_self if isinstance(node, FieldRow))
    return row.message_text()


def status(app: Any) -> str:
    return str(editor_screen(app).query_one("#status").render())
