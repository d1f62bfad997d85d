"""Sections that are one list of records (七 问题, 八 措施 …): the list, then any fields."""

from __future__ import annotations

from collections.abc import Iterator

from textual.widget import Widget

from tui.editor.sections import register
from tui.editor.sections.fields import FieldsView

__all__ = ["RecordsView"]


@register("records")
class RecordsView(FieldsView):
    """The section's list first: it is what the section is for."""

    def body(self) -> Iterator[Widget]:
        yield from self.list_widgets()
        yield from self.field_widgets()
