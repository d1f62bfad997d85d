"""Waiting for a widget's pending keys: what the screen does before it reads a field.

Its own module, not the dialogs', so the first screen can use it without importing
every dialog class (they load when a dialog first opens).
"""

from __future__ import annotations

import asyncio

from textual.widget import Widget

__all__ = ["drain"]


async def drain(widget: Widget | None, timeout: float = 1.0) -> None:
    """Wait until `widget` has handled every message already sent to it (its pending keys)."""
    if widget is None or not widget.is_attached:
        return
    done = asyncio.Event()
    if not widget.call_later(done.set):
        return
    try:
        await asyncio.wait_for(done.wait(), timeout)
    except TimeoutError:
        pass
