"""Below 80×24 the editor shows a notice instead of the form, and nothing has the focus.

Keys typed under the notice must not act on a field (or the section list) it hides, so
the focus is taken away when the terminal becomes too small, kept away when a dialog
closes over the notice, and given back to the same field when the form is shown again.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widget import Widget
from textual.widgets import Static

__all__ = ["MIN_SIZE", "TooSmall"]

MIN_SIZE = (80, 24)


class TooSmall:
    """Mixin for the editor's Screen, before OncePerChange and Screen in the bases (Textual
    calls each class's handler in MRO order, and OncePerChange may end a Resize early).
    The screen supplies `_focus_start(path)`, where the focus goes on a fresh form."""

    _too_small = False
    _focus_before_small: Widget | None = None
    # Screen's, typed for the mixin
    focused: Widget | None
    set_focus: Any
    is_attached: bool
    query: Any
    mount: Any
    set_class: Any
    call_after_refresh: Any
    _focus_start: Any

    def on_resize(self, event: events.Resize) -> None:
        self._size_check(event.size.width, event.size.height)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """A dialog closed while the terminal is too small: nothing takes the focus until the
        form is shown again; the field focused before comes back with the form."""
        if self._too_small and self.focused is not None:
            if self._focus_before_small is None:
                self._focus_before_small = self.focused
            self.set_focus(None)

    def _update_auto_focus(self) -> None:
        # Textual 8.2.8 (private): a screen resumed with nothing focused gives the focus to its
        # first focusable widget, hidden or not; while the notice shows, that would be the
        # hidden section list, so nothing is focused until the form is back.
        if not self._too_small:
            super()._update_auto_focus()  # type: ignore[misc]

    def _size_check(self, width: int, height: int) -> None:
        """Below 80×24 a notice instead of the form; the focus comes back where it was. A screen
        not attached (one the program is closing; a new one checks its size when mounted)
        has nothing to show: a Resize queued for it did end the editor with MountError."""
        if not self.is_attached:
            return
        small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        if small and not self.query("#too-small"):
            self.mount(Static(f"终端太小：至少需要 {MIN_SIZE[0]}×{MIN_SIZE[1]}（列×行）。请放大窗口。", id="too-small"))
        if small and not self._too_small:
            self._focus_before_small = self.focused
            self.set_focus(None)
        self._too_small = small
        self.set_class(small, "-too-small")
        if not small and self._focus_before_small is not None:
            widget, self._focus_before_small = self._focus_before_small, None
            if widget.is_attached:
                self.call_after_refresh(self._refocus, widget)

    def _refocus(self, widget: Widget) -> None:
        if widget.is_attached and widget.focusable and self.focused is None:
            self.set_focus(widget)
        elif self.focused is None:
            self._focus_start(None)
