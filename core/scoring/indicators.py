"""Indicator rows judged: target met or not, and the score the rules suggest.

财预〔2020〕10号 第十二条 gives the proportional scoring of 定量 indicators: a target reached
scores its whole weight, one missed scores in proportion. What "reached" and "in
proportion" mean where the documents differ is the form's `[scoring]`: whether a target
written with no direction (`90%`, `＝100%`) is reached by more (`equal_target`), and which
formula scores a missed 反向 target (`reverse`). The form's profile gives the 定性
vocabulary and its bands. The suggestion is shown beside the entered score and never
overwrites it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core.findings import IndicatorResult
from core.form import Band, FormSpec, Scoring
from core.numbers import figure
from core.targets import (
    Comparison,
    Deadline,
    Qualitative,
    incomparable_reason,
    is_met,
    parse_target,
)

__all__ = ["judge_indicators", "suggest", "as_scored"]


def _longest_first(spec: FormSpec) -> list[Band]:
    """The 定性 bands, longest words first: 部分达成年度指标… contains 达成年度指标.
    Sorted once per judgement of all rows, not once per row."""
    return sorted(spec.bands, key=lambda b: -len(b.words))


def _band(bands: list[Band], text: str) -> Band | None:
    for band in bands:
        if band.words in text:
            return band
    return None


def as_scored(target: Comparison | Deadline, rules: Scoring) -> Comparison | Deadline:
    """The target as the rules read it: with `equal_target = "at_least"`, `90%` means ≥ 90%."""
    if isinstance(target, Comparison) and target.op == "=" and rules.equal_target == "at_least":
        return target._replace(op=">=")
    return target


def _reverse(t: Decimal, a: Decimal, weight: Decimal, rules: Scoring) -> Decimal:
    """A missed 反向 target (actual above it): the ratio, or linear down to 0 at zero_at × target."""
    if t < 0 or a <= 0:
        return Decimal(0)
    if rules.reverse == "linear":
        span = (rules.reverse_zero_at - 1) * t
        return weight * max(Decimal(0), (rules.reverse_zero_at * t - a) / span) if span > 0 else Decimal(0)
    return weight * t / a


def suggest(target: Comparison | Deadline, actual: Comparison | Deadline, weight: Decimal,
            rules: Scoring) -> Decimal | None:
    """The score the rules give (None: no suggestion, as for a missed deadline)."""
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
        return _reverse(t, a, weight, rules)
    low, high = min(a, t), max(a, t)
    return weight * low / high if high > 0 and low >= 0 else Decimal(0)


def judge_indicators(spec: FormSpec, rows: list[dict[str, Any]], year: int | None) -> list[IndicatorResult]:
    """Parse each row's target and actual; decide met and the suggested score."""
    results: list[IndicatorResult] = []
    bands = _longest_first(spec)
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
        op: str | None = None
        if weight is not None and weight != 0:
            if isinstance(target, Qualitative):
                band = _band(bands, str(row.get("actual") or ""))
                if band is not None:
                    met = band.met
                    suggested_range = (weight * band.low, weight * band.high)
            else:
                reason = incomparable_reason(target, actual)
                if reason is None:
                    assert not isinstance(actual, Qualitative)
                    scored = as_scored(target, spec.scoring)
                    op = scored.op if isinstance(scored, Comparison) else None
                    met = is_met(scored, actual)
                    suggested = suggest(scored, actual, weight, spec.scoring)
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
                op=op,
            )
        )
    return results
