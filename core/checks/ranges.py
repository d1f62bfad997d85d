"""Believable amounts: money is never negative nor 10⁸ 万元 or more; counts are whole, ≥ 0 and below it too.

A type check at load time only knows a figure is a number; a `-5` or a `1E+30` typed
by mistake loads fine and would silently skew every sum, so each amount of the form
(fields, list columns, grid cells) is checked against the profile's `money_max`.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from core.checks.context import Context, Figures, finding
from core.findings import Finding
from core.form import CheckSpec, ColumnSpec, FormSpec, ListSpec
from core.form.memo import per_form
from core.numbers import fmt_plain
from core.paths import get_path

__all__ = ["check_money_range", "check_bounds"]


def _simple(key: object) -> bool:
    """A key that is one path segment as written (so `table.key` names it directly)."""
    return isinstance(key, str) and key != "" and "." not in key and "[" not in key and "]" not in key


def _amount_fields(spec: FormSpec) -> list[tuple[str, str]]:
    """The form's money and count fields, (path, type) in form order."""
    return [(path, field.type) for path, field in spec.fields.items() if field.type in ("money", "count")]


def _money_columns(spec: FormSpec) -> list[tuple[str, list[str]]]:
    """Each list with a money column: (its path, those columns' keys), in form order."""
    found = [(table.path, [col.key for col in table.columns if col.type == "money"]) for table in spec.lists.values()]
    return [(path, keys) for path, keys in found if keys]


def _flagged(value: Any, kind: str, maximum: Decimal) -> bool:
    """Whether an amount is said: the comparisons are those check_money_range always made, in
    the same order (a value that cannot be compared fails on the same one)."""
    if isinstance(value, bool):
        return False
    if kind == "count":
        return bool(value < 0 or value >= maximum)
    return not (0 <= value < maximum)


def _amounts(ctx: Context, maximum: Decimal) -> Iterator[tuple[tuple[Any, ...], Any, str]]:
    """(its path as a format and its parts, the value, money or count) for every amount that
    is out of range, in the form's order: fields, list columns, stored grid cells. Values
    are read straight from the rows (a path string per cell, parsed again, cost most of
    the check) and judged where read; the path is written only for a finding; a key
    that is not one segment is read through its full path, as it always was."""
    data = ctx.data
    spec = ctx.spec
    for path, kind in per_form(spec, "money.range fields", _amount_fields):
        if (value := get_path(data, path)) is not None and _flagged(value, kind, maximum):
            yield ("{}", path), value, kind
    for table_path, keys in per_form(spec, "money.range columns", _money_columns):
        rows = get_path(data, table_path) or []
        if not isinstance(rows, list):
            continue  # no rows (a loaded report's rows are a list)
        for index, row in enumerate(rows):
            for key in keys:
                if (value := get_path(row, key)) is not None and _flagged(value, "money", maximum):
                    yield ("{}[{}].{}", table_path, index, key), value, "money"
    for grid in spec.grids.values():
        stored = get_path(data, grid.path) or {}
        columns = grid.column_keys
        direct = all(_simple(column) for column in columns)
        for key, row in stored.items():
            entries = row if isinstance(row, list) else [row]
            for index, entry in enumerate(entries):
                if not isinstance(entry, dict):
                    continue
                suffix = f"[{index}]" if isinstance(row, list) else ""
                read = direct and _simple(key)
                for column in columns:
                    where = ("{}.{}{}.{}", grid.path, key, suffix, column)
                    value = entry.get(column) if read else get_path(data, _path(where))
                    if value is not None and _flagged(value, "money", maximum):
                        yield where, value, "money"


def _path(where: tuple[Any, ...]) -> str:
    return str(where[0]).format(*where[1:])


def check_money_range(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    maximum = ctx.spec.decimal("money_max")
    for where, value, kind in _amounts(ctx, maximum):
        if kind == "count" and value < 0:
            yield finding(ctx, check, _path(where), {"value": fmt_plain(value)}, key="count_message")
        elif kind == "count" and value >= maximum:  # a head count of 10^400 is a typo
            yield finding(ctx, check, _path(where), {"value": fmt_plain(value), "max": fmt_plain(maximum)},
                          key="count_max_message")
        elif kind == "money" and not (0 <= value < maximum):
            yield finding(ctx, check, _path(where), {"value": fmt_plain(value), "max": fmt_plain(maximum)})


def _number(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return None
    return Decimal(value)


def _outside(value: Decimal, low: Decimal | None, high: Decimal | None) -> bool:
    return (low is not None and value < low) or (high is not None and value > high)


def _bounded(spec: FormSpec) -> tuple[list[tuple[str, Decimal | None, Decimal | None]],
                                      list[tuple[ListSpec, list[ColumnSpec]]]]:
    """The form's bounded fields (path, min, max) and each list with bounded columns, in form order."""
    fields = [(path, field.min, field.max) for path, field in spec.fields.items()
              if field.min is not None or field.max is not None]
    found = [(table, [col for col in table.columns if col.min is not None or col.max is not None])
             for table in spec.lists.values()]
    return fields, [(table, columns) for table, columns in found if columns]


def check_bounds(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    """Every field and list column with `min` or `max` in the form lies within them.

    The form bounds a figure where the paper form does (年度 2000–2100, 附件5 scores up
    to their maximum, an indicator's 分值 up to 100). A value outside loads fine (it has
    the right type) and would print a year -5 on the cover or be clamped silently in
    附件5, so each is said, with the bounds; `min_message` and `max_message` serve a
    field bounded on one side only.
    """
    bounded, lists = per_form(ctx.spec, "bounds", _bounded)
    for table, columns in lists:
        rows = get_path(ctx.data, table.path)
        for index, row in enumerate(rows if isinstance(rows, list) else []):
            if not isinstance(row, dict):
                continue
            for col in columns:
                value = _number(row.get(col.key))
                if value is not None and _outside(value, col.min, col.max):
                    yield _bounds_finding(ctx, check, f"{table.path}[{index}].{col.key}", value, col.min, col.max)
    for path, low, high in bounded:
        value = _number(get_path(ctx.data, path))
        if value is not None and _outside(value, low, high):
            yield _bounds_finding(ctx, check, path, value, low, high)


def _bounds_finding(ctx: Context, check: CheckSpec, path: str, value: Decimal,
                    low: Decimal | None, high: Decimal | None) -> Finding:
    key = "message" if low is not None and high is not None else "min_message" if low is not None else "max_message"
    figures: Figures = {"value": fmt_plain(value)}
    if low is not None:
        figures["min"] = fmt_plain(low)
    if high is not None:
        figures["max"] = fmt_plain(high)
    return finding(ctx, check, path, figures, key=key)
