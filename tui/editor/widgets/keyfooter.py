"""The editor's Footer: Textual's, minus work that changes nothing on screen.

Textual's Footer recomposes on every bindings change (each focus move) and each new
FooterKey starts `compact`, then is bound back to the Footer's value: two style
passes per key per recompose. At start-up that was three recomposes of eight keys
for one visible result. Here the keys are composed with the footer (not after the
first frame), a key is created with the Footer's `compact` already set, and a
recompose is skipped when the keys it would show are the ones shown.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

__all__ = ["KeyFooter"]


class KeyFooter(Footer):
    """Same keys, same look as Footer; fewer recomposes and style passes."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown: tuple[Any, ...] | None = None
        self._recompose_pending = False

    def _keys_to_show(self) -> tuple[Any, ...]:
        """What compose() would show: every shown binding with its enabled state and tooltip."""
        active = self.screen.active_bindings
        return tuple((binding.key, binding.action, binding.description, enabled, tooltip)
                     for _node, binding, enabled, tooltip in active.values()
                     if binding.show or binding.key == self.app.COMMAND_PALETTE_BINDING)

    def compose(self) -> ComposeResult:
        # The keys are there from the first frame: the screen knows its bindings when it
        # is built. Footer waits for the first focus change and recomposes after a paint,
        # a second layout and frame for the same keys.
        self.set_reactive(Footer._bindings_ready, True)
        self._shown = self._keys_to_show()
        for widget in super().compose():
            # the palette key is not bound to `compact` (Textual draws it compact): left as is
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._recompose_pending:
            self._recompose_pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._recompose_pending = False
        if self._shown is None or self._keys_to_show() != self._shown:
            await self.recompose()
