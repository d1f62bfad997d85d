"""Cells whose formulas are written once every input has its place.

A formula may name an input on a sheet written later (a 附件 label that quotes the
年度 of the 正文's cover, a total over the reviewer's cells), so sheets are laid out
first with their inputs, and each computed cell is noted here and filled in at the
end, when the map from names to cells is complete.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from exports.xlsx.book import Book, Formula, MapEntry, map_type, quoted_sheet
from exports.xlsx.formulas import Formulas

__all__ = ["Pending", "Deferred"]

_FIGURES = ("money", "score", "percent", "count")  # a computed cell of these shows IF(ISNUMBER(x),ROUND(x,2),"")


@dataclass
class Pending:
    ws: Any
    coord: str
    how: str  # value · ref · text
    name: str = ""
    template: str = ""
    absent: str = ""
    kind: str = "text"
    extra: dict[str, str] = field(default_factory=dict)
    fallback: Any = None  # what to write when no formula can be made
    derived: bool = True  # listed in the map as a derived cell


class Deferred:
    def __init__(self, book: Book) -> None:
        self.book = book
        self.cells: list[Pending] = []

    def add(self, pending: Pending) -> None:
        self.cells.append(pending)

    def write(self, formulas: Formulas) -> None:
        for item in self.cells:
            formula = self._formula(item, formulas)
            cell = item.ws[item.coord]
            if formula is None:
                cell.value = item.fallback
                if isinstance(item.fallback, str):
                    cell.data_type = "s"
                role = "static"
            else:
                cell.value = "=" + formula
                role = "formula"
                if item.how == "value" and item.kind in _FIGURES and not item.name.startswith("review."):
                    # later sentences and the 等级 read this cell rather than repeat the figure's
                    # whole formula (the 等级 of the project form was 8,298 characters, over
                    # Excel's 8,192)
                    column = item.coord.rstrip("0123456789")
                    self.book.rounded.setdefault(
                        item.name, f"{quoted_sheet(item.ws.title)}!${column}${item.coord[len(column):]}")
            if item.derived and item.name:
                self.book.entries.append(MapEntry(item.name, item.ws.title, item.coord, map_type(item.kind), role))

    def _formula(self, item: Pending, formulas: Formulas) -> Formula | None:
        if item.how == "text":
            text = formulas.text(item.template, item.absent, item.extra)
            return Formula(text) if text is not None else None
        expr = formulas.of(item.name)
        if expr is None:
            return None
        if item.how == "ref":
            if item.kind in ("money", "score", "percent", "count", "year"):
                return Formula(f'IF(ISNUMBER({expr}),{expr},"")')  # a labelled blank holds its label
            return Formula(f'IF(ISBLANK({expr}),"",{expr})' if expr.startswith("'") else expr)
        if item.kind in _FIGURES:
            # a review item shows 待评 while it waits: its text passes through
            otherwise = expr if item.name.startswith("review.") else '""'
            return Formula(f'IF(ISNUMBER({expr}),ROUND({expr},2),{otherwise})')
        return Formula(expr)
