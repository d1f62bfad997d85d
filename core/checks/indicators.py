"""Checks on the scored indicator rows: ranges, weights, catalog, deviations, judgements, grade.

The weights (50/30/10 and the 10 of 预算执行率), the 一级/二级 catalog and the 定性
bands are the profile's, the scoring rules (tolerance, where a 满意度 weight may move,
the 满分) the form's `[scoring]`; these functions only apply them.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from core.checks.context import Context, Figures, finding
from core.findings import Finding, IndicatorResult
from core.form import CheckSpec
from core.numbers import fmt_score
from core.paths import get_path
from core.scoring.grades import OVER_FULL, OVER_WEIGHT
from core.targets import Comparison

__all__ = ["INDICATOR_CHECKS"]


def _list_path(ctx: Context) -> str:
    scored = ctx.spec.scored_list
    assert scored is not None  # there are indicator rows only where the form scores a list
    return scored.path


def _row_path(ctx: Context, row: IndicatorResult, column: str) -> str:
    return f"{_list_path(ctx)}[{row.index}].{column}"


class _Rows:
    """What the checks of one pass read of every row, found once per check, not per row:
    the file's list of rows (a report may hold 100,000) and the path findings name."""

    __slots__ = ("path", "entries")

    def __init__(self, ctx: Context) -> None:
        self.path = _list_path(ctx)
        rows = get_path(ctx.data, self.path)
        self.entries: list[object] = rows if isinstance(rows, list) else []

    def at(self, row: IndicatorResult, column: str) -> str:
        return f"{self.path}[{row.index}].{column}"

    def raw(self, row: IndicatorResult, key: str) -> str:
        entry = self.entries[row.index] if row.index < len(self.entries) else None
        return str(entry.get(key) or "") if isinstance(entry, dict) else ""


def _base(rows: _Rows, row: IndicatorResult) -> Figures:
    figures: Figures = {
        "target": rows.raw(row, "target"),
        "actual": rows.raw(row, "actual"),
        "weight": fmt_score(row.weight),
        "score": fmt_score(row.score),
    }
    if row.weight is not None and row.score is not None:
        figures["diff"] = fmt_score(abs(row.weight - row.score))
    if row.suggested is not None:
        figures["suggested"] = fmt_score(row.suggested)
    return figures


def check_score_range(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    rows = _Rows(ctx)
    for row in ctx.indicators:
        if row.score is None:
            continue
        if row.score < 0:
            yield finding(ctx, check, rows.at(row, "score"), _base(rows, row), key="negative_message")
        elif row.weight is not None and row.score > row.weight:
            yield finding(ctx, check, rows.at(row, "score"), _base(rows, row))


def _sum_figures(level1: str, got: Decimal, expected: Decimal) -> Figures:
    return {"level1": level1, "sum": fmt_score(got), "expected": fmt_score(expected),
            "diff": fmt_score(abs(got - expected))}


def check_level1_weights(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    """三级 weights fill each 一级's weight; all weights and the base's fill the 满分.

    Where the form names a 满意度 一级 and where its weight may go (`satisfaction_to`), a report
    with no 满意度 row may put that weight in those 一级: they must then hold their weights and
    it together. Weights that do not add up are an error either way.
    """
    if not ctx.indicators:
        return
    rules = ctx.spec.scoring
    path = _list_path(ctx)
    sums = {
        level.name: sum((r.weight for r in ctx.indicators if r.level1 == level.name and r.weight is not None),
                        Decimal(0))
        for level in ctx.spec.level1
    }
    catalog = {level.name: level for level in ctx.spec.level1}

    def first_row(names: set[str]) -> str:
        row = next((r for r in ctx.indicators if r.level1 in names), None)
        return _row_path(ctx, row, "weight") if row else path

    moved = bool(rules.satisfaction in catalog and rules.satisfaction_to) and not any(
        r.level1 == rules.satisfaction for r in ctx.indicators)
    for level in ctx.spec.level1:
        if moved and (level.name == rules.satisfaction or level.name in rules.satisfaction_to):
            continue
        if sums[level.name] != level.weight:
            yield finding(ctx, check, first_row({level.name}), _sum_figures(level.name, sums[level.name],
                                                                            level.weight))
    if moved:
        assert rules.satisfaction is not None
        receivers = [name for name in rules.satisfaction_to if name in catalog]
        got = sum((sums[name] for name in receivers), Decimal(0))
        expected = sum((catalog[name].weight for name in receivers), catalog[rules.satisfaction].weight)
        if got != expected:
            figures = _sum_figures("、".join(receivers), got, expected)
            figures["moved"] = fmt_score(catalog[rules.satisfaction].weight)
            yield finding(ctx, check, first_row(set(receivers)), figures, key="moved_message")
    base = ctx.spec.scoring_number(rules.base_weight) or Decimal(0)
    full = ctx.spec.scoring_number(rules.full)
    all_weights = sum((r.weight for r in ctx.indicators if r.weight is not None), Decimal(0))
    if full is not None and all_weights + base != full:
        yield finding(ctx, check, path, {
            "sum": fmt_score(all_weights),
            "execution_weight": fmt_score(base),
            "base_weight": fmt_score(base),
            "total": fmt_score(all_weights + base),
            "expected": fmt_score(full),
            "diff": fmt_score(abs(all_weights + base - full)),
        }, key="total_message")


def check_levels(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    rows = _Rows(ctx)
    catalog = {level.name: level for level in ctx.spec.level1}
    names = "、".join(catalog)
    level2_names = {level.name: "、".join(level.level2) for level in ctx.spec.level1}
    for row in ctx.indicators:
        level = catalog.get(row.level1)
        if level is None:
            yield finding(ctx, check, rows.at(row, "level1"),
                           {"value": row.level1, "catalog": names}, key="level1_message")
        elif row.level2 not in level.level2:
            yield finding(ctx, check, rows.at(row, "level2"),
                           {"value": row.level2, "level1": level.name, "catalog": level2_names[level.name]},
                           key="level2_message")
        if not row.name.strip():
            yield finding(ctx, check, rows.at(row, "name"), {}, key="name_message")


def _empty_words(ctx: Context) -> set[str]:
    """What the profile counts as no explanation of a deviation (a blank, 无 …)."""
    return {str(word) for word in ctx.spec.profile.get("empty_deviation", [""])}


def _no_explanation(rows: _Rows, empty: set[str], row: IndicatorResult) -> bool:
    return rows.raw(row, "deviation").strip() in empty


def _deducted(row: IndicatorResult) -> bool:
    return row.score is not None and row.weight is not None and 0 <= row.score < row.weight


def check_deviation(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    rows, empty = _Rows(ctx), _empty_words(ctx)
    for row in ctx.indicators:
        if _deducted(row) and _no_explanation(rows, empty, row):
            yield finding(ctx, check, rows.at(row, "deviation"), _base(rows, row))


def check_unexplained(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    rows, empty = _Rows(ctx), _empty_words(ctx)
    for row in ctx.indicators:
        if row.met is True and _deducted(row) and _no_explanation(rows, empty, row):
            yield finding(ctx, check, rows.at(row, "score"), _base(rows, row))


def check_met_full(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    rows = _Rows(ctx)
    for row in ctx.indicators:
        if row.met is False and row.score is not None and row.score == row.weight:
            yield finding(ctx, check, rows.at(row, "score"), _base(rows, row))


def check_overshoot(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    rows = _Rows(ctx)
    ratio = ctx.spec.decimal("overshoot_ratio")
    for row in ctx.indicators:
        target, actual = row.target, row.actual
        if row.met is not True or not isinstance(target, Comparison) or not isinstance(actual, Comparison):
            continue
        if row.op in (">=", ">") and target.value > 0 and actual.value >= ratio * target.value:
            figures = _base(rows, row)
            figures["ratio"] = fmt_score(actual.value / target.value)
            yield finding(ctx, check, rows.at(row, "actual"), figures)


def check_qualitative_band(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    rows = _Rows(ctx)
    for row in ctx.indicators:
        if row.band is None or row.suggested_range is None or row.score is None:
            continue
        low, high = row.suggested_range
        # the top of a band is its own (`得分应在 9 至 12 之间` admits 12) unless the form says otherwise
        inside = low <= row.score and (row.score < high if row.band.high_open else row.score <= high)
        if not inside:
            figures = _base(rows, row)
            figures.update({"band": row.band.words, "low": fmt_score(low), "high": fmt_score(high)})
            yield finding(ctx, check, rows.at(row, "score"), figures)


def check_proportional(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    """An entered score that differs from the proportional one by more than the form's tolerance.

    Only rows the rules can score (定量 and deadlines met): a 定性 row has a band, not a
    figure. A row another check of the form already names for the same figure (a missed
    target given full marks, a met one deducted without a word) is not named twice.
    """
    rows, empty = _Rows(ctx), _empty_words(ctx)
    tolerance = ctx.spec.scoring.tolerance
    kinds = {other.kind for other in ctx.spec.checks}
    for row in ctx.indicators:
        if row.suggested is None or row.score is None or row.weight is None or not 0 <= row.score <= row.weight:
            continue
        gap = abs(row.score - row.suggested)
        if gap <= tolerance:
            continue
        if "indicator.met_full" in kinds and row.met is False and row.score == row.weight:
            continue
        if "indicator.unexplained" in kinds and row.met is True and _deducted(row) \
                and _no_explanation(rows, empty, row):
            continue
        figures = _base(rows, row)
        figures.update({"gap": fmt_score(gap), "tolerance": fmt_score(tolerance)})
        yield finding(ctx, check, rows.at(row, "score"), figures)


def check_grade_withheld(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    """Why the 总分 has no grade: above the 满分, or a score above its weight."""
    if ctx.grade_withheld == OVER_FULL and ctx.total is not None:
        full = ctx.spec.scoring_number(ctx.spec.scoring.full) or Decimal(0)
        yield finding(ctx, check, _list_path(ctx), {"total": fmt_score(ctx.total), "full": fmt_score(full),
                                                    "diff": fmt_score(ctx.total - full)})
    elif ctx.grade_withheld == OVER_WEIGHT:
        over = [row for row in ctx.indicators
                if row.score is not None and row.weight is not None and row.score > row.weight]
        rows = _Rows(ctx)
        figures = _base(rows, over[0])
        figures.update({"count": str(len(over)), "total": fmt_score(ctx.total)})
        yield finding(ctx, check, rows.at(over[0], "score"), figures, key="weight_message")


def check_incomparable(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    rows = _Rows(ctx)
    for row in ctx.indicators:
        if row.incomparable:
            figures = _base(rows, row)
            figures["reason"] = row.incomparable
            yield finding(ctx, check, rows.at(row, "actual"), figures)


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
    "indicator.proportional": check_proportional,
    "score.grade_withheld": check_grade_withheld,
}
