"""A screen styled once when it is built, not a second time when it is first shown.

Textual styles every widget as it is registered, then on the screen's first
ScreenResume styles the whole tree again (`refresh_styles`), though nothing it matches
on has changed in between: the theme, the stylesheet and every class are the ones the
widgets were just styled with, Textual restyles a widget itself whenever its classes
or focus change, and a mount updates its siblings' order styles (:first-child …).
On the editor's first screen that second pass was a tenth of the work before the
first frame. Later resumes (after a dialog) restyle as Textual does: styles may have
changed while the screen was covered. tests/editor/test_first_screen.py re-styles a
first screen and finds nothing different.
"""

from __future__ import annotations

from textual import events

__all__ = ["StyledOnce"]


class StyledOnce:
    """Mixin for a Screen: its first ScreenResume keeps the styles the widgets were built with."""

    _resumed_once = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual runs this before Screen._on_screen_resume, with the same event.
        if not self._resumed_once:
            self._resumed_once = True
            event.refresh_styles = False
