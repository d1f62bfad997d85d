"""The review sheet's section (附件5): its inputs, then every item's score as core computes it."""

from __future__ import annotations

from collections.abc import Iterator

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from core.findings import Evaluation
from core.numbers import fmt_score
from tui.editor.sections import register
from tui.editor.sections.fields import FieldsView
from tui.editor.shown import plain, update_static

__all__ = ["AssessmentView"]


@register("assessment")
class AssessmentView(FieldsView):
    """Inputs, then `group · item：score/max` for each item and the sum; pending items say so."""

    def body(self) -> Iterator[Widget]:
        yield from super().body()
        yield Static("", id="assessment", classes="derived")

    def refresh_extra(self, evaluation: Evaluation, shown: set[str]) -> None:
        super().refresh_extra(evaluation, shown)
        words = self.session.report.spec.words
        pending = words.get("pending", "—")
        text = Text(style="dim")
        for item in evaluation.assessment:
            score = fmt_score(item.score) if item.score is not None else pending
            text.append_text(plain(f"{item.group} · {item.item}：{score}/{fmt_score(item.max)}\n", "dim"))
        total = f"{words.get('sum_row', '∑')} {fmt_score(evaluation.assessment_total)}"
        if evaluation.assessment_partial:
            total += words.get("partial", "")
        text.append_text(plain(total, "dim"))
        update_static(self.query_one("#assessment", Static), text)
