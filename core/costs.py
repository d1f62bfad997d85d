"""附件1 经费控制情况: each row's value per column, parents derived from their parts.

Real reports often give only a parent (项目支出 1025.20 with every part blank), the
reference gives only parts; both must read the same. A parent is its stored value
when stored, otherwise the sum of the parts that are given; when both are given they
must agree (costs.parent_parts, with the 尾差 allowance).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from core.form import CostRow, FormSpec
from core.numbers import figure
from core.paths import get_path

__all__ = ["CostMismatch", "cost_values"]


class CostMismatch(NamedTuple):
    row: CostRow
    column: str
    stored: Decimal
    parts_sum: Decimal


def cost_values(
    spec: FormSpec, data: dict[str, Any]
) -> tuple[dict[str, Decimal | None], list[CostMismatch]]:
    """Values keyed `costs.<row>.<column>` (and `costs.<table>.<column>` for row tables)."""
    costs = get_path(data, spec.costs.path)
    costs = costs if isinstance(costs, dict) else {}
    columns = [key for key, _, _ in spec.costs.columns]
    values: dict[str, Decimal | None] = {}
    mismatches: list[CostMismatch] = []
    by_key = {row.key: row for row in spec.costs.rows if row.key}

    def table_sum(table: str, column: str) -> Decimal | None:
        rows = costs.get(table)
        if not isinstance(rows, list):
            return None
        given = [figure(row.get(column)) for row in rows if isinstance(row, dict)]
        numbers = [value for value in given if value is not None]
        return sum(numbers, Decimal(0)) if numbers else None

    def effective(key: str, column: str) -> Decimal | None:
        cache_key = f"costs.{key}.{column}"
        if cache_key in values:
            return values[cache_key]
        row = by_key.get(key)
        stored_row = costs.get(key)
        stored = figure(stored_row.get(column)) if isinstance(stored_row, dict) else None
        result = stored
        if row is not None and (row.parts or row.sum_tables):
            parts = [effective(part, column) for part in row.parts]
            parts += [table_sum(table, column) for table in row.sum_tables]
            given = [part for part in parts if part is not None]
            if given:
                parts_sum = sum(given, Decimal(0))
                if stored is None:
                    result = parts_sum
                elif stored != parts_sum:
                    mismatches.append(CostMismatch(row, column, stored, parts_sum))
        values[cache_key] = result
        return result

    for row in spec.costs.rows:
        for column in columns:
            if row.key:
                effective(row.key, column)
            elif row.table:
                values[f"costs.{row.table}.{column}"] = table_sum(row.table, column)
    return values, mismatches
