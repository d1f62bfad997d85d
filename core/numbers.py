"""User text → Decimal, and Decimal → the text a clerk expects to read.

Clerks type figures the way Word and Excel taught them: full-width digits from a
Chinese IME, thousands separators (half- or full-width), a trailing 万元 or 元, a
负号. Everything here is exact Decimal; rounding happens only in the formatters, with
ROUND_HALF_UP, which is how the published tables round.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, getcontext

__all__ = [
    "NumberError",
    "parse_number",
    "parse_count",
    "fmt_money",
    "fmt_percent",
    "fmt_score",
    "fmt_plain",
    "quantize2",
    "figure",
    "RELATIONS",
    "holds",
]

# Full-width forms a Chinese IME produces, mapped to ASCII.
_FULLWIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "．": ".",
        "，": ",",
        "－": "-",
        "—": "-",
        "−": "-",
        "＋": "+",
        "　": " ",
        "％": "%",
    }
)

_SUFFIXES = ("万元", "元", "万")
_PLAIN = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?|[+-]?\.\d+")
_MAX_DIGITS = 30
_CENT = Decimal("0.01")
_HUGE = 30  # Decimal.adjusted() beyond which a figure is shown in scientific notation


# The one table of comparisons: the form's checks (`expect`), the formula language
# (`<`, `==`, `!=` …) and indicator targets (`>=`, `=`) all read it.
RELATIONS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "=": operator.eq,
    "==": operator.eq,
    "!=": operator.ne,
}


def holds(op: str, left: Decimal, right: Decimal) -> bool:
    """Whether `left op right` holds, for any op of RELATIONS."""
    return RELATIONS[op](left, right)


class NumberError(ValueError):
    """A figure that cannot be read; the message is Chinese and names the input."""


def _clean(text: str) -> str:
    return text.translate(_FULLWIDTH).strip()


def parse_number(text: str, *, allow_yuan: bool = True) -> Decimal:
    """Read a figure as typed: `１９４．７２`, `1,234.5`, `1，234.5`, `194.72万元`.

    A 元 suffix (not 万元) means the figure is in yuan and is converted to 万元,
    because every amount of the form is kept in 万元. `abc`, `1.2.3`, `NaN`, `inf`
    and exponents are refused: a report never writes them and accepting them would
    let a typo through as a figure.
    """
    if not isinstance(text, str):
        raise NumberError(f"“{text}”不是数字")
    cleaned = _clean(text)
    if not cleaned:
        raise NumberError("未填写数字")
    scale = Decimal(1)
    for suffix in _SUFFIXES:
        if cleaned.endswith(suffix):
            cleaned = cleaned[: -len(suffix)].rstrip()
            if suffix == "元":
                if not allow_yuan:
                    raise NumberError(f"“{text.strip()}”：这里只填数字")
                scale = Decimal("0.0001")
            break
    if cleaned.startswith("负"):
        cleaned = "-" + cleaned[1:]
    if not _PLAIN.fullmatch(cleaned):
        raise NumberError(f"“{text.strip()}”不是有效的数字")
    digits = cleaned.replace(",", "")
    if len(digits) > _MAX_DIGITS:
        raise NumberError(f"“{text.strip()}”位数太多")
    try:
        value = Decimal(digits)
    except InvalidOperation as exc:  # pragma: no cover - the pattern excludes this
        raise NumberError(f"“{text.strip()}”不是有效的数字") from exc
    return value * scale if scale != 1 else value


def parse_count(text: str) -> int:
    """Read a head count or a number of items: a non-negative whole number."""
    value = parse_number(text, allow_yuan=False)
    if value != value.to_integral_value():
        raise NumberError(f"“{text.strip()}”应为整数")
    if value < 0:
        raise NumberError(f"“{text.strip()}”不能为负数")
    return int(value)


def figure(value: object) -> Decimal | None:
    """A stored figure as Decimal: int and Decimal pass, anything else (bool, text, absent) is None."""
    if value.__class__ is Decimal:  # the usual case, and a Decimal is immutable: no copy needed
        return value
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return None
    return Decimal(value)


def quantize2(value: Decimal) -> Decimal:
    """Round to 2 decimals, half up: the only rounding the tool does; never -0.00.

    Rounded with the precision the figure needs, so a mistyped 10^25 keeps its cents
    whatever the caller's context; a figure beyond 10^30 is only ever a wrong entry
    (money.range reports it) and is returned as it is.
    """
    if not value.is_finite() or value.adjusted() > _HUGE:
        return value
    if value.adjusted() + 4 <= getcontext().prec:
        rounded = value.quantize(_CENT, rounding=ROUND_HALF_UP)
    else:  # a figure of more digits than the context carries: round it in a wider one
        rounded = value.quantize(_CENT, rounding=ROUND_HALF_UP, context=Context(prec=value.adjusted() + 4))
    return rounded.copy_abs() if rounded.is_zero() else rounded


def _huge(value: Decimal) -> bool:
    """Beyond 10^30 a figure is a typo: shown as `1E+31`, not as thirty-odd digits."""
    return not value.is_finite() or value.adjusted() > _HUGE


def _scientific(value: Decimal) -> str:
    """`1E+31`, `-9.999E+40`: the shortest exact form (the value is a typo anyway)."""
    if not value.is_finite():
        return "—"
    digits = value.as_tuple().digits
    shown = value if len(digits) <= 6 else round(value.scaleb(-value.adjusted()), 5).scaleb(value.adjusted())
    return f"{shown.normalize(Context(prec=8)):E}".replace("E+", "E+")


def fmt_money(value: Decimal | int | None) -> str:
    """万元 with two decimals (`174.10`); `—` for an absent value."""
    if value is None:
        return "—"
    number = Decimal(value)
    if _huge(number):
        return _scientific(number)
    return f"{quantize2(number):f}"


def fmt_percent(value: Decimal | None) -> str:
    """A rate with two decimals and a % sign (`87.50%`); `—` when undefined."""
    if value is None:
        return "—"
    if _huge(value):
        return f"{_scientific(value)}%"
    return f"{quantize2(value):f}%"


# fmt_score's answers by value. The text depends on the value alone (equal values, whatever
# their exponent, round to the same cents), and the scores and weights of a report are
# few distinct figures asked many times: a report of 100,000 rows asks 400,000 times.
_SCORE_TEXTS: dict[Decimal | int, str] = {}
_SCORE_TEXTS_KEPT = 4096


def fmt_score(value: Decimal | int | None) -> str:
    """A score rounded to 2 decimals with trailing zeros dropped: `98`, `97.24`, `13.5`."""
    if value is None:
        return "—"
    try:
        return _SCORE_TEXTS[value]
    except (KeyError, TypeError):  # not asked yet (or a signalling NaN, which has no hash)
        pass
    number = Decimal(value)
    if _huge(number):
        return _scientific(number)
    text = f"{quantize2(number):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    text = text if text not in ("-0", "") else "0"
    if len(_SCORE_TEXTS) < _SCORE_TEXTS_KEPT:
        _SCORE_TEXTS[value] = text
    return text


def fmt_plain(value: Decimal | int | None) -> str:
    """A figure as the reader wrote it, exact, without exponent (`174.1`, `8`); never `-0`."""
    if value is None:
        return "—"
    number = Decimal(value)
    if _huge(number):
        return _scientific(number)
    if number.is_zero():
        return "0"
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
