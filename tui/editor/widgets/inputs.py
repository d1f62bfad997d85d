"""One-line inputs that apply every key in the order it arrived; the shared key and drawing fixes.

Textual 8.2.8's `Input` and `TextArea` insert printable characters in their own
`_on_key`, but Backspace, Delete, arrows, Home/End, Ctrl+K, Ctrl+V … are *bindings*,
which the app runs only after the key event has bubbled up to it. When several keys
arrive together (a burst over SSH, `tmux send-keys`, a paste macro) the widget inserts a
later character before the app has run an earlier binding: `93.8`, Left, `1` ends
`93.81`, and `BSpace`×7 + `1234.56` sent by tmux to `1198.36` ends `1198.36`, the
backspaces having deleted the new figure (Textual issue #6605). The widgets here run their own bindings inline, inside the key handler, the way
the open pull request #6631 does upstream, so a burst is applied exactly in order.

The multi-line `FieldTextArea` lives in tui.editor.widgets.text_inputs, with the same fix:
importing TextArea and its document machinery costs ~15 ms, which a first screen of
one-line fields need not pay.

They also keep what they draw safe for the terminal: a value is never read as Rich markup
(`Input`/`TextArea` already render it as plain text), and control and bidi characters in
a value (ESC, NUL, U+202E …), which Textual 8.2.8 passes through to the terminal
unchanged, are dropped from the drawn line. They are zero cells wide, so the layout and
the cursor do not move; the value itself is never altered.
"""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.binding import BindingsMap
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input

__all__ = ["FieldInput", "run_own_binding", "terminal_safe"]

_CONTROL_CODEPOINTS = [
    *range(0x00, 0x09),  # C0 controls up to, not including, TAB (Textual lays tabs out)
    *range(0x0A, 0x20),  # LF … US, ESC among them
    0x7F,  # DEL
    *range(0x80, 0xA0),  # C1 controls: a lone 0x9B is CSI on some terminals
    0x061C,  # ARABIC LETTER MARK
    0x200E,  # LEFT-TO-RIGHT MARK
    0x200F,  # RIGHT-TO-LEFT MARK
    *range(0x202A, 0x202F),  # LRE RLE PDF LRO RLO
    *range(0x2066, 0x206A),  # LRI RLI FSI PDI
]
_DROP_FOR_TERMINAL: dict[int, None] = dict.fromkeys(_CONTROL_CODEPOINTS)
"""Characters a terminal would obey rather than draw; all are zero cells wide to Rich."""


def terminal_safe(strip: Strip, width: int) -> Strip:
    """Crop a rendered line to the `width` cells shown and drop what a terminal would obey.

    Why: Textual 8.2.8 writes a value's ESC bytes to the terminal as they are, so a 简称
    of `\\x1b]0;…` would retitle the terminal and an unterminated OSC swallows the rest
    of the frame. Rich measures every dropped character as zero cells, so removing them
    moves nothing on screen. Textual crops the line to the content width right after this
    anyway; cropping first keeps the scan short when a line is very long.
    """
    if strip.cell_length > width:
        strip = strip.crop(0, width)
    segments = list(strip)
    changed = False
    for index, (text, style, control) in enumerate(segments):
        if control is None:
            cleaned = text.translate(_DROP_FOR_TERMINAL)
            if cleaned != text:
                segments[index] = Segment(cleaned, style)
                changed = True
    return Strip(segments, strip.cell_length) if changed else strip


async def run_own_binding(widget: Widget, event: events.Key) -> bool:
    """Run `widget`'s own non-priority binding for `event` now; True if one handled it.

    Why: this is what the app would do once the key had bubbled up to it (the focused
    widget is the first namespace of the binding chain, and priority bindings were
    already tried before the key reached the widget), only without the delay that lets
    later keys overtake it (#6605). A handled key is stopped so the app does not run the
    binding a second time; a key the widget does not bind, or whose action is disabled or
    skipped (Ctrl+C with nothing selected), bubbles on to the screen and app as before.
    """
    # Private API, Textual 8.2.8: DOMNode._bindings is the widget's merged BINDINGS map
    # and App._keymap the user's keymap; #6631 reads the same map. Neither is public.
    bindings: BindingsMap = widget._bindings
    keymap = widget.app._keymap
    if keymap:
        bindings = bindings.copy()
        bindings.apply_keymap(keymap)
    for binding in bindings.key_to_bindings.get(event.key, ()):
        if binding.priority:
            continue
        if await widget.app.run_action(binding.action, widget):
            event.stop()
            return True
    return False


class FieldInput(Input):
    """A one-line `Input` whose editing keys cannot be overtaken by later keys.

    Why it exists: Textual issue #6605. `Input` types characters inline but leaves
    Backspace, Delete, Left/Right (with Shift and Ctrl), Home/End, Ctrl+A/E/K/U/W/D,
    Ctrl+X/C/V and Enter to bindings that run after the key has bubbled to the app, so in
    a burst a later character lands before an earlier deletion or cursor move. Here every
    key `Input` binds runs inline, in arrival order (the approach of Textual PR #6631).
    Printable keys are still typed by `Input` itself, and keys it does not bind (Tab,
    Escape, Ctrl+S, F-keys) bubble to the screen and app unchanged. Paste (`events.Paste`)
    is already handled inline by `Input`, so it lands in order too; like `Input`, only its
    first line is kept.
    """

    async def _on_key(self, event: events.Key) -> None:
        """Run a bound editing key now; printable keys fall through to `Input._on_key`."""
        if not event.is_printable:
            await run_own_binding(self, event)

    def render_line(self, y: int) -> Strip:
        """Draw the line as `Input` does, without characters the terminal would obey."""
        return terminal_safe(super().render_line(y), self.content_region.width)
