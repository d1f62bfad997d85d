"""Scores: suggested indicator scores, 一级 subtotals, 总分, 等级, and 附件5 items.

财预〔2020〕10号 第十二条 gives the proportional scoring of 定量 indicators; the
form's profile gives weights, grade bands and the 定性 vocabulary. 总分 is the exact
sum of exact parts; the 等级 is read from the 总分 as displayed (rounded half up to 2
decimals), so what the reader sees and the grade always agree.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from core.findings import AssessmentResult, IndicatorResult
from core.numbers import figure, quantize2
from core.paths import get_path
from core.spec import AssessmentItem, Band, FormSpec
from core.targets import (
    Comparison,
    Deadline,
    Qualitative,
    incomparable_reason,
    is_met,
    parse_target,
)

__all__ = [
    "judge_indicators",
    "level1_subtotals",
    "grade_for",
    "assessment_items",
    "workdays_late",
]


def _band(spec: FormSpec, text: str) -> Band | None:
    # longest words first: 部分达成年度指标… contains 达成年度指标
    for band in sorted(spec.bands, key=lambda b: -len(b.words)):
        if band.words in text:
            return band
    return None


def _suggest(target: Comparison | Deadline, actual: Comparison | Deadline, weight: Decimal) -> Decimal | None:
    met = is_met(target, actual)
    if met is None:
        return None
    if met:
        return weight
    if isinstance(target, Deadline) or not isinstance(actual, Comparison):
        return None
    t, a = target.value, actual.value
    if target.op in (">=", ">"):
        return weight * a / t if t > 0 and a >= 0 else Decimal(0)
    if target.op in ("<=", "<"):
        return weight * t / a if a > 0 and t >= 0 else Decimal(0)
    low, high = min(a, t), max(a, t)
    return weight * low / high if high > 0 and low >= 0 else Decimal(0)


def judge_indicators(spec: FormSpec, rows: list[dict[str, Any]], year: int | None) -> list[IndicatorResult]:
    """Parse each row's target and actual; decide met and the suggested score."""
    results: list[IndicatorResult] = []
    for index, row in enumerate(rows):
        weight = figure(row.get("weight"))
        score = figure(row.get("score"))
        target = parse_target(str(row.get("target") or ""), year)
        actual = parse_target(str(row.get("actual") or ""), year)
        met: bool | None = None
        suggested: Decimal | None = None
        suggested_range: tuple[Decimal, Decimal] | None = None
        band: Band | None = None
        reason: str | None = None
        if weight is not None and weight != 0:
            if isinstance(target, Qualitative):
                band = _band(spec, str(row.get("actual") or ""))
                if band is not None:
                    met = band.met
                    suggested_range = (weight * band.low, weight * band.high)
            else:
                reason = incomparable_reason(target, actual)
                if reason is None:
                    assert not isinstance(actual, Qualitative)
                    met = is_met(target, actual)
                    suggested = _suggest(target, actual, weight)
        results.append(
            IndicatorResult(
                index=index,
                level1=str(row.get("level1") or ""),
                level2=str(row.get("level2") or ""),
                name=str(row.get("name") or ""),
                weight=weight,
                score=score,
                target=target,
                actual=actual,
                met=met,
                suggested=suggested,
                suggested_range=suggested_range,
                band=band,
                incomparable=reason,
            )
        )
    return results


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


class CalendarGap(Exception):
    """The statutory calendar does not cover a year, so working days cannot be counted."""

    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year


def workdays_late(due: dt.date, submitted: dt.date) -> int:
    """Working days after `due` up to `submitted`, by the Chinese statutory calendar.

    Holidays are not working days; 调休 make-up weekends are (chinese_calendar knows both).
    """
    if submitted <= due:
        return 0
    import chinese_calendar

    late = 0
    day = due + dt.timedelta(days=1)
    while day <= submitted:
        try:
            if chinese_calendar.is_workday(day):
                late += 1
        except NotImplementedError:
            raise CalendarGap(day.year) from None
        day += dt.timedelta(days=1)
        if late > 60:  # far past the 10-point cap; no need to walk further
            break
    return late


def _clamp(value: Decimal, maximum: Decimal) -> Decimal:
    return max(Decimal(0), min(maximum, value))


def assessment_items(
    spec: FormSpec,
    data: dict[str, Any],
    indicators: list[IndicatorResult],
    section_present: dict[str, bool],
    attachment_present: dict[str, bool],
) -> tuple[list[AssessmentResult], list[tuple[AssessmentItem, str]]]:
    """Each 附件5 item's score (None = 待评) and the notes for findings (band, calendar)."""
    results: list[AssessmentResult] = []
    notes: list[tuple[AssessmentItem, str]] = []
    for item in spec.assessment:
        raw = item.raw
        score: Decimal | None = None
        if item.kind == "bool":
            flag = get_path(data, raw["input"])
            if isinstance(flag, bool):
                score = item.max if flag else Decimal(0)
        elif item.kind == "deduct":
            count = figure(get_path(data, raw["input"]))
            if count is not None:
                score = item.max - Decimal(str(raw.get("per", 1))) * count
        elif item.kind == "workdays_late":
            due, submitted = get_path(data, raw["due"]), get_path(data, raw["submitted"])
            if isinstance(due, dt.date) and isinstance(submitted, dt.date):
                try:
                    late = workdays_late(due, submitted)
                    score = item.max - Decimal(str(raw.get("per", 1))) * late
                except CalendarGap as gap:
                    notes.append((item, f"calendar:{gap.year}"))
        elif item.kind == "sections_absent":
            absent = sum(1 for sid in raw["sections"] if not section_present.get(sid, False))
            score = item.max - Decimal(str(raw.get("per", 2))) * absent
        elif item.kind == "attachments_empty":
            empty = sum(1 for present in attachment_present.values() if not present)
            score = item.max - Decimal(str(raw.get("per", 2))) * empty
        elif item.kind == "weights_match":
            groups = spec.level1
            matching = sum(
                1
                for level in groups
                if sum((r.weight or Decimal(0) for r in indicators if r.level1 == level.name), Decimal(0))
                == level.weight
            )
            score = item.max * matching / len(groups) if groups and indicators else Decimal(0)
        elif item.kind == "levels_named":
            named = sum(1 for r in indicators if r.level1 and r.level2 and r.name.strip())
            score = item.max * named / len(indicators) if indicators else Decimal(0)
        elif item.kind == "input":
            value = figure(get_path(data, raw["input"]))
            if value is not None:
                score = value
                bands = raw.get("bands")
                if bands and not any(Decimal(lo) <= value <= Decimal(hi) for lo, hi in bands):
                    notes.append((item, "band"))
        if score is not None:
            score = _clamp(score, item.max)
        results.append(AssessmentResult(item.id, item.group, item.item, item.max, score))
    return results, notes
