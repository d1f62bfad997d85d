"""The editors of one value each: a line, a long text, yes/no, and an empty list's line.

An editor never writes the report. It tells its screen what it holds now (FieldEdited,
on every change, so totals follow the typing) and what it was left with (FieldCommitted,
on blur: one undo step). It reads its own text at the moment it posts, never the text a
message carried earlier, so when keys arrive faster than they are handled the last
message always holds the last text. Once the clerk has left it, a one-line field shows
its value in the form's format (money with two decimals); nothing else ever sets the
text of an editor after it is built.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.strip import Strip
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Input, Static

from tui.editor.messages import AddFirstRow, FieldCommitted, FieldEdited
from tui.editor.session import Address
from tui.editor.shown import plain
from tui.editor.values import NUMERIC, ParseError, parse_value, show_value
from tui.editor.widgets.base_inputs import FieldInput

__all__ = ["widget_id", "ValueInput", "BoolField", "AddLine", "Bound", "editor_text", "CatalogSuggester"]


def widget_id(path: str) -> str:
    """A DOM id for the editor of a report path (ids allow no `.` or `[`)."""
    return "f-" + re.sub(r"[^0-9A-Za-z_-]", "-", path)


class Bound:
    """What every editor knows: its address, its field type, the epoch it was built in."""

    address: Address
    kind: str
    epoch: int
    path: str  # the dotted path when built (for ids and focus), not for writing

    def bind(self, address: Address, kind: str, epoch: int, path: str) -> None:
        self.address = address
        self.kind = kind
        self.epoch = epoch
        self.path = path


def _post(widget: Widget, message: FieldEdited) -> None:
    """Straight to the screen that owns the session (no bubbling through every container)."""
    try:
        widget.screen.post_message(message)
    except Exception:  # noqa: BLE001 - a widget being removed has no screen: nothing to tell
        pass


def editor_text(widget: Widget) -> str | None:
    """The text an editor holds now, or None for a widget that is no editor."""
    if isinstance(widget, BoolField):
        return show_value("bool", widget.value)
    if isinstance(widget, Input):
        return widget.value
    text = getattr(widget, "text", None)
    return text if isinstance(text, str) and isinstance(widget, Bound) else None


class CatalogSuggester(Suggester):
    """Completes a word of the form's catalog (一级/二级指标); typing anything else stays allowed."""

    def __init__(self, choices: Callable[[], Sequence[str]]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.choices = choices

    async def get_suggestion(self, value: str) -> str | None:
        for choice in self.choices():
            if choice.startswith(value) and choice != value:
                return choice
        return None


class ValueInput(Bound, FieldInput):
    """A one-line field: text, a figure, a date, or a word from a catalog."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "choice(1)", "下一个选项", show=False),
        Binding("up", "choice(-1)", "上一个选项", show=False),
    ]

    def __init__(self, address: Address, path: str, kind: str, value: Any, epoch: int, *,
                 choices: Callable[[], Sequence[str]] | None = None, classes: str = "",
                 placeholder: str = "", id: str | None = None) -> None:
        # The classes Input would add while setting the value (-valid) are given up front:
        # adding a class restyles the widget, before it is even mounted.
        names = " ".join(filter(None, [classes, "-valid", "number" if kind in NUMERIC else None]))
        super().__init__(value=show_value(kind, value), id=id or widget_id(path), select_on_focus=False,
                         classes=names, placeholder=placeholder,
                         suggester=CatalogSuggester(choices) if choices else None)
        self.bind(address, kind, epoch, path)
        self.choices = choices

    def on_mount(self) -> None:
        self.cursor_blink = bool(getattr(self.app, "blink", True))

    def _watch_value(self, value: str) -> None:
        """As Input's, without a layout of the whole screen on every keystroke.

        Input sets `virtual_size` (a layout reactive) on each change; with a fixed size
        the layout cannot change, and in a large section (附件1) it cost ~10 ms a key.
        Set it quietly first, so Input's own assignment finds nothing to change.
        """
        if not self.styles.auto_dimensions:
            self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choice":
            return self.choices is not None
        return super().check_action(action, parameters)

    def action_choice(self, step: int) -> None:
        """Up/Down walk the catalog: a select that still accepts typing."""
        if self.choices is None:
            return
        options = list(self.choices())
        if not options:
            return
        index = options.index(self.value) + step if self.value in options else (0 if step > 0 else -1)
        self.value = options[index % len(options)]
        self.cursor_position = len(self.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        _post(self, FieldEdited(self, self.address, self.kind, self.value, self.epoch))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # Enter is the screen's (next field), handled before it gets here

    def on_blur(self, event: events.Blur) -> None:
        """Leaving the field: commit what it holds, then show it in the form's format."""
        text = self.value
        _post(self, FieldCommitted(self, self.address, self.kind, text, self.epoch))
        if self._focused_again():
            return
        try:
            value = parse_value(self.kind, text)
            shown = show_value(self.kind, value)
            same = parse_value(self.kind, shown) == value
        except ParseError:
            return
        if shown != text and same and self.kind in NUMERIC + ("date",):
            with self.prevent(Input.Changed):
                self.value = shown

    def _focused_again(self) -> bool:
        """Focused again by the time the blur is handled (has_focus is reset after this handler)."""
        try:
            return self.screen.focused is self
        except Exception:  # noqa: BLE001 - no screen: being removed
            return True

    def render_line(self, y: int) -> Strip:
        """Honour `text-align: right` (Input ignores it) while the field is not being edited."""
        width = self.scrollable_content_region.width
        if (y != 0 or self.has_focus or not self.value or self.styles.text_align != "right"
                or Text(self.value).cell_len > width):
            return super().render_line(y)
        shown = plain(self.value)
        shown.no_wrap = True
        shown.overflow = "ignore"
        shown.end = ""
        shown.pad_left(width - shown.cell_len)
        app = self.app
        strip = Strip(app.console.render(shown, app.console_options.update_width(width + 1)))
        return strip.extend_cell_length(width + 1).apply_style(self.rich_style)


class BoolField(Bound, Widget, can_focus=True):
    """是 / 否 / blank. Keys act at once, in order: y/是/1 yes, n/否/0 no, Space toggles,
    Backspace/Delete clear (blank stays absent: a 附件5 item then waits for its reviewer)."""

    DEFAULT_CSS = """
    BoolField { width: 12; height: 1; padding: 0 1; background: $boost; }
    BoolField:focus { background: $accent 30%; }
    """

    def __init__(self, address: Address, path: str, value: Any, epoch: int) -> None:
        super().__init__(id=widget_id(path))
        self.bind(address, "bool", epoch, path)
        self.value: bool | None = value if isinstance(value, bool) else None

    def render(self) -> Text:
        if self.value is None:
            return Text("（未填）", style="dim")
        return Text("是" if self.value else "否")

    def _set(self, value: bool | None) -> None:
        if value == self.value:
            return
        self.value = value
        self.refresh()
        text = show_value("bool", value)
        _post(self, FieldEdited(self, self.address, "bool", text, self.epoch))
        _post(self, FieldCommitted(self, self.address, "bool", text, self.epoch))

    async def _on_key(self, event: events.Key) -> None:
        character = (event.character or "").casefold()
        if character in ("y", "是", "1"):
            self._set(True)
        elif character in ("n", "否", "0"):
            self._set(False)
        elif event.key in ("space", "down", "up"):
            self._set(True if self.value is None else not self.value)
        elif event.key in ("backspace", "delete"):
            self._set(None)
        else:
            return
        event.stop()


class AddLine(Static, can_focus=True):
    """The line of an empty list: Enter or Ctrl+N here adds the first entry."""

    DEFAULT_CSS = """
    AddLine { height: 1; color: $text-muted; }
    AddLine:focus { background: $accent 30%; color: $text; }
    """

    def __init__(self, list_path: str, text: str, id: str | None = None) -> None:
        super().__init__(plain(text), id=id, classes="add-line")
        self.list_path = list_path

    def on_click(self) -> None:
        self.screen.post_message(AddFirstRow(self.list_path))
