"""Sums: a stated total equals the sum of its parts, with the 尾差 allowance.

Reports restate totals everywhere (a budget and its two kinds of spending, a kind of
spending and its two parts, a parent row of a table and its rows; the form's [[checks]]
of kind `sum` name them). Figures are typed to two decimals, so a
total may differ from its parts by a rounding tail: at most the profile's
`tail_tolerance` (0.01 万元) is a warning (尾差), more is an error. The message names
every part with its figure, so a reviewer sees which part to suspect.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from core.checks.context import Context, Figures, finding
from core.findings import Finding
from core.form import CheckSpec
from core.grids import GridMismatch
from core.labels import path_label
from core.numbers import fmt_money

__all__ = ["check_sum", "check_parent_parts"]


def _tail_or_error(ctx: Context, check: CheckSpec, path: str, diff: Decimal, figures: Figures) -> Iterator[Finding]:
    if diff == 0:
        return
    figures["diff"] = fmt_money(abs(diff))
    if abs(diff) <= ctx.spec.decimal("tail_tolerance"):
        yield finding(ctx, check, path, figures, key="tail_message", severity="warning")
    else:
        yield finding(ctx, check, path, figures)


def _part_label(ctx: Context, path: str) -> str:
    """A part as the form names it beside its figure: the field's own label (基本支出),
    or its label in the form's words for a key that is no field."""
    return ctx.spec.fields[path].label if path in ctx.spec.fields else path_label(ctx.spec, ctx.data, path)


def _arithmetic(parts: list[tuple[str, Decimal]]) -> tuple[str, None]:
    """`基本支出 175.10 + 项目支出 20.62`: every part with its figure, shown only (the
    figures themselves are in `values` by key)."""
    return (" + ".join(f"{label} {fmt_money(value)}" for label, value in parts), None)


def check_sum(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    raw = check.raw
    total = ctx.number(raw["total"])
    parts = [(path, ctx.number(path)) for path in raw["parts"]]
    given = [(path, value) for path, value in parts if value is not None]
    if total is None or not given:
        return
    if not raw.get("partial", False) and len(given) < len(parts):
        return  # a missing part is field.missing's to report
    parts_sum = sum((value for _, value in given), Decimal(0))
    if total == parts_sum:
        return  # the usual case: no finding, so no message to put together
    figures: Figures = {
        "total": fmt_money(total),
        "sum": fmt_money(parts_sum),
        "total_label": (_part_label(ctx, raw["total"]), None),
        "parts_labels": (" + ".join(_part_label(ctx, p) for p, _ in given), None),
        "parts": _arithmetic([(_part_label(ctx, p), value) for p, value in given]),
        **{path: fmt_money(value) for path, value in given},
    }
    path = raw.get("path", raw["parts"][0] if len(raw["parts"]) else raw["total"])
    yield from _tail_or_error(ctx, check, path, total - parts_sum, figures)


def _grid_parts(ctx: Context, mismatch: GridMismatch, drop: tuple[str, ...]) -> list[tuple[str, Decimal]]:
    """The given parts of a parent row in one column, each with its row's label."""
    grid, row, column = mismatch.grid, mismatch.row, mismatch.column
    found: list[tuple[str, Decimal]] = []
    for part in row.parts:
        value = ctx.values.get(f"{grid.id}.{part}.{column}")
        part_row = grid.row(part)
        if value is not None:
            found.append((_trim(part_row.label if part_row else part, drop), value))
    for list_id in row.sum_lists:
        value = ctx.values.get(f"{grid.id}.{list_id}.{column}")
        list_row = next((r for r in grid.rows if r.list_id == list_id), None)
        if value is not None:
            found.append((_trim(list_row.label if list_row else list_id, drop), value))
    return found


def _trim(label: str, drop: tuple[str, ...]) -> str:
    for prefix in drop:
        label = label.removeprefix(prefix)
    return label


def check_parent_parts(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    """A stored parent row of a grid equals the sum of its given parts (`drop_prefixes`:
    words of a row label that read wrong inside a sum, such as 其中：)."""
    drop = tuple(str(word) for word in check.raw.get("drop_prefixes", ()))
    for mismatch in ctx.mismatches:
        path = f"{mismatch.grid.path}.{mismatch.row.key}.{mismatch.column}"
        parts = _grid_parts(ctx, mismatch, drop)
        figures: Figures = {
            "row": (mismatch.row.label, None),
            "column": (mismatch.grid.column_label(mismatch.column), None),
            "stored": fmt_money(mismatch.stored),
            "sum": fmt_money(mismatch.parts_sum),
            "parts": _arithmetic(parts),
        }
        yield from _tail_or_error(ctx, check, path, mismatch.stored - mismatch.parts_sum, figures)
