"""The form language's own checks: a form with a mistake is refused when it loads, with its line.

A misspelt key (`requried`), a formula naming a field that does not exist
(`total = "a.totl"`, which would silently never fire), a string where a number
belongs (`max = "10"`), a section naming an unknown list, a layout cell naming an
unknown value: each is an error naming the file, the line and the key, before any
report is checked against the form. `jixiao form check FILE` runs the same lint.
The language itself (which keys each table takes) is declared here; core.form.names
says which names a formula, a template or a layout cell may use.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any, NamedTuple

from core.form.errors import FormError
from core.form.locate import Address, locate

__all__ = ["LintError", "FormError", "lint", "SCHEMA"]


class LintError(NamedTuple):
    address: Address
    message: str


# type codes: s text · n number · i integer · b boolean · [s] array of text · {s} table of text
# · [[x]] array of tables described by schema x · {x} table of tables (any key) of schema x
_FIELD = {"label": "s!", "type": "s", "unit": "s", "required": "s", "min": "n", "max": "n", "help": "s"}
_COLUMN = {"key": "s!", "label": "s!", "type": "s", "unit": "s", "required": "s", "min": "n", "max": "n",
           "catalog": "s"}
_LIST = {"path": "s", "label": "s!", "row_label": "s", "row_name": "s", "row_group": "s", "columns": "[[column]]"}
_GRID_ROW = {"label": "s!", "key": "s", "list": "s", "indent": "i", "parts": "[s]", "sum_lists": "[s]",
             "empty_is_zero": "b"}
_GRID = {"path": "s!", "label": "s!", "unit": "s", "carry": "{s}", "columns": "[[grid_column]]",
         "rows": "[[grid_row]]"}
_GRID_COLUMN = {"key": "s!", "label": "s!", "heading": "s"}
_COMPUTED = {"id": "s!", "label": "s!", "expr": "s!", "denominator": "s", "undefined_severity": "s",
             "format": "s", "each": "s"}
_CHECK = {"id": "s!", "kind": "s!", "severity": "s", "message": "s", "total": "s", "parts": "[s]",
          "path": "s", "partial": "b", "tail_message": "s", "left": "s", "right": "s", "expect": "s",
          "values": "{s}", "grid_columns": "s", "count_message": "s", "fields": "[s]", "pairs": "[[s]]",
          "negative_message": "s", "total_message": "s", "moved_message": "s", "level1_message": "s",
          "level2_message": "s", "name_message": "s", "count_max_message": "s", "min_message": "s",
          "max_message": "s", "drop_prefixes": "[s]",
          "weight_message": "s"}
_SUBSECTION = {"label": "s", "field": "s", "templates": "[s]", "numbering": "s", "amount": "s",
               "zero_template": "s"}
_SECTION = {"id": "s!", "label": "s!", "nav": "s", "kind": "s", "number": "s", "attachment": "s", "title": "s",
            "fields": "[s]", "required": "[s]", "derived": "[s]", "subsections": "[[subsection]]", "list": "s",
            "lists": "[s]", "grids": "[s]", "generated": "b", "note": "s", "record": "s"}
_ASSESSMENT = {"id": "s!", "group": "s", "item": "s!", "max": "n!", "kind": "s!", "input": "s", "per": "n",
               "due": "s", "submitted": "s", "sections": "[s]", "bands": "[[n]]"}
_CELL = {"text": "s", "field": "s", "value": "s", "grid": "s", "span": "i", "rows": "i|s", "format": "s",
         "style": "s", "align": "s", "indent": "i", "numbering": "s"}
_ROW = {"cells": "[[cell]]", "repeat": "s", "merge": "[s]", "number_from": "i", "empty_rows": "i", "header": "b"}
_TABLE = {"id": "s!", "heading": "s", "title": "s", "sheet": "s", "section": "s", "widths": "[n]!",
          "rows": "[[row]]", "orientation": "s", "format": "s", "after": "[s]", "list_name": "s"}
_GRADE = {"min": "n!", "grade": "s!"}
_LEVEL1 = {"name": "s!", "short": "s", "weight": "n!", "level2": "[s]"}
_BAND = {"words": "s!", "low": "n!", "high": "n!", "high_open": "b", "met": "b"}
_PROFILE = {"grades": "[[grade]]", "level1": "[[level1]]", "qualitative_bands": "[[band]]", "*": "any"}

SCHEMA: dict[str, dict[str, str]] = {
    "form": {"id": "s!", "name": "s", "schema": "i", "title": "s", "default": "b", "sample": "s",
             "roles": "{s}", "scoring": "scoring", "new_year": "new_year", "profile": "profile",
             "fields": "{field}", "lists": "{list}", "grids": "{grid}", "computed": "[[computed]]",
             "checks": "[[check]]", "sections": "[[section]]!", "templates": "{s}", "assessment": "[[assessment]]",
             "attachments": "{[s]}", "words": "{s}", "document": "document", "tables": "[[table]]"},
    "field": _FIELD, "column": _COLUMN, "list": _LIST, "grid": _GRID, "grid_row": _GRID_ROW,
    "grid_column": _GRID_COLUMN, "computed": _COMPUTED, "check": _CHECK, "subsection": _SUBSECTION,
    "section": _SECTION, "assessment": _ASSESSMENT, "cell": _CELL, "row": _ROW, "table": _TABLE,
    "grade": _GRADE, "level1": _LEVEL1, "band": _BAND, "profile": _PROFILE,
    "scoring": {"list": "s", "base": "s", "base_weight": "s", "full": "s", "equal_target": "s", "reverse": "s",
                "reverse_zero_at": "n", "tolerance": "n", "satisfaction": "s", "satisfaction_to": "[s]",
                "withhold_grade": "b"},
    "new_year": {"carry": "[s]"},
    "document": {"title": "b", "attachments_label": "s", "attachment_item": "s", "signoff": "[s]",
                 "title_breaks": "[s]"},
}

ENUMS: dict[str, tuple[str, ...]] = {
    "field.type": ("text", "textlist", "money", "count", "score", "date", "bool", "year"),
    "column.type": ("text", "money", "count", "score", "date", "bool"),
    "field.required": ("error", "warning"), "column.required": ("error", "warning"),
    "computed.format": ("money", "percent", "score", "count"),
    "computed.undefined_severity": ("error", "warning", "info"),
    "check.severity": ("error", "warning", "info"),
    "check.expect": ("<", "<=", "=", ">=", ">"),
    "section.kind": ("fields", "text", "records", "indicators", "assessment"),
    "assessment.kind": ("bool", "deduct", "workdays_late", "sections_absent", "attachments_empty",
                        "weights_match", "levels_named", "input"),
    "cell.style": ("cell", "head"), "cell.align": ("left", "center", "right"),
    "cell.format": ("plain", "fixed", "percent", "percent_fixed", "count"),
    "table.format": ("plain", "fixed", "percent", "percent_fixed", "count"),
    "table.orientation": ("portrait", "landscape"),
    "column.catalog": ("level1", "level2"),
    "scoring.equal_target": ("at_least", "exact"),
    "scoring.reverse": ("ratio", "linear"),
}

_NAMES = {"s": "文字", "n": "数字", "i": "整数", "b": "true/false", "[s]": "文字数组", "[n]": "数字数组",
          "{s}": "文字表", "[[n]]": "数字数组的数组", "[[s]]": "文字数组的数组", "{[s]}": "文字数组表"}


def _is(value: Any, code: str) -> bool:
    if code == "any":
        return True
    if code == "i|s":
        return _is(value, "i") or _is(value, "s")
    if code == "s":
        return isinstance(value, str)
    if code == "b":
        return isinstance(value, bool)
    if code == "i":
        return isinstance(value, int) and not isinstance(value, bool)
    if code == "n":
        return (isinstance(value, (int, Decimal)) and not isinstance(value, bool)) or isinstance(value, float)
    if code.startswith("[[") and code.endswith("]]") and code[2:-2] in ("s", "n"):
        return isinstance(value, list) and all(_is(item, f"[{code[2:-2]}]") for item in value)
    if code.startswith("[") and code.endswith("]") and not code.startswith("[["):
        return isinstance(value, list) and all(_is(item, code[1:-1]) for item in value)
    if code.startswith("{") and code.endswith("}") and code[1:-1] in ("s", "[s]"):
        return isinstance(value, dict) and all(_is(item, code[1:-1]) for item in value.values())
    return True


def _shape(value: Any, schema: str, address: Address, kind: str) -> Iterator[LintError]:
    """Every key of a table is known, has the right type and the required ones are there."""
    keys = SCHEMA[schema]
    if not isinstance(value, dict):
        yield LintError(address, f"应为表（{kind}）")
        return
    for key, code in keys.items():
        if code.endswith("!") and key not in value:
            yield LintError(address, f"缺少必需的键 {key}")
    for key, item in value.items():
        where = (*address, key)
        declared = keys.get(key, keys.get("*"))
        if declared is None:
            known = "、".join(k for k in keys if k != "*")
            yield LintError(where, f"未知的键 {key}（{kind} 可用的键：{known}）")
            continue
        code = declared.rstrip("!")
        if code.startswith("[[") and code.endswith("]]") and code[2:-2] in SCHEMA:
            if not isinstance(item, list):
                yield LintError(where, "应为表数组")
                continue
            for index, element in enumerate(item):
                yield from _shape(element, code[2:-2], (*where, index), code[2:-2])
        elif code.startswith("{") and code.endswith("}") and code[1:-1] in SCHEMA:
            if not isinstance(item, dict):
                yield LintError(where, "应为表")
                continue
            for name, element in item.items():
                yield from _shape(element, code[1:-1], (*where, name), code[1:-1])
        elif code in SCHEMA:
            yield from _shape(item, code, where, code)
        elif not _is(item, code):
            yield LintError(where, f"应为{_NAMES.get(code, code)}，文件中是 {item!r}")
        else:
            allowed = ENUMS.get(f"{schema}.{key}")
            if allowed and isinstance(item, str) and item not in allowed:
                yield LintError(where, f"“{item}”不是可用的值（可用：{'、'.join(allowed)}）")


def _place(address: Address) -> str:
    out = ""
    for part in address:
        text = f'"{part}"' if isinstance(part, str) and "." in part else str(part)
        out += f"[{part}]" if isinstance(part, int) else (("." if out else "") + text)
    return out


def lint(raw: dict[str, Any], text: str, name: str) -> list[str]:
    """Every mistake of a form, as `FILE 第 N 行：key：reason` messages (empty when it is good)."""
    from core.form.names import unresolved

    errors = list(_shape(raw, "form", (), "表单"))
    if not errors:
        errors = list(unresolved(raw))
    return [f"{name} 第 {locate(text, error.address)} 行：{_place(error.address) or '（文件）'}：{error.message}"
            for error in errors]
