"""一级 subtotals and the 等级 of a 总分, or why it has none.

总分 is the exact sum of exact parts; the 等级 is read from the 总分 as displayed
(rounded half up to 2 decimals), so what the reader sees and the grade always agree.
A 总分 above the form's 满分, or any score above its weight, is wrong on its face: it
gets no grade (`总分 110（超过满分）`, `等级 —`), never 优.
"""

from __future__ import annotations

from decimal import Decimal

from core.findings import IndicatorResult
from core.form import FormSpec
from core.numbers import quantize2

__all__ = ["level1_subtotals", "grade_for", "grade_withheld", "OVER_FULL", "OVER_WEIGHT"]

OVER_FULL = "over_full"
OVER_WEIGHT = "over_weight"


def level1_subtotals(
    spec: FormSpec, indicators: list[IndicatorResult]
) -> dict[str, tuple[Decimal, Decimal | None]]:
    """一级 name → (weight of the profile, Σ entered scores or None when no row has one)."""
    out: dict[str, tuple[Decimal, Decimal | None]] = {}
    for level in spec.level1:
        scores = [row.score for row in indicators if row.level1 == level.name and row.score is not None]
        out[level.name] = (level.weight, sum(scores, Decimal(0)) if scores else None)
    return out


def grade_for(spec: FormSpec, total: Decimal | None) -> str | None:
    """The grade band of the total as displayed (rounded to 2 decimals, half up)."""
    if total is None:
        return None
    shown = quantize2(total)
    for minimum, grade in spec.grades:
        if shown >= minimum:
            return grade
    return spec.grades[-1][1] if spec.grades else None


def grade_withheld(spec: FormSpec, indicators: list[IndicatorResult], total: Decimal | None) -> str | None:
    """Why the 总分 gets no grade: OVER_FULL, OVER_WEIGHT, or None when it gets one."""
    if not spec.scoring.withhold_grade or total is None:
        return None
    full = spec.scoring_number(spec.scoring.full)
    if full is not None and quantize2(total) > full:
        return OVER_FULL
    if any(row.score is not None and row.weight is not None and row.score > row.weight for row in indicators):
        return OVER_WEIGHT
    return None
