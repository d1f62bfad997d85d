"""The generated sentences of the 正文: figures restated from the data, never typed.

二、预算执行 and the 自评得分 sentence of 六 repeat numbers that live elsewhere in the
report; generating them from the data means the text can never disagree with the
tables. Templates come from the form; this module only fills them in.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core.findings import Evaluation
from core.form import FormSpec
from core.numbers import fmt_percent, fmt_plain, fmt_score
from core.paths import get_path
from core.report import Report

__all__ = ["template_values", "render_template", "subsection_sentences", "title", "heading"]


def _flatten(prefix: str, node: Any, out: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(f"{prefix}_{key}" if prefix else key, value, out)
    elif isinstance(node, (int, Decimal)) and not isinstance(node, bool):
        out[prefix] = fmt_plain(node)
    elif isinstance(node, str):
        out[prefix] = node


def template_values(report: Report, evaluation: Evaluation) -> dict[str, str]:
    """Every figure a template may name: data keys (dots → underscores) and computed ids."""
    values: dict[str, str] = {}
    _flatten("", report.data, values)
    for computed in report.spec.computed:
        if computed.each:
            continue
        value = evaluation.values.get(computed.id)
        values[computed.id] = fmt_percent(value) if computed.format == "percent" else fmt_score(value)
    values["year"] = str(report.year) if report.year else "____"
    values["prev_year"] = str(report.year - 1) if report.year else "____"
    values["unit"] = str(get_path(report.data, "unit.name") or "")
    values["total"] = fmt_score(evaluation.total)
    values["grade"] = evaluation.grade or "—"
    return values


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "____"


def render_template(template: str, values: dict[str, str]) -> str:
    """Fill a template; an absent figure shows as ____ so the gap is visible, not 0."""
    return template.format_map(_Blank(values))


def title(spec: FormSpec, values: dict[str, str]) -> str:
    return render_template(spec.title, values)


def heading(text: str | None, values: dict[str, str]) -> str:
    return render_template(text or "", values)


def subsection_sentences(report: Report, evaluation: Evaluation, subsection: dict[str, Any],
                         values: dict[str, str] | None = None) -> list[str]:
    """The generated sentences of one sub-section; an `amount` of 0 reads its `zero_template`."""
    spec = report.spec
    values = values or template_values(report, evaluation)
    names = list(subsection.get("templates", []))
    amount_path = subsection.get("amount")
    if amount_path and subsection.get("zero_template"):
        amount = get_path(report.data, amount_path)
        if amount is not None and not isinstance(amount, bool) and amount == 0:
            names = [subsection["zero_template"]]
    return [render_template(spec.templates[name], values) for name in names if name in spec.templates]
