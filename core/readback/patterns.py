"""The form's templates turned backwards: a label, a cell or a sentence as a pattern to read.

Everything the writers print comes from a template of the form (`{year}年实际在职人数`,
`其中：基本支出：{value}`, the generated sentence `…{a.b}万元…`).
Read backwards, each is a regular expression whose placeholders capture what the file
holds there. What Word and a clerk do to the text is tolerated, and only that:
whitespace anywhere (full-width spaces, line breaks inside a cell), full- and half-width
forms of the same punctuation and digits, a numbering that Word's list lost or retyped
(`1、` for `一、`, `（1） 、` for `（一）`), and in sentences a parenthetical remark after a
figure (`98分(详见附表2)`) or a missing final `。`. Figures are read exactly as Decimal.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from core.numbers import NumberError, parse_count, parse_number

__all__ = ["Template", "compile_template", "normalise", "strip_numbering", "numbering_of", "clean_text",
           "convert", "ConvertError", "BLANK", "is_blank", "NUMBER_KINDS", "catalog_text"]

_WS = "\u3000\u00a0\ufeff"
_SPACE = f"[\\s{_WS}]*"
_PAIRS = ["（(", "）)", "：:", "，,", "；;", "．.", "“\"”", "‘'’", "＝=", "＜<", "＞>", "％%", "－-—−", "～~",
          "／/", "！!", "？?", "【[", "】]", "·•・"] + [chr(0xFF10 + d) + str(d) for d in range(10)]
_VARIANTS = {ch: group for group in _PAIRS for ch in group}
# each mark to one form: the ASCII one where there is one
_CANONICAL = str.maketrans({ch: next((c for c in group if c.isascii()), group[0])
                            for group in _PAIRS for ch in group})
_NUMERALS = "一二三四五六七八九十百零〇"
_ORDINAL = f"[{_NUMERALS}0-9０-９]+"
_NUMBER = "[-−－]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?"
NUMBER_KINDS = ("money", "score", "count", "year", "percent")
# A numbering a clerk or Word's lost list left at the start of a paragraph or cell:
# （一） (1) （1） 、 — 一、 — 1、 1. 1． (a bare number only with its separator, and not
# the start of a figure such as 3.01亿元 or of 2024年).
_NUMBERING = re.compile(
    f"^{_SPACE}(?:[（(]{_SPACE}({_ORDINAL}){_SPACE}[）)]{_SPACE}[、.．,，]?"
    f"|([{_NUMERALS}]+){_SPACE}[、.．]"
    f"|([0-9０-９]{{1,3}}){_SPACE}(?:[、．]|\\.(?![0-9])))"
    f"{_SPACE}")
_PAREN_REMARK = f"(?:{_SPACE}[（(][^（）()]{{0,40}}[）)])?"
# What a cell holds when it is meant as empty.
BLANK = ("", "—", "－", "-", "/", "／", "——", "--")


def is_blank(text: str) -> bool:
    return normalise(text) in BLANK


_WS_RUN = re.compile(f"[\\s{_WS}]+")


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Text without whitespace, with the half-width form of each punctuation mark and digit."""
    return _WS_RUN.sub("", text).translate(_CANONICAL)


@lru_cache(maxsize=65536)
def strip_numbering(text: str) -> str:
    """`1、 部门…` → `部门…`, `（1） 、单位职能` → `单位职能`, `2024年…` unchanged."""
    match = _NUMBERING.match(text)
    return text[match.end():] if match else text


def numbering_of(text: str) -> str | None:
    match = _NUMBERING.match(text)
    return next((group for group in match.groups() if group), None) if match else None


def clean_text(text: str) -> str:
    """A text value as kept: each line stripped (full-width spaces too), outer blank lines gone."""
    lines = [line.strip(" \t\r" + _WS) for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


def catalog_text(text: str) -> str:
    """A catalog word (一级指标, 二级指标) as written in a narrow cell: `经济效\\n益指标` → 经济效益指标."""
    return "".join(ch for ch in text if not (ch.isspace() or ch in _WS))


def _flexible(literal: str, tolerant: bool) -> str:
    out = []
    for ch in literal:
        if ch.isspace() or ch in _WS:
            continue
        if tolerant and ch in "，。；,;":
            out.append(_PAREN_REMARK)
        group = _VARIANTS.get(ch)
        out.append(f"[{re.escape(group)}]" if group else re.escape(ch))
        out.append(_SPACE)
    return "".join(out)


def _placeholder(kind: str) -> str:
    if kind in ("money", "score"):
        return f"({_NUMBER})"
    if kind == "percent":
        return f"({_NUMBER}){_SPACE}[%％]?"
    if kind in ("count", "year"):
        return "([0-9０-９]+)"
    if kind == "ordinal":
        return f"({_ORDINAL})"
    return "(.*?)"


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_LEADING_NUMBER = re.compile(r"^\s*[（(]?\{(?:n|ordinal)\}[）)]?[、.．]?")


class Template(NamedTuple):
    """A compiled template: `names` in the order of the regex's groups."""

    source: str
    regex: re.Pattern[str]
    names: tuple[str, ...]
    numbered: bool  # the template starts with a numbering ({n}. / （{ordinal}）)
    literal: str  # the template's own words, normalised (to tell a label from a bare {value})

    def match(self, text: str) -> dict[str, str] | None:
        """The placeholders' text when `text` is this template filled in, else None."""
        body = strip_numbering(text) if self.numbered else text
        found = self.regex.fullmatch(body)
        return self._values(found) if found else None

    def search(self, text: str) -> tuple[int, int, dict[str, str]] | None:
        """The template filled in somewhere inside `text`: its span and placeholders."""
        found = self.regex.search(text)
        if not found:
            return None
        values = self._values(found)
        return None if values is None else (found.start(), found.end(), values)

    def _values(self, found: re.Match[str]) -> dict[str, str] | None:
        out: dict[str, str] = {}
        for name, value in zip(self.names, found.groups(), strict=True):
            value = value or ""
            if name in out and normalise(out[name]) != normalise(value):
                return None  # the same name twice with two values: not this template
            out[name] = value
        return out


@lru_cache(maxsize=4096)
def compile_template(template: str, kinds: tuple[tuple[str, str], ...] = (),
                     fixed: tuple[tuple[str, str], ...] = (), tolerant: bool = False,
                     anchored: bool = True, optional: tuple[str, ...] = ()) -> Template:
    """`kinds` say how each placeholder reads (money, percent, count, text…); `fixed`
    names whose value is known (the year) and must appear as it is. `tolerant` is for
    sentences: a parenthetical remark may precede punctuation, the final `。` may be gone."""
    kind_of = dict(kinds)
    known = dict(fixed)
    numbered = bool(_LEADING_NUMBER.match(template))
    body = _LEADING_NUMBER.sub("", template, count=1) if numbered else template
    parts = _PLACEHOLDER.split(body)
    pattern = [f"^{_SPACE}" if anchored else ""]
    names: list[str] = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            literal = part
            if tolerant and i == len(parts) - 1:
                stripped = literal.rstrip("。.；; " + _WS)
                tail = literal[len(stripped):]
                pattern.append(_flexible(stripped, tolerant))
                if tail.strip(_WS + " "):
                    pattern.append(f"(?:{_PAREN_REMARK}{_flexible(tail, False)})?")
                continue
            pattern.append(_flexible(literal, tolerant))
        elif part in known:
            pattern.append(_flexible(known[part], False))
        else:
            piece = _placeholder(kind_of.get(part, "text"))
            pattern.append((f"(?:{piece})?" if part in optional else piece) + _SPACE)
            names.append(part)
    pattern.append(f"{_SPACE}$" if anchored else "")
    literal = normalise(_PLACEHOLDER.sub("", body))
    return Template(template, re.compile("".join(pattern), re.DOTALL), tuple(names), numbered, literal)


class ConvertError(ValueError):
    """A cell's text that is not a value of the field's type; the message is Chinese."""


_DATE = re.compile(r"^(\d{4})\s*(?:年|[-/.．])\s*(\d{1,2})\s*(?:月|[-/.．])\s*(\d{1,2})\s*日?$")
_TRUE = ("是", "√", "✓", "有", "true", "yes")
_FALSE = ("否", "×", "✗", "无", "false", "no")


def _figure(text: str) -> Decimal | int:
    value = parse_number(text)
    if value == value.to_integral_value() and not re.search(r"[.．]", text):
        return int(value)
    return value


def convert(text: str, kind: str) -> Any:
    """The value a cell's text stands for, typed as the data file keeps it; None when blank.

    Raises ConvertError (Chinese) for text that is not such a value: a figure is never
    guessed, so `无` in a money cell is not read as 0.
    """
    cleaned = clean_text(text)
    if normalise(cleaned) in BLANK:
        return None
    if kind in ("money", "score", "percent"):
        compact = normalise(cleaned)
        if kind == "percent":
            compact = compact.rstrip("%")
        try:
            return _figure(compact)
        except NumberError as exc:
            raise ConvertError(f"不是数字（{exc}）") from None
    if kind in ("count", "year"):
        try:
            return parse_count(normalise(cleaned))
        except NumberError as exc:
            raise ConvertError(f"应为整数（{exc}）") from None
    if kind == "date":
        match = _DATE.match(normalise(cleaned))
        if not match:
            raise ConvertError("不是日期（应如 2025年3月31日）")
        try:
            return dt.date(*(int(group) for group in match.groups()))
        except ValueError:
            raise ConvertError("不是有效的日期") from None
    if kind == "bool":
        word = normalise(cleaned).lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise ConvertError("应为 是/否")
    return cleaned
