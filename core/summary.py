"""Machine-readable views of an evaluation: check and score JSON, and the [results] table.

The JSON contract (issue text): decimals are plain numeric strings (`"98"`,
`"97.24"`, `"100.00"`), counts are integers, what cannot be computed is null,
severities are English words and paths are strings. The `[results]` table of an
exported data file carries the same figures.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core.findings import Evaluation
from core.form import Computed
from core.numbers import fmt_money, fmt_score, quantize2
from core.report import Report

__all__ = ["check_json", "score_json", "results_table", "decimal_str", "score_str"]


def decimal_str(value: Decimal | None) -> str | None:
    """Money and rates in JSON: two decimals (`"100.00"`), null when absent."""
    return None if value is None else fmt_money(value)


def score_str(value: Decimal | None) -> str | None:
    """Scores in JSON as the tables print them (`"98"`, `"97.24"`), null when absent."""
    return None if value is None else fmt_score(value)


def _computed_str(computed: Computed, value: Decimal | None) -> str | None:
    return score_str(value) if computed.format == "score" else decimal_str(value)


def check_json(evaluation: Evaluation) -> dict[str, Any]:
    return {
        "errors": evaluation.errors,
        "warnings": evaluation.warnings,
        "infos": evaluation.infos,
        "findings": [finding.as_json() for finding in evaluation.findings],
    }


def score_json(report: Report, evaluation: Evaluation) -> dict[str, Any]:
    values = evaluation.values
    computed = {c.id: _computed_str(c, values.get(c.id)) for c in report.spec.computed if not c.each}
    return {
        **computed,
        "level1": {
            name: {"weight": score_str(weight), "score": score_str(score)}
            for name, (weight, score) in evaluation.level1.items()
        },
        "indicators": [
            {
                "level1": row.level1,
                "level2": row.level2,
                "name": row.name,
                "weight": score_str(row.weight),
                "score": score_str(row.score),
                "suggested": score_str(row.suggested),
                "suggested_range": [score_str(x) for x in row.suggested_range] if row.suggested_range else None,
                "met": row.met,
            }
            for row in evaluation.indicators
        ],
        "total": score_str(evaluation.total),
        "grade": evaluation.grade,
        "grade_withheld": evaluation.grade_withheld,
        "assessment": [
            {"item": item.item, "max": score_str(item.max), "score": score_str(item.score)}
            for item in evaluation.assessment
        ],
        "assessment_total": score_str(evaluation.assessment_total),
        "assessment_partial": evaluation.assessment_partial,
    }


def results_table(report: Report, evaluation: Evaluation) -> dict[str, Any]:
    """The generated `[results]` of an exported file: figures a reader of the TOML wants."""
    spec = report.spec
    values = evaluation.values
    out: dict[str, Any] = {}
    for computed in spec.computed:
        if computed.each:
            continue
        value = values.get(computed.id)
        if value is not None:
            out[computed.id] = quantize2(value)
    for grid in spec.grids.values():
        for row in grid.rows:
            if not (row.parts or row.sum_lists) or row.key is None:
                continue
            for column in grid.column_keys:
                value = values.get(f"{grid.id}.{row.key}.{column}")
                if value is not None:
                    out.setdefault(grid.id, {}).setdefault(row.key, {})[column] = quantize2(value)
    out["level1"] = {
        name: quantize2(score) for name, (_, score) in evaluation.level1.items() if score is not None
    }
    if evaluation.total is not None:
        out["total"] = quantize2(evaluation.total)
    if evaluation.grade:
        out["grade"] = evaluation.grade
    out["assessment_total"] = quantize2(evaluation.assessment_total)
    out["errors"] = evaluation.errors
    out["warnings"] = evaluation.warnings
    out["infos"] = evaluation.infos
    return out
