"""Typed text ↔ stored value, for every field type a form may declare.

Textual's `Input(type="number")` drops `,` and speaks English (style.md, "Known
traps"), so every figure goes through `core.numbers` here, with Chinese reasons. Blank
is absent: empty text parses to None, never to the last value that parsed. Kept free
of textual, so the rule for what a field stores can be tested without a terminal.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from core.numbers import NumberError, fmt_money, fmt_plain, parse_count, parse_number, quantize2

__all__ = ["NUMERIC", "parse_value", "show_value", "ParseError"]

NUMERIC = ("money", "score", "count", "year")

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?")
_TRUE = {"是", "y", "yes", "true", "1", "有"}
_FALSE = {"否", "n", "no", "false", "0", "无"}


class ParseError(ValueError):
    """Text that cannot be stored in its field; the message is Chinese."""


def parse_value(kind: str, text: str) -> Any:
    """The typed text as the value the report stores (None for blank)."""
    stripped = text.strip()
    if not stripped:
        return None
    if kind in ("money", "score"):
        try:
            return parse_number(stripped)
        except NumberError as exc:
            raise ParseError(str(exc)) from None
    if kind in ("count", "year"):
        try:
            return parse_count(stripped)
        except NumberError as exc:
            raise ParseError(str(exc)) from None
    if kind == "date":
        match = _DATE.fullmatch(stripped)
        try:
            if not match:
                raise ValueError
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            raise ParseError(f"“{stripped}”不是日期，请写作 2025-03-31 或 2025年3月31日") from None
    if kind == "bool":
        folded = stripped.casefold()
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
        raise ParseError(f"“{stripped}”：请填 是 或 否")
    return text


def show_value(kind: str, value: Any) -> str:
    """How a stored value reads in its field once committed (money with two decimals)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if kind == "money" and isinstance(value, (int, Decimal)):
        exact = Decimal(value)
        # two decimals only when that is the value itself: the field never shows a rounding
        return fmt_money(exact) if exact.is_finite() and quantize2(exact) == exact else fmt_plain(exact)
    if kind in ("score", "count", "year") and isinstance(value, (int, Decimal)):
        return fmt_plain(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
