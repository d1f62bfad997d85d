"""The checks of rules.md: one function per kind, each declared by id in the form.

As in beancount's validation, each rule is a plain function with a stable id that
collects every finding it sees (never stopping at the first), with the location, the
figures involved and the difference. What a rule compares, its severity and its
message come from the form definition; only the mechanics live here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, NamedTuple

from core.costs import CostMismatch
from core.expr import compile_expr, names_in
from core.expr import evaluate as eval_expr
from core.findings import AssessmentResult, Finding, IndicatorResult
from core.labels import path_label, path_section
from core.numbers import fmt_money, fmt_plain, quantize2
from core.paths import get_path
from core.spec import AssessmentItem, CheckSpec, FormSpec

__all__ = ["Context", "Figures"]


class Context(NamedTuple):
    """What every rule may read: the inputs, the form and what evaluate() derived."""

    spec: FormSpec
    data: dict[str, Any]
    year: int | None
    values: dict[str, Decimal | None]
    mismatches: list[CostMismatch]
    indicators: list[IndicatorResult]
    assessment: list[AssessmentResult]
    assessment_notes: list[tuple[AssessmentItem, str]]
    sections: dict[str, bool]

    def resolve(self, name: str) -> object:
        if name.startswith("calc."):
            return self.values.get(name[5:])
        if name.startswith("form."):
            return self.spec.decimal(name[5:])
        return get_path(self.data, name)

    def number(self, expr: str) -> Decimal | None:
        value = eval_expr(compile_expr(expr), self.resolve)
        return value if isinstance(value, Decimal) else None


Figures = dict[str, str | tuple[str, str]]


def _finding(ctx: Context, check: CheckSpec, path: str, figures: Figures, *, key: str = "message",
             severity: str | None = None) -> Finding:
    """Format the form's message; `values` keep the plain figures (no % or 万元)."""
    shown: dict[str, str] = {"field": path_label(ctx.spec, ctx.data, path)}
    plain: dict[str, str] = {}
    for name, figure in figures.items():
        if isinstance(figure, tuple):
            shown[name], plain[name] = figure
        else:
            shown[name] = plain[name] = figure
    section = path_section(ctx.spec, path)
    return Finding(
        id=check.id,
        severity=severity or check.severity,
        path=path,
        message=check.text(key).format_map(_Missing(shown)),
        values=plain,
        section=section.id if section else None,
    )


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "—"


def _pct(value: Decimal | None) -> tuple[str, str]:
    if value is None:
        return ("—", "")
    text = f"{quantize2(value):f}"
    return (f"{text}%", text)


def _fig(value: Decimal | int | None, *, whole: bool = False) -> str:
    return fmt_plain(value) if whole else fmt_money(value)


def _data_path(spec: FormSpec, name: str) -> str:
    """The data key a formula name points at (calc.costs.x.y → basic_data.costs.x.y)."""
    if name.startswith("calc.costs."):
        return f"{spec.costs.path}.{name[len('calc.costs.'):]}"
    if name.startswith(("calc.", "form.")):
        return ""
    return name


# ---------------------------------------------------------------------------


def check_required(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    for path, field in ctx.spec.fields.items():
        if field.required and get_path(ctx.data, path) in (None, "", []):
            yield _finding(ctx, check, path, {}, severity=field.required)
    for table in ctx.spec.tables.values():
        required = [col for col in table.columns if col.required]
        if not required:
            continue
        rows = get_path(ctx.data, table.path)
        if not rows:
            yield _finding(ctx, check, table.path, {}, severity=required[0].required)
            continue
        for index, row in enumerate(rows):
            for col in required:
                if row.get(col.key) in (None, ""):
                    yield _finding(ctx, check, f"{table.path}[{index}].{col.key}", {}, severity=col.required)


def _tail_or_error(ctx: Context, check: CheckSpec, path: str, diff: Decimal, figures: Figures) -> Iterator[Finding]:
    if diff == 0:
        return
    figures["diff"] = fmt_money(abs(diff))
    if abs(diff) <= ctx.spec.decimal("tail_tolerance"):
        yield _finding(ctx, check, path, figures, key="tail_message", severity="warning")
    else:
        yield _finding(ctx, check, path, figures)


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


_RELATIONS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "=": lambda a, b: a == b,
}


def check_compare(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    raw = check.raw
    columns = raw.get("columns") or [None]
    for column in columns:
        def fill(text: str, column: str | None = column) -> str:
            return text.replace("{column}", column) if column else text

        left, right = ctx.number(fill(raw["left"])), ctx.number(fill(raw["right"]))
        if left is None or right is None or _RELATIONS[raw["expect"]](left, right):
            continue
        whole = all(
            isinstance(ctx.resolve(name), int) for name in names_in(compile_expr(fill(raw["left"])))
        ) and left == left.to_integral_value() and right == right.to_integral_value()
        figures: Figures = {
            "left": _fig(left, whole=whole),
            "right": _fig(right, whole=whole),
            "diff": _fig(abs(left - right), whole=whole),
        }
        if column:
            figures["column_label"] = ctx.spec.costs.column_label(column)
        for name, expr in raw.get("values", {}).items():
            computed = next((c for c in ctx.spec.computed if f"calc.{c.id}" == expr), None)
            value = ctx.number(expr)
            figures[name] = _pct(value) if computed and computed.format == "percent" else fmt_money(value)
        path = fill(raw.get("path") or _data_path(ctx.spec, fill(raw["left"]).split(" ")[0]))
        yield _finding(ctx, check, path, figures)


def check_money_range(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    maximum = ctx.spec.decimal("money_max")
    cells: list[tuple[str, str]] = []
    for path, field in ctx.spec.fields.items():
        if field.type in ("money", "count"):
            cells.append((path, field.type))
    for table in ctx.spec.tables.values():
        rows = get_path(ctx.data, table.path) or []
        for index in range(len(rows)):
            for col in table.columns:
                if col.type == "money":
                    cells.append((f"{table.path}[{index}].{col.key}", "money"))
    costs = get_path(ctx.data, ctx.spec.costs.path) or {}
    for key, row in costs.items():
        entries = row if isinstance(row, list) else [row]
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            for column, _, _ in ctx.spec.costs.columns:
                suffix = f"[{index}]" if isinstance(row, list) else ""
                cells.append((f"{ctx.spec.costs.path}.{key}{suffix}.{column}", "money"))
    for path, kind in cells:
        value = get_path(ctx.data, path)
        if value is None or isinstance(value, bool):
            continue
        if kind == "count" and value < 0:
            yield _finding(ctx, check, path, {"value": fmt_plain(value)}, key="count_message")
        elif kind == "money" and not (0 <= value < maximum):
            yield _finding(ctx, check, path, {"value": fmt_plain(value), "max": fmt_plain(maximum)})


def check_ratio_undefined(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    for computed in ctx.spec.computed:
        if computed.denominator is None or not computed.undefined_severity:
            continue
        numerator_names = [n for n in names_in(computed.expr) if n != computed.denominator_path]
        rows: list[tuple[str, Any]] = [("", None)]
        if computed.each:
            found = get_path(ctx.data, computed.each)
            rows = [(f"{computed.each}[{i}].", row) for i, row in enumerate(found or [])]
        for prefix, row in rows:
            def resolve(name: str, row: Any = row) -> object:
                return get_path(row, name[4:]) if name.startswith("row.") else ctx.resolve(name)

            denominator = eval_expr(computed.denominator, resolve)
            if isinstance(denominator, Decimal) and denominator != 0:
                continue
            if denominator is None and not any(resolve(n) is not None for n in numerator_names):
                continue  # nothing to divide: field.missing speaks for the blanks
            assert computed.denominator_path is not None
            name = computed.denominator_path
            path = prefix + name[4:] if name.startswith("row.") else _data_path(ctx.spec, name)
            yield _finding(
                ctx,
                check,
                path,
                {
                    "label": computed.label,
                    "denominator_label": path_label(ctx.spec, ctx.data, path),
                    "state": "为 0" if denominator is not None else "未填",
                },
                severity=computed.undefined_severity,
            )


def check_parent_parts(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    for mismatch in ctx.mismatches:
        path = f"{ctx.spec.costs.path}.{mismatch.row.key}.{mismatch.column}"
        figures: Figures = {
            "row": mismatch.row.label,
            "column": ctx.spec.costs.column_label(mismatch.column),
            "stored": fmt_money(mismatch.stored),
            "sum": fmt_money(mismatch.parts_sum),
        }
        yield from _tail_or_error(ctx, check, path, mismatch.stored - mismatch.parts_sum, figures)
