"""Sums: a stated total equals the sum of its parts, with the 尾差 allowance.

Reports restate totals everywhere (全年预算数 = 基本支出 + 项目支出, 人员经费 + 公用经费 =
基本支出, a parent row of 附件1 = its parts). Figures are typed to two decimals, so a
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
    labels = " + ".join(ctx.spec.fields[p].label if p in ctx.spec.fields else p for p, _ in given)
    figures: Figures = {
        "total": fmt_money(total),
        "sum": fmt_money(parts_sum),
        "total_label": ctx.spec.fields[raw["total"]].label if raw["total"] in ctx.spec.fields else raw["total"],
        "parts_labels": labels,
    }
    path = raw.get("path", raw["parts"][0] if len(raw["parts"]) else raw["total"])
    yield from _tail_or_error(ctx, check, path, total - parts_sum, figures)


def check_parent_parts(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    for mismatch in ctx.mismatches:
        path = f"{mismatch.grid.path}.{mismatch.row.key}.{mismatch.column}"
        figures: Figures = {
            "row": mismatch.row.label,
            "column": mismatch.grid.column_label(mismatch.column),
            "stored": fmt_money(mismatch.stored),
            "sum": fmt_money(mismatch.parts_sum),
        }
        yield from _tail_or_error(ctx, check, path, mismatch.stored - mismatch.parts_sum, figures)
