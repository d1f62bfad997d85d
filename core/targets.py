"""Indicator target and actual texts → Comparison | Deadline | Qualitative.

People write `≥80个`, `＝100%`, `≦100%`, `不低于90%`, `2024年12月31日前`, `12月底前`,
`定性`, `有效推进`. The text is kept as written; this module reads what it means so
the core can judge whether a target was met and suggest a score (rules.md,
"Indicator targets").
"""


import datetime as dt
import functools
import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from core.numbers import holds

__all__ = ["Comparison", "Deadline", "Qualitative", "Target", "parse_target", "is_met"]


class Comparison(NamedTuple):
    op: str  # ">=", ">", "<=", "<", "="
    value: Decimal
    unit: str
    explicit: bool  # a comparator was written (an actual written as a bound)


class Deadline(NamedTuple):
    date: dt.date


class Qualitative(NamedTuple):
    text: str


Target = Comparison | Deadline | Qualitative

_NORMALIZE = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "．": ".",
        "，": ",",
        "％": "%",
        "＝": "=",
        "＞": ">",
        "＜": "<",
        "－": "-",
        "　": " ",
        "～": "~",
    }
)

# Longest first, so `>=` wins over `>`.
_COMPARATORS: list[tuple[str, str]] = [
    ("不低于", ">="), ("不少于", ">="), ("不小于", ">="), ("大于等于", ">="), ("至少", ">="),
    ("不高于", "<="), ("不超过", "<="), ("不大于", "<="), ("小于等于", "<="), ("不多于", "<="),
    (">=", ">="), ("≥", ">="), ("≧", ">="), ("=>", ">="),
    ("<=", "<="), ("≤", "<="), ("≦", "<="), ("=<", "<="),
    ("==", "="), ("=", "="),
    ("大于", ">"), ("高于", ">"), ("超过", ">"), (">", ">"),
    ("小于", "<"), ("低于", "<"), ("<", "<"),
    ("达到", "="), ("等于", "="),
]
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_MAX_DIGITS = 30  # as core.numbers
_UNIT = re.compile(r"[^\s\d]{0,6}")
_BEFORE = r"(?:之前|以前|前)"
_FULL_DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?\s*" + _BEFORE + "?")
_MONTH_END = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(?:底|末|份)\s*" + _BEFORE + "?")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*" + _BEFORE + "?")
_YEAR_END = re.compile(r"(\d{4})\s*年\s*(?:底|末)\s*" + _BEFORE + "?")


def _date(year: int, month: int, day: int | None) -> dt.date | None:
    if not dt.MINYEAR <= year <= dt.MAXYEAR or not 1 <= month <= 12:
        return None
    last = 31 if month == 12 else (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day
    if day is None:
        day = last
    if not 1 <= day <= last:
        return None
    return dt.date(year, month, day)


def _parse_deadline(text: str, year: int | None) -> Deadline | None:
    match = _FULL_DATE.fullmatch(text)
    if match:
        found = _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        return Deadline(found) if found else None
    match = _YEAR_END.fullmatch(text)
    if match:
        found = _date(int(match.group(1)), 12, 31)
        return Deadline(found) if found else None
    match = _MONTH_END.fullmatch(text)
    if match and (match.group(1) or year):
        found = _date(int(match.group(1) or year or 0), int(match.group(2)), None)
        return Deadline(found) if found else None
    match = _MONTH_DAY.fullmatch(text)
    if match and year:
        found = _date(year, int(match.group(1)), int(match.group(2)))
        return Deadline(found) if found else None
    return None


def parse_target(text: str | None, year: int | None = None) -> Target:
    """Read a target or actual text; anything without a number is qualitative.

    Pure, and reports repeat their targets (`≥90%`, `定性`), so answers are remembered."""
    return _parse_target(text or "", year)


@functools.lru_cache(maxsize=8192)
def _parse_target(text: str, year: int | None) -> Target:
    raw = text or ""
    cleaned = raw.translate(_NORMALIZE).strip().replace(" ", "")
    if not cleaned or cleaned == "定性" or not re.search(r"\d", cleaned):
        return Qualitative(raw.strip())
    deadline = _parse_deadline(cleaned, year)
    if deadline is not None:
        return deadline
    if _MONTH_END.fullmatch(cleaned) or _MONTH_DAY.fullmatch(cleaned):
        return Qualitative(raw.strip())  # a date without a year we cannot place
    op, explicit, rest = "=", False, cleaned
    for word, symbol in _COMPARATORS:
        if rest.startswith(word):
            op, explicit, rest = symbol, True, rest[len(word):]
            break
    match = _NUMBER.match(rest)
    if not match or len(match.group(0)) > _MAX_DIGITS:
        return Qualitative(raw.strip())  # no report writes a 31-digit figure
    unit = rest[match.end():]
    if not _UNIT.fullmatch(unit) or re.search(r"\d", unit):
        return Qualitative(raw.strip())
    try:
        value = Decimal(match.group(0).replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern excludes this
        return Qualitative(raw.strip())
    if unit.startswith("以上") or unit.endswith("以上"):
        op, explicit, unit = ">=", True, unit.replace("以上", "")
    elif unit.startswith("以下") or unit.endswith("以下"):
        op, explicit, unit = "<=", True, unit.replace("以下", "")
    return Comparison(op, value, unit, explicit)


def is_met(target: Target, actual: Target) -> bool | None:
    """True/False for a comparison or a deadline; None when there is nothing to judge."""
    if isinstance(target, Comparison) and isinstance(actual, Comparison):
        if target.unit != actual.unit:
            return None
        # an actual written as the same bound (`≦100%` against `≦100%`) reads as its
        # number, which meets the bound; a plain number is compared the same way
        return holds(target.op, actual.value, target.value)
    if isinstance(target, Deadline) and isinstance(actual, Deadline):
        return actual.date <= target.date
    return None


def incomparable_reason(target: Target, actual: Target) -> str | None:
    """Why a quantitative target cannot be judged against its actual, if it cannot."""
    if isinstance(target, Qualitative):
        return None
    if isinstance(target, Comparison):
        if not isinstance(actual, Comparison):
            return "完成值不是数值"
        if target.unit != actual.unit:
            return f"单位不同：{target.unit or '无单位'} 与 {actual.unit or '无单位'}"
        return None
    if not isinstance(actual, Deadline):
        return "完成值不是日期"
    return None
