"""Checks on 附件2's indicator rows: score ranges, weights, catalog, deviations, judgements.

The weights (50/30/10 and the 10 of 预算执行率), the 一级/二级 catalog and the 定性
bands are the profile's; these functions only apply them.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from core.checks.context import Context, Figures, finding
from core.findings import Finding, IndicatorResult
from core.form import CheckSpec
from core.numbers import fmt_score
from core.paths import get_path
from core.targets import Comparison

__all__ = ["INDICATOR_CHECKS"]


def _list_path(ctx: Context) -> str:
    scored = ctx.spec.scored_list
    assert scored is not None  # there are indicator rows only where the form scores a list
    return scored.path


def _row_path(ctx: Context, row: IndicatorResult, column: str) -> str:
    return f"{_list_path(ctx)}[{row.index}].{column}"


def _raw(ctx: Context, row: IndicatorResult, key: str) -> str:
    rows = get_path(ctx.data, _list_path(ctx))
    entry = rows[row.index] if isinstance(rows, list) and row.index < len(rows) else None
    return str(entry.get(key) or "") if isinstance(entry, dict) else ""


def _base(ctx: Context, row: IndicatorResult) -> Figures:
    figures: Figures = {
        "target": _raw(ctx, row, "target"),
        "actual": _raw(ctx, row, "actual"),
        "weight": fmt_score(row.weight),
        "score": fmt_score(row.score),
    }
    if row.weight is not None and row.score is not None:
        figures["diff"] = fmt_score(abs(row.weight - row.score))
    if row.suggested is not None:
        figures["suggested"] = fmt_score(row.suggested)
    return figures


def check_score_range(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    for row in ctx.indicators:
        if row.score is None:
            continue
        if row.score < 0:
            yield finding(ctx, check, _row_path(ctx, row, "score"), _base(ctx, row), key="negative_message")
        elif row.weight is not None and row.score > row.weight:
            yield finding(ctx, check, _row_path(ctx, row, "score"), _base(ctx, row))


def check_level1_weights(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    if not ctx.indicators:
        return
    profile = ctx.spec.profile
    path = _list_path(ctx)
    sums = {
        level.name: sum((r.weight for r in ctx.indicators if r.level1 == level.name and r.weight is not None),
                        Decimal(0))
        for level in ctx.spec.level1
    }
    moved = bool(profile.get("satisfaction_may_move")) and not any(
        r.level1 == profile.get("satisfaction_level1") for r in ctx.indicators
    )
    for level in ctx.spec.level1:
        if moved and level.name == profile.get("satisfaction_level1"):
            continue
        if sums[level.name] != level.weight:
            first = next((r for r in ctx.indicators if r.level1 == level.name), None)
            where = _row_path(ctx, first, "weight") if first else path
            figures: Figures = {
                "level1": level.name,
                "sum": fmt_score(sums[level.name]),
                "expected": fmt_score(level.weight),
                "diff": fmt_score(abs(sums[level.name] - level.weight)),
            }
            if moved:
                satisfaction = next(lv for lv in ctx.spec.level1 if lv.name == profile.get("satisfaction_level1"))
                figures["moved"] = fmt_score(satisfaction.weight)
                yield finding(ctx, check, where, figures, key="moved_message", severity="warning")
            else:
                yield finding(ctx, check, where, figures)
    execution = ctx.spec.decimal("execution_weight")
    expected_total = ctx.spec.decimal("total_weight")
    all_weights = sum((r.weight for r in ctx.indicators if r.weight is not None), Decimal(0))
    if all_weights + execution != expected_total:
        yield finding(ctx, check, path, {
            "sum": fmt_score(all_weights),
            "execution_weight": fmt_score(execution),
            "total": fmt_score(all_weights + execution),
            "expected": fmt_score(expected_total),
            "diff": fmt_score(abs(all_weights + execution - expected_total)),
        }, key="total_message")


def check_levels(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    catalog = {level.name: level for level in ctx.spec.level1}
    for row in ctx.indicators:
        level = catalog.get(row.level1)
        if level is None:
            yield finding(ctx, check, _row_path(ctx, row, "level1"),
                           {"value": row.level1, "catalog": "、".join(catalog)}, key="level1_message")
        elif row.level2 not in level.level2:
            yield finding(ctx, check, _row_path(ctx, row, "level2"),
                           {"value": row.level2, "level1": level.name, "catalog": "、".join(level.level2)},
                           key="level2_message")
        if not row.name.strip():
            yield finding(ctx, check, _row_path(ctx, row, "name"), {}, key="name_message")


def _no_explanation(ctx: Context, row: IndicatorResult) -> bool:
    empty = {str(word) for word in ctx.spec.profile.get("empty_deviation", [""])}
    return _raw(ctx, row, "deviation").strip() in empty


def _deducted(row: IndicatorResult) -> bool:
    return row.score is not None and row.weight is not None and 0 <= row.score < row.weight


def check_deviation(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    for row in ctx.indicators:
        if _deducted(row) and _no_explanation(ctx, row):
            yield finding(ctx, check, _row_path(ctx, row, "deviation"), _base(ctx, row))


def check_unexplained(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    for row in ctx.indicators:
        if row.met is True and _deducted(row) and _no_explanation(ctx, row):
            yield finding(ctx, check, _row_path(ctx, row, "score"), _base(ctx, row))


def check_met_full(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    for row in ctx.indicators:
        if row.met is False and row.score is not None and row.score == row.weight:
            yield finding(ctx, check, _row_path(ctx, row, "score"), _base(ctx, row))


def check_overshoot(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    ratio = ctx.spec.decimal("overshoot_ratio")
    for row in ctx.indicators:
        target, actual = row.target, row.actual
        if row.met is not True or not isinstance(target, Comparison) or not isinstance(actual, Comparison):
            continue
        if target.op in (">=", ">") and target.value > 0 and actual.value >= ratio * target.value:
            figures = _base(ctx, row)
            figures["ratio"] = fmt_score(actual.value / target.value)
            yield finding(ctx, check, _row_path(ctx, row, "actual"), figures)


def check_qualitative_band(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    for row in ctx.indicators:
        if row.band is None or row.suggested_range is None or row.score is None:
            continue
        low, high = row.suggested_range
        inside = low <= row.score and (row.score < high if row.band.high_open else row.score <= high)
        if not inside:
            figures = _base(ctx, row)
            figures.update({"band": row.band.words, "low": fmt_score(low), "high": fmt_score(high)})
            yield finding(ctx, check, _row_path(ctx, row, "score"), figures)


def check_incomparable(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    for row in ctx.indicators:
        if row.incomparable:
            figures = _base(ctx, row)
            figures["reason"] = row.incomparable
            yield finding(ctx, check, _row_path(ctx, row, "actual"), figures)


INDICATOR_CHECKS = {
    "indicator.score_range": check_score_range,
    "indicator.level1_weights": check_level1_weights,
    "indicator.levels": check_levels,
    "indicator.deviation": check_deviation,
    "indicator.unexplained": check_unexplained,
    "indicator.met_full": check_met_full,
    "indicator.overshoot": check_overshoot,
    "indicator.qualitative_band": check_qualitative_band,
    "indicator.incomparable": check_incomparable,
}
