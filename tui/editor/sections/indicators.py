"""The scored list's section (附件2 绩效指标): subtotal bars, the table and its row form."""

from __future__ import annotations

from collections.abc import Iterator

from textual.widget import Widget

from core.findings import Evaluation
from tui.editor.sections import register
from tui.editor.sections.fields import FieldsView

__all__ = ["IndicatorsView"]


@register("indicators")
class IndicatorsView(FieldsView):
    """Any fields of the section, then the list as a table with the current row's form."""

    def body(self) -> Iterator[Widget]:
        from tui.editor.widgets.indicators import IndicatorPanel

        spec = self.session.report.spec
        yield from self.field_widgets()
        list_id = self.section.list_id or (spec.scored_list.id if spec.scored_list else None)
        if list_id and list_id in spec.lists:
            yield IndicatorPanel(self.session, spec.lists[list_id])

    def refresh_extra(self, evaluation: Evaluation, shown: set[str]) -> None:
        from tui.editor.widgets.indicators import IndicatorPanel

        super().refresh_extra(evaluation, shown)
        for panel in self.part("panels", lambda: list(self.query(IndicatorPanel))):
            panel.refresh_figures(evaluation)
