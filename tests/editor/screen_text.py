"""The screen as plain text lines, for assertions on what the clerk actually sees."""

from __future__ import annotations

from typing import Any


def screen_text(app: Any) -> str:
    """Every cell of the current screen (the one on top), line by line."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip).rstrip() for strip in strips)
