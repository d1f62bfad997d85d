"""A screen styled and laid out again only when something it depends on changed.

Textual styles every widget as it is registered, then on a screen's first ScreenResume
styles the whole tree again (`refresh_styles`), though nothing it matches on has
changed in between: the theme, the stylesheet and every class are the ones the widgets
were just styled with, Textual restyles a widget itself whenever its classes or focus
change, and a mount updates its siblings' order styles (:first-child …). Later resumes
(after a dialog) restyle as Textual does: styles may have changed while it was covered.

Textual also lays the whole screen out again on every Resize event, and a start brings
three of them for the size the screen was just laid out at (the driver's, the app's
first idle check, the screen's own first layout). A layout that a widget asks for is
made by the screen's update timer either way, so a Resize to the size already laid
out has nothing to do. Together the two were a fifth of the work of the editor's first
screen. tests/editor/test_first_screen.py restyles a first screen and finds nothing
different, and the resize tests of tests/editor/test_navigation.py still pass.
"""

from __future__ import annotations

from typing import Any

from textual import events

__all__ = ["OncePerChange"]


class OncePerChange:
    """Mixin for a Screen, before Screen in the bases. Textual calls the handler of every
    class in the MRO in turn (the screen's own `on_resize` too), these before Screen's,
    with the same event: a handler here changes or prevents what Screen's then does."""

    _resumed_once = False
    _compositor: Any  # Screen's

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._resumed_once:
            self._resumed_once = True
            event.refresh_styles = False  # styled at registration, a moment ago

    def on_resize(self, event: events.Resize) -> None:
        # Private API, Textual 8.2.8: Screen._compositor holds the size and the root of
        # the last layout. The same size, this screen: Screen._on_resize is not run.
        compositor = self._compositor
        if event.size == compositor.size and compositor.root is self:
            event.prevent_default()
