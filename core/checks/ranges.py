"""Believable amounts: money is never negative nor 10⁸ 万元 or more; counts are whole and ≥ 0.

A type check at load time only knows a figure is a number; a `-5` or a `1E+30` typed
by mistake loads fine and would silently skew every sum, so each amount of the form
(fields, list columns, grid cells) is checked against the profile's `money_max`.
"""

from __future__ import annotations

from collections.abc import Iterator

from core.checks.context import Context, finding
from core.findings import Finding
from core.form import CheckSpec
from core.numbers import fmt_plain
from core.paths import get_path

__all__ = ["check_money_range"]


def check_money_range(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    maximum = ctx.spec.decimal("money_max")
    cells: list[tuple[str, str]] = []
    for path, field in ctx.spec.fields.items():
        if field.type in ("money", "count"):
            cells.append((path, field.type))
    for table in ctx.spec.lists.values():
        rows = get_path(ctx.data, table.path) or []
        for index in range(len(rows)):
            for col in table.columns:
                if col.type == "money":
                    cells.append((f"{table.path}[{index}].{col.key}", "money"))
    for grid in ctx.spec.grids.values():
        stored = get_path(ctx.data, grid.path) or {}
        for key, row in stored.items():
            entries = row if isinstance(row, list) else [row]
            for index, entry in enumerate(entries):
                if not isinstance(entry, dict):
                    continue
                suffix = f"[{index}]" if isinstance(row, list) else ""
                cells.extend((f"{grid.path}.{key}{suffix}.{column}", "money") for column in grid.column_keys)
    for path, kind in cells:
        value = get_path(ctx.data, path)
        if value is None or isinstance(value, bool):
            continue
        if kind == "count" and value < 0:
            yield finding(ctx, check, path, {"value": fmt_plain(value)}, key="count_message")
        elif kind == "money" and not (0 <= value < maximum):
            yield finding(ctx, check, path, {"value": fmt_plain(value), "max": fmt_plain(maximum)})
