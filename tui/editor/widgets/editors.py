"""Input widgets that parse as the clerk types and commit only what parses.

Textual's `Input(type="number")` drops `,` and speaks English (style.md, "Known
traps"), so every figure goes through `core.numbers` here and an unparsable entry
keeps its text on screen with a Chinese reason under it, while the report keeps the
last good value. What was typed stays until the field is left; then it is shown in
the form's format (two decimals for money). The TextArea and Select editors live in
tui.editor.widgets.text_editors, off the start-up path (TextArea alone costs ~7 ms to import).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, Protocol

from rich.text import Text
from textual import events
from textual.strip import Strip
from textual.widgets import Input

from core.numbers import NumberError, fmt_money, fmt_plain, parse_count, parse_number

__all__ = ["widget_id", "parse_value", "show_value", "ValueInput"]

NUMERIC = ("money", "score", "count", "year")


def widget_id(path: str) -> str:
    """A DOM id for the editor of a report path (ids allow no `.` or `[`)."""
    return "f-" + re.sub(r"[^0-9A-Za-z_-]", "-", path)


def parse_value(kind: str, text: str) -> Any:
    """The typed text as the value the report stores; ValueError with a Chinese reason."""
    text = text.strip()
    if not text:
        return None
    if kind in ("money", "score"):
        try:
            return parse_number(text)
        except NumberError as exc:
            raise ValueError(str(exc)) from None
    if kind in ("count", "year"):
        try:
            return parse_count(text)
        except NumberError as exc:
            raise ValueError(str(exc)) from None
    if kind == "date":
        match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?", text)
        try:
            if not match:
                raise ValueError
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            raise ValueError(f"“{text}”不是日期，请写作 2025-03-31 或 2025年3月31日") from None
    return text


def show_value(kind: str, value: Any) -> str:
    """How a stored value reads in its field once committed."""
    if value is None:
        return ""
    if kind == "money" and isinstance(value, (int, Decimal)):
        return fmt_money(value)
    if kind == "score" and isinstance(value, (int, Decimal)):
        return fmt_plain(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class MessageOwner(Protocol):
    def show_messages(self) -> None: ...


class ValueInput(Input):
    """A one-line field bound to a report path; commits on every keystroke that parses."""

    def __init__(self, path: str, kind: str, value: Any, owner: MessageOwner | None = None,
                 **kwargs: Any) -> None:
        # select_on_focus off: what Tab lands on keeps its text, and frames stay reproducible.
        # The classes Input would add while setting the value (-valid) are given up front:
        # adding a class restyles the widget, before it is even mounted.
        classes = " ".join(filter(None, [kwargs.pop("classes", None), "-valid",
                                         "number" if kind in NUMERIC else None]))
        super().__init__(value=show_value(kind, value), id=widget_id(path), select_on_focus=False,
                         classes=classes, **kwargs)
        self.path = path
        self.kind = kind
        self.owner = owner
        self.parse_error: str | None = None

    def on_mount(self) -> None:
        app: Any = self.app
        self.cursor_blink = getattr(app, "blink", True)

    def render_line(self, y: int) -> Strip:
        """Honour `text-align: right` (Input ignores it) while the field is not being edited.

        Only the drawing is padded: `value` and the report keep the text as committed.
        While focused the field is drawn as Input draws it, so the cursor, scrolling
        and selection work on what is being typed.
        """
        width = self.scrollable_content_region.width
        if (y != 0 or self.has_focus or not self.value or self.styles.text_align != "right"
                or Text(self.value).cell_len > width):
            return super().render_line(y)
        shown = Text(self.value, no_wrap=True, overflow="ignore", end="")
        shown.pad_left(width - shown.cell_len)
        app = self.app
        strip = Strip(app.console.render(shown, app.console_options.update_width(width + 1)))
        # the cell after the text is the cursor's cell in Input's own drawing: kept blank
        return strip.extend_cell_length(width + 1).apply_style(self.rich_style)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        app: Any = self.app
        if not event.value.strip() and app.session.get(self.path) is not None:
            # Cleared to retype: blank (absent) is committed only when the field is left.
            self._clear_error()
            return
        try:
            value = parse_value(self.kind, event.value)
        except ValueError as exc:
            self.parse_error = str(exc)
            self.set_class(True, "-invalid")
            if self.owner:
                self.owner.show_messages()
            return
        had_error = self._clear_error()
        changed = app.commit(self.path, value)
        if had_error and not changed and self.owner:
            self.owner.show_messages()

    def _clear_error(self) -> bool:
        had_error = self.parse_error is not None
        self.parse_error = None
        self.set_class(False, "-invalid")
        if had_error and self.owner:
            self.owner.show_messages()
        return had_error

    def on_blur(self, event: events.Blur) -> None:
        """Leaving the field commits a blank and shows the value in the form's format."""
        if self.parse_error is None:
            app: Any = self.app
            if not self.value.strip():
                app.commit(self.path, None)
            shown = show_value(self.kind, app.session.get(self.path))
            if shown != self.value:
                self.value = shown
