"""Comparisons: one figure against another (`expect` = <, <=, =, >=, >), per column if asked.

Cross-checks between the 正文 and the attachments (公用经费 in 二 = 附件1's 决算数),
limits (执行数 ≤ 预算数, 实际在职人数 ≤ 编制数) and subsets (办公经费 + … ≤ 公用经费) are all
the same rule: two of the form's formulas and the relation that must hold. The
message gives both figures and the difference; `values` may add derived rates.
"""

from __future__ import annotations

from collections.abc import Iterator

from core.checks.context import Context, Figures, data_path, finding, money_figure, percent_figure
from core.findings import Finding
from core.form import CheckSpec
from core.form.expr import compile_expr, names_in
from core.numbers import fmt_money, holds

__all__ = ["check_compare"]


def check_compare(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    raw = check.raw
    grid = ctx.spec.grids.get(raw["grid_columns"]) if "grid_columns" in raw else None
    columns: list[str | None] = list(grid.column_keys) if grid is not None else [None]
    for column in columns:
        def fill(text: str, column: str | None = column) -> str:
            return text.replace("{column}", column) if column else text

        left, right = ctx.number(fill(raw["left"])), ctx.number(fill(raw["right"]))
        if left is None or right is None or holds(raw["expect"], left, right):
            continue
        whole = all(
            isinstance(ctx.resolve(name), int) for name in names_in(compile_expr(fill(raw["left"])))
        ) and left == left.to_integral_value() and right == right.to_integral_value()
        figures: Figures = {
            "left": money_figure(left, whole=whole),
            "right": money_figure(right, whole=whole),
            "diff": money_figure(abs(left - right), whole=whole),
        }
        if grid is not None and column:
            figures["column_label"] = grid.column_label(column)
        for name, expr in raw.get("values", {}).items():
            computed = next((c for c in ctx.spec.computed if f"calc.{c.id}" == expr), None)
            value = ctx.number(expr)
            figures[name] = percent_figure(value) if computed and computed.format == "percent" else fmt_money(value)
        path = fill(raw.get("path") or data_path(ctx.spec, fill(raw["left"]).split(" ")[0]))
        yield finding(ctx, check, path, figures)
