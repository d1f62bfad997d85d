"""The multi-line input every long text is built on: FieldTextArea.

Apart from tui.editor.widgets.inputs so that TextArea and its document machinery
(~15 ms to import) are loaded when a section first shows a long text, not on a first
screen of one-line fields. Its keys run inline, in arrival order, by the same
`run_own_binding` as FieldInput (Textual issue #6605), and what it draws goes through
the same `terminal_safe`.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from typing import ClassVar

from rich.cells import cell_len
from rich.containers import Lines
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets import TextArea
from textual.widgets.text_area import Document, DocumentBase, WrappedDocument

from tui.editor.widgets.inputs import run_own_binding, terminal_safe

__all__ = ["FieldTextArea"]


class _CountedWrappedDocument(WrappedDocument):
    """A `WrappedDocument` whose height is a count, not a sum over every line.

    Why: Textual 8.2.8 sums the wrap offsets of every line on each `height` read, and a
    keystroke reads it once per drawn row: ~50 ms a key in a 5,000-line document.
    """

    @property
    def height(self) -> int:
        """Rows of the wrapped document: one entry per row in its offset map."""
        # Private API, Textual 8.2.8: wrap() and wrap_range() keep one entry per row.
        return len(self._offset_to_line_info)


class _MeasuredDocument(Document):
    """A `Document` that measures a line's width once, not on every keystroke.

    Why: without soft wrap, `TextArea` sizes itself with `get_size`, which in Textual
    8.2.8 measures every line of the document after each edit (~0.5 s a key for a
    million characters). Lines are immutable strings whose hash Python caches, so a
    line-to-width map finds the unchanged ones in O(1) each.
    """

    _CACHED_LINE_LIMIT: ClassVar[int] = 20_000
    """Longer lines are measured every time, so stale versions of them cost no memory."""

    _STALE_LIMIT: ClassVar[int] = 64
    """How many widths of lines no longer in the document are kept before a sweep."""

    def get_size(self, tab_width: int) -> Size:
        """The widest line's cells and the line count, as `Document.get_size`."""
        lines = self.lines
        widths: dict[str, int] = self.__dict__.setdefault("_field_widths", {})
        if self.__dict__.get("_field_tab_width") != tab_width:
            widths.clear()
            self.__dict__["_field_tab_width"] = tab_width
        if len(widths) > len(lines) + self._STALE_LIMIT:  # forget lines edits replaced
            kept = {line: widths[line] for line in lines if line in widths}
            widths.clear()
            widths.update(kept)
        widest = 0
        for line in lines:
            width = widths.get(line)
            if width is None:
                width = cell_len(line.expandtabs(tab_width))
                if len(line) <= self._CACHED_LINE_LIMIT:
                    widths[line] = width
            widest = max(widest, width)
        return Size(widest, len(lines))


class _DivideOnceText(Text):
    """A line's `Text` that shares one division into wrapped rows among all its rows.

    Why: with soft wrap, Textual 8.2.8 draws each screen row of a long line by styling
    the whole line and dividing it at every wrap point, then keeping one piece: a 5,000
    character paragraph is divided 22 times a frame (~100 ms a key). Every row of a line
    is styled alike (cursor, selection), so one division per styled line is enough; the
    key below notices any change of text, styling or wrap points.
    """

    __slots__ = ("_memo",)

    _STRIPPED_BY_RICH: ClassVar[re.Pattern[str]] = re.compile("[\x07\x08\x0b\x0c\r]")
    """What `rich.control.strip_control_codes` removes from every new `Text`."""

    def __init__(self, text: str, memo: list[tuple[Hashable, Lines]]) -> None:
        super().__init__("", end="", no_wrap=True)
        self._memo = memo
        if self._STRIPPED_BY_RICH.search(text) is None:
            # Private API, Rich 15.0.0: Text keeps its string in _text and _length.
            # Setting them skips strip_control_codes, a str.translate that costs about
            # 250 ns a Chinese character, 22 times a frame, when there is nothing to strip.
            self._text = [text]
            self._length = len(text)
        else:
            self.plain = text

    def pad_right(self, count: int, character: str = " ") -> None:
        """`Text.pad_right` without stripping again the text already stripped.

        Why: `TextArea` pads every drawn line by one cell for the cursor, and Rich's own
        `pad_right` runs the whole line through strip_control_codes once more.
        """
        if count <= 0 or self._STRIPPED_BY_RICH.match(character):
            super().pad_right(count, character)
            return
        self._text = [self.plain + character * count]  # Private API, as in __init__.
        self._length += count

    def divide(self, offsets: Iterable[int]) -> Lines:
        """`Text.divide`, answered from the last division when nothing has changed."""
        offsets = tuple(offsets)
        key = (self.plain, offsets, tuple(self.spans), self.style, self.end, self.tab_size)
        memo = self._memo
        if memo and memo[0][0] == key:
            return memo[0][1]
        sections = super().divide(offsets)
        memo[:] = [(key, sections)]
        return sections


class FieldTextArea(TextArea):
    """A multi-line `TextArea` whose editing keys cannot be overtaken by later keys.

    Why it exists: Textual issue #6605, as for `FieldInput`. `TextArea` inserts
    characters and Enter inline but runs Backspace, Delete, the arrows (with Shift and
    Ctrl), Home/End, PgUp/PgDn, Ctrl+W/U/K/X/C/V/Z/Y and F6/F7 as bindings after the key
    reached the app. Here they run inline, in arrival order (Textual PR #6631's approach).
    Keys `TextArea` types itself, and keys it does not bind (Tab unless it indents,
    Escape, Ctrl+S, F-keys), are left to `TextArea` and the app as before.
    """

    FAST_LINE_LIMIT: ClassVar[int] = 10_000
    """Longest line, in characters, that still edits in well under 50 ms a keystroke.

    `TextArea` re-wraps, re-measures and re-draws a whole line on every edit of it, so a
    keystroke costs time in proportion to the line's length, whatever is on screen:
    measured ~30 ms at 10,000 characters, ~50 ms at 20,000 and 2–2.5 s at 1,000,000
    (`tests/editor/measure_textarea.py`). The number of lines does not matter. A text with
    a longer line belongs in `$EDITOR` (F4), not in this widget.
    """

    _TYPED_KEYS: ClassVar[frozenset[str]] = frozenset({"enter"})
    """Non-printable keys `TextArea._on_key` types itself, whatever is bound to them."""

    _INDENT_KEYS: ClassVar[frozenset[str]] = frozenset({"tab", "escape"})
    """Keys `TextArea._on_key` takes when `tab_behavior == "indent"`."""

    async def _on_key(self, event: events.Key) -> None:
        """Run a bound editing key now; typed keys fall through to `TextArea._on_key`."""
        key = event.key
        if event.is_printable or key in self._TYPED_KEYS:
            return
        if self.tab_behavior == "indent" and key in self._INDENT_KEYS:
            return
        await run_own_binding(self, event)

    def render_line(self, y: int) -> Strip:
        """Draw the line as `TextArea` does, without characters the terminal would obey."""
        return terminal_safe(super().render_line(y), self.content_region.width)

    def get_line(self, line_index: int) -> Text:
        """The line as `TextArea.get_line` makes it, but divided only once per frame."""
        memo: list[tuple[Hashable, Lines]] = self.__dict__.setdefault("_field_sections", [])
        return _DivideOnceText(self.document.get_line(line_index), memo)

    # TextArea assigns these two attributes whenever it loads text; the setters give the
    # plain objects the faster subclasses above. Reassigning __class__ keeps all their
    # state (the subclasses add methods and lazily made caches only) and leaves other
    # kinds, such as syntax-aware documents, alone.

    @property
    def document(self) -> DocumentBase:
        """The document being edited (a `_MeasuredDocument` for plain text)."""
        return self._field_document

    @document.setter
    def document(self, document: DocumentBase) -> None:
        if type(document) is Document:
            document.__class__ = _MeasuredDocument
        self._field_document = document

    @property
    def wrapped_document(self) -> WrappedDocument:
        """The wrapped view of the document, with an O(1) height."""
        return self._field_wrapped_document

    @wrapped_document.setter
    def wrapped_document(self, wrapped: WrappedDocument) -> None:
        if type(wrapped) is WrappedDocument:
            wrapped.__class__ = _CountedWrappedDocument
        self._field_wrapped_document = wrapped
