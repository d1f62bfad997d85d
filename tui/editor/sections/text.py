"""Sections of narrative (一, 六, 九, 十 …): every text field is a text area, headed as printed."""

from __future__ import annotations

from typing import ClassVar

from tui.editor.sections import register
from tui.editor.sections.fields import FieldsView

__all__ = ["TextView"]


@register("text")
class TextView(FieldsView):
    """As FieldsView, with long text and the sub-section headings of the printed report."""

    long_text: ClassVar[bool] = True
