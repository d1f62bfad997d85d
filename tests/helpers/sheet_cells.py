"""A printed table of an exported workbook read back cell by cell, the way Word lists its cells.

The fidelity tests compare the workbook's official tables with the published report
(tests/data/seed-report.txt, one Word cell per line). Word writes one cell per
horizontal span and one empty continuation cell per row under a vertical merge; this
reads a sheet the same way, and prints each value as its number format shows it
(`General` 11.64 and 10, `General"%"` 87.5%, a label kept in the format).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

__all__ = ["sheet_cells", "shown"]


def shown(value: Any, number_format: str) -> str:
    """A cell's value as Excel would display it with its format (only the formats jixiao writes)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if not isinstance(value, (int, float)):
        return str(value)
    condition = re.match(r"^\[>(-?[\d.]+)\]([^;]*);(.*)$", number_format)
    if condition:  # `[>100]General"（超过满分）";General`: the section the value falls in
        number_format = condition.group(2) if value > float(condition.group(1)) else condition.group(3)
    literals = re.findall(r'"([^"]*)"', number_format)
    core = re.sub(r'"[^"]*"', "", number_format)
    number = Decimal(str(value))  # float-ok: a spreadsheet's value
    if "0.00" in core:
        text = f"{number.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"
    elif core.strip() == "0":
        text = str(int(number.to_integral_value(rounding=ROUND_HALF_UP)))
    else:  # General: up to 10 significant digits, no trailing zeros
        text = f"{number.normalize():f}" if number == number.to_integral_value() else f"{float(number):.10g}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    before = literals[0] if literals and number_format.startswith('"') else ""
    after = "".join(literals[1:] if before else literals)
    return before + text + after


def sheet_cells(ws: Any, values: dict[tuple[str, str], Any], first_row: int, last_row: int,
                columns: int) -> list[str]:
    """Text of every cell from `first_row` to `last_row`, in reading order, merges as Word has them."""
    from openpyxl.utils import get_column_letter

    merged: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for area in ws.merged_cells.ranges:
        for r in range(area.min_row, area.max_row + 1):
            for c in range(area.min_col, area.max_col + 1):
                merged[(r, c)] = (area.min_row, area.min_col, area.max_row, area.max_col)
    out: list[str] = []
    for r in range(first_row, last_row + 1):
        c = 1
        while c <= columns:
            area = merged.get((r, c))
            if area is None:
                coord = f"{get_column_letter(c)}{r}"
                out.append(shown(values.get((ws.title, coord)), ws[coord].number_format))
                c += 1
                continue
            top, left, _, right = area
            if top == r:
                coord = f"{get_column_letter(left)}{top}"
                out.append(shown(values.get((ws.title, coord)), ws[coord].number_format))
            else:
                out.append("")  # under a vertical merge: Word's continuation cell
            c = right + 1
    return out
