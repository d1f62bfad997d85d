"""The generated sentences of the 正文: figures restated from the data, never typed.

二、预算执行 and the 自评得分 sentence of 六 repeat numbers that live elsewhere in the
report; generating them from the data means the text can never disagree with the
tables. Templates come from the form and name figures as printed cells do
(core.values); an absent figure shows as ____ so the gap is visible, never 0.
"""

from __future__ import annotations

from typing import Any

from core.findings import Evaluation
from core.paths import get_path
from core.printed import label_text
from core.report import Report

__all__ = ["ABSENT", "sentence", "subsection_templates", "subsection_sentences", "fill_heading"]

ABSENT = "____"


def sentence(template: str, report: Report, evaluation: Evaluation) -> str:
    return label_text(template, report, evaluation, absent=ABSENT)


def fill_heading(text: str | None, report: Report, evaluation: Evaluation) -> str:
    return label_text(text or "", report, evaluation, absent=ABSENT)


def subsection_templates(report: Report, subsection: dict[str, Any]) -> list[str]:
    """The templates a sub-section prints; an `amount` of 0 prints its `zero_template` instead."""
    spec = report.spec
    names = list(subsection.get("templates", []))
    amount_path = subsection.get("amount")
    if amount_path and subsection.get("zero_template"):
        amount = get_path(report.data, amount_path)
        if amount is not None and not isinstance(amount, bool) and amount == 0:
            names = [subsection["zero_template"]]
    return [spec.templates[name] for name in names if name in spec.templates]


def subsection_sentences(report: Report, evaluation: Evaluation, subsection: dict[str, Any]) -> list[str]:
    """The generated sentences of one sub-section, filled in."""
    return [sentence(template, report, evaluation) for template in subsection_templates(report, subsection)]
