"""evaluate(report, spec) → Evaluation: every derived figure, judgement and finding.

Pure and deterministic: it reads the report and the form, writes nothing, and gives
the same answer every time, so the TUI can call it on every keystroke and the CLI,
the exports and the tests all see the same figures.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

from core.checks import Context, resolver, run_checks
from core.checks.limits import text_limits
from core.findings import Evaluation
from core.form import FormSpec
from core.form.expr import evaluate as eval_expr
from core.form.memo import per_form
from core.grids import grid_values
from core.paths import get_path
from core.report import Report
from core.scoring import (
    assessment_items,
    grade_for,
    grade_withheld,
    judge_indicators,
    level1_subtotals,
)

__all__ = ["evaluate", "section_present", "attachment_present"]


def _number(value: object) -> Decimal | None:
    return value if isinstance(value, Decimal) else None


def _section_keys(spec: FormSpec) -> list[tuple[str, list[str]]]:
    """Each section's keys: they depend on the form alone, so are worked out once per form."""
    return per_form(spec, "section keys",
                    lambda form: [(section.id, form.section_keys(section)) for section in form.sections])


def section_present(spec: FormSpec, data: dict[str, Any]) -> dict[str, bool]:
    """Whether each section holds anything (a section with none of its keys is absent)."""
    return {section_id: any(get_path(data, key) not in (None, "", [], {}) for key in keys)
            for section_id, keys in _section_keys(spec)}


def attachment_present(spec: FormSpec, data: dict[str, Any]) -> dict[str, bool]:
    """Whether each attachment the form lists has any data at all."""
    return {
        name: any(get_path(data, key) not in (None, "", [], {}) for key in keys)
        for name, keys in spec.attachments.items()
    }


def compute_values(spec: FormSpec, data: dict[str, Any]) -> tuple[dict[str, Decimal | None], list[Any]]:
    """Grid rows first (formulas read them), then each computed value in form order."""
    values, mismatches = grid_values(spec, data)
    for computed in spec.computed:
        if computed.each:
            rows = get_path(data, computed.each)
            for index, row in enumerate(rows if isinstance(rows, list) else []):
                resolve = resolver(spec, data, values, row)
                values[f"{computed.id}[{index}]"] = _number(eval_expr(computed.expr, resolve))
        else:
            values[computed.id] = _number(eval_expr(computed.expr, resolver(spec, data, values)))
    return values, mismatches


# Decimal's default context overflows at 1E+999999 and rounds at 28 digits. No real
# figure comes near either, but a mistyped one may: evaluate under a context wide
# enough that any file that loads can be checked, so the typo becomes a finding.
_WIDE = decimal.Context(
    prec=60, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[decimal.InvalidOperation, decimal.DivisionByZero]
)


def evaluate(report: Report, spec: FormSpec | None = None) -> Evaluation:
    """Derive everything from the report's inputs under its form definition."""
    with decimal.localcontext(_WIDE):
        return _evaluate(report, spec or report.spec)


def _evaluate(report: Report, spec: FormSpec) -> Evaluation:
    data = report.data
    values, mismatches = compute_values(spec, data)
    scored = spec.scored_list
    rows = get_path(data, scored.path) if scored is not None else None
    rows = [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []
    indicators = judge_indicators(spec, rows, report.year)
    level1 = level1_subtotals(spec, indicators)
    base = spec.scoring.base
    base_score = values.get(base[5:]) if base and base.startswith("calc.") else None
    scores = [row.score for row in indicators if row.score is not None]
    total: Decimal | None = None
    if (base_score is not None or not base) and indicators:
        total = (base_score or Decimal(0)) + sum(scores, Decimal(0))
    sections = section_present(spec, data)
    attachments = attachment_present(spec, data)
    assessment, notes = assessment_items(spec, data, indicators, sections, attachments)
    withheld = grade_withheld(spec, indicators, total)
    context = Context(
        spec=spec,
        data=data,
        year=report.year,
        values=values,
        mismatches=mismatches,
        indicators=indicators,
        assessment=assessment,
        assessment_notes=notes,
        sections=sections,
        total=total,
        grade_withheld=withheld,
    )
    findings = run_checks(context) + text_limits(spec, data)
    return Evaluation(
        values=values,
        findings=findings,
        indicators=indicators,
        level1=level1,
        total=total,
        grade=None if withheld else grade_for(spec, total),
        assessment=assessment,
        assessment_total=sum((item.score for item in assessment if item.score is not None), Decimal(0)),
        assessment_partial=any(item.score is None for item in assessment),
        grade_withheld=withheld,
    )
