"""Indicator rows judged: target met or not, and the score the rules suggest.

财预〔2020〕10号 第十二条 gives the proportional scoring of 定量 indicators; the form's
profile gives the 定性 vocabulary and its bands. The suggestion is shown beside the
entered score and never overwrites it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core.findings import IndicatorResult
from core.form import Band, FormSpec
from core.numbers import figure
from core.targets import (
    Comparison,
    Deadline,
    Qualitative,
    incomparable_reason,
    is_met,
    parse_target,
)

__all__ = ["judge_indicators"]


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
