"""What every check reads, and the one way a check turns figures into a finding.

A check sees the inputs, the form and what evaluate() derived (`Context`); it names
values the way the form's formulas do (`resolver`: `calc.*` computed, `form.*` the
profile, `row.*` the current row, anything else a data key). Every finding is made
by `finding()`, which formats the form's message, names the field in the form's own
words and keeps the plain figures, so no check formats a message its own way.
"""


from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

from core.findings import AssessmentResult, Finding, IndicatorResult
from core.form import AssessmentItem, CheckSpec, FormSpec
from core.form.expr import compile_expr
from core.form.expr import evaluate as eval_expr
from core.grids import GridMismatch
from core.labels import path_label, path_section
from core.numbers import fmt_money, fmt_percent, fmt_plain
from core.paths import get_path

__all__ = ["Context", "Figures", "finding", "resolver", "percent_figure", "money_figure", "data_path"]


def resolver(spec: FormSpec, data: dict[str, Any], values: dict[str, Decimal | None],
             row: Any = None) -> Callable[[str], object]:
    """How formulas read names: calc.* computed, form.* profile, row.* the current row."""

    def resolve(name: str) -> object:
        if name.startswith("calc."):
            return values.get(name[5:])
        if name.startswith("form."):
            return spec.decimal(name[5:])
        if name.startswith("row.") and row is not None:
            return get_path(row, name[4:])
        return get_path(data, name)

    return resolve


class Context(NamedTuple):
    """What every rule may read: the inputs, the form and what evaluate() derived."""

    spec: FormSpec
    data: dict[str, Any]
    year: int | None
    values: dict[str, Decimal | None]
    mismatches: list[GridMismatch]
    indicators: list[IndicatorResult]
    assessment: list[AssessmentResult]
    assessment_notes: list[tuple[AssessmentItem, str]]
    sections: dict[str, bool]
    total: Decimal | None = None  # the 总分 (exact), for the checks on it
    grade_withheld: str | None = None  # why the 总分 has no grade (core.scoring.grades)

    def resolve(self, name: str) -> object:
        """As resolver(spec, data, values) reads a name, without making one per name."""
        if name.startswith("calc."):
            return self.values.get(name[5:])
        if name.startswith("form."):
            return self.spec.decimal(name[5:])
        return get_path(self.data, name)

    def number(self, expr: str) -> Decimal | None:
        value = eval_expr(compile_expr(expr), self.resolve)
        return value if isinstance(value, Decimal) else None


Figures = dict[str, str | tuple[str, str] | tuple[str, None]]


def finding(ctx: Context, check: CheckSpec, path: str, figures: Figures, *, key: str = "message",
            severity: str | None = None) -> Finding:
    """Format the form's message; `values` keep the plain figures (no % or 万元).

    A figure given as (shown, plain) prints as `shown` and is kept as `plain`; as
    (shown, None) it is words for the message only (a label, the arithmetic of a sum).
    """
    shown = _Missing(field=path_label(ctx.spec, ctx.data, path))
    plain: dict[str, str] = {}
    for name, figure in figures.items():
        if isinstance(figure, tuple):
            shown[name] = figure[0]
            if figure[1] is not None:
                plain[name] = figure[1]
        else:
            shown[name] = plain[name] = figure
    section = path_section(ctx.spec, path)
    return Finding(
        id=check.id,
        severity=severity or check.severity,
        path=path,
        message=check.text(key).format_map(shown),
        values=plain,
        section=section.id if section else None,
    )


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "—"


def percent_figure(value: Decimal | None) -> tuple[str, str]:
    """A rate as a message shows it (`87.50%`) and as `values` keep it (`87.50`)."""
    if value is None:
        return ("—", "")
    text = fmt_percent(value)
    return (text, text.removesuffix("%"))


def money_figure(value: Decimal | int | None, *, whole: bool = False) -> str:
    """An amount with two decimals; a head count as the integer it is."""
    return fmt_plain(value) if whole else fmt_money(value)


def data_path(spec: FormSpec, name: str) -> str:
    """The data key a formula name points at (calc.<grid>.row.col → the grid's path.row.col)."""
    if name.startswith("calc."):
        grid_id, _, rest = name[5:].partition(".")
        grid = spec.grids.get(grid_id)
        return f"{grid.path}.{rest}" if grid is not None and rest else ""
    if name.startswith("form."):
        return ""
    return name
