"""Grids (附件1 经费控制情况, 项目资金): each row's value per column, parents derived from their parts.

Real reports often give only a parent (项目支出 1025.20 with every part blank), the
reference gives only parts; both must read the same. A parent is its stored value
when stored, otherwise the sum of the parts that are given; when both are given they
must agree (check kind grid.parent_parts, with the 尾差 allowance).
"""


from decimal import Decimal
from typing import Any, NamedTuple

from core.form import FormSpec, GridRow, GridSpec
from core.numbers import figure
from core.paths import get_path

__all__ = ["GridMismatch", "grid_values"]


_UNKNOWN = object()  # not worked out yet (None is a value: an empty cell)


class GridMismatch(NamedTuple):
    grid: GridSpec
    row: GridRow
    column: str
    stored: Decimal
    parts_sum: Decimal


def grid_values(spec: FormSpec, data: dict[str, Any]) -> tuple[dict[str, Decimal | None], list[GridMismatch]]:
    """Values keyed `<grid>.<row>.<column>` (and `<grid>.<list>.<column>` for named rows)."""
    values: dict[str, Decimal | None] = {}
    mismatches: list[GridMismatch] = []
    for grid in spec.grids.values():
        _one_grid(grid, data, values, mismatches)
    return values, mismatches


def _one_grid(grid: GridSpec, data: dict[str, Any], values: dict[str, Decimal | None],
              mismatches: list[GridMismatch]) -> None:
    stored_rows = get_path(data, grid.path)
    stored_rows = stored_rows if isinstance(stored_rows, dict) else {}
    by_key = {row.key: row for row in grid.rows if row.key}

    def list_sum(list_id: str, column: str) -> Decimal | None:
        rows = stored_rows.get(list_id)
        if not isinstance(rows, list):
            return None
        numbers = [value for row in rows if isinstance(row, dict) if (value := figure(row.get(column))) is not None]
        return sum(numbers, Decimal(0)) if numbers else None

    def effective(key: str, column: str) -> Decimal | None:
        cache_key = f"{grid.id}.{key}.{column}"
        known = values.get(cache_key, _UNKNOWN)
        if known is not _UNKNOWN:
            return known  # type: ignore[return-value]  # a value stored below
        row = by_key.get(key)
        stored_row = stored_rows.get(key)
        stored = figure(stored_row.get(column)) if isinstance(stored_row, dict) else None
        result = stored
        if row is not None and (row.parts or row.sum_lists):
            parts = [effective(part, column) for part in row.parts]
            parts += [list_sum(list_id, column) for list_id in row.sum_lists]
            given = [part for part in parts if part is not None]
            if given:
                parts_sum = sum(given, Decimal(0))
                if stored is None:
                    result = parts_sum
                elif stored != parts_sum:
                    mismatches.append(GridMismatch(grid, row, column, stored, parts_sum))
        values[cache_key] = result
        return result

    def column_filled(column: str) -> bool:
        return any(isinstance(stored_rows.get(row.key), dict) and figure(stored_rows[row.key].get(column)) is not None
                   for row in grid.rows if row.key)

    columns = grid.column_keys
    for row in grid.rows:
        for column in columns:
            if row.key:
                effective(row.key, column)
            elif row.list_id:
                total = list_sum(row.list_id, column)
                if total is None and row.empty_is_zero and not stored_rows.get(row.list_id) and column_filled(column):
                    total = Decimal(0)
                values[f"{grid.id}.{row.list_id}.{column}"] = total
