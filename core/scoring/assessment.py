"""附件5 考核评分表: each item's score from the reviewer's inputs and from the report itself.

Every item is clamped to [0, max]; an item whose input is absent is 待评 (None). 提交报告
counts working days on the Chinese statutory calendar (holidays are not working days,
调休 make-up weekends are), which is why it needs chinese_calendar.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from core.findings import AssessmentResult, IndicatorResult
from core.form import AssessmentItem, FormSpec
from core.numbers import figure
from core.paths import get_path

__all__ = ["assessment_items", "workdays_late", "CalendarGap"]


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
