"""Rates that cannot be computed: a denominator that is 0 or blank.

A rate shown as 0% or 100% when its denominator is missing would be a lie; core
shows `—` and this check says why, with the severity the form gives each rate (an
error where a score depends on it, as 预算执行率 does).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from core.checks.context import Context, data_path, finding
from core.findings import Finding
from core.form import CheckSpec
from core.form.expr import evaluate as eval_expr
from core.form.expr import names_in
from core.labels import path_label
from core.paths import get_path

__all__ = ["check_ratio_undefined"]


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
            path = prefix + name[4:] if name.startswith("row.") else data_path(ctx.spec, name)
            yield finding(
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
