"""Editors made from the form: the right widget for a field's type, bound to its address."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.widget import Widget

from tui.editor.session import Session
from tui.editor.widgets.editors import BoolField, ValueInput
from tui.editor.widgets.field_row import FieldRow

__all__ = ["make_editor", "field_row"]


def make_editor(session: Session, path: str, kind: str, *, long: bool = False,
                choices: Callable[[], Sequence[str]] | None = None, classes: str = "",
                placeholder: str = "") -> Widget:
    """A yes/no, a long text (imported only when a section needs one), or a one-line field."""
    address = session.address(path)
    value = session.get(path)
    if kind == "bool":
        return BoolField(address, path, value, session.epoch)
    if long:
        from tui.editor.widgets.long_text import LongText

        return LongText(address, path, value, session.epoch, classes="long")
    return ValueInput(address, path, kind, value, session.epoch, choices=choices, classes=classes,
                      placeholder=placeholder)


def field_row(session: Session, path: str, label: str, kind: str, *, unit: str | None = None,
              long: bool = False, choices: Callable[[], Sequence[str]] | None = None,
              placeholder: str = "") -> FieldRow:
    editor = make_editor(session, path, kind, long=long, choices=choices, placeholder=placeholder)
    return FieldRow(label, editor, unit=unit, long=long)
