"""The form's printed layout laid out once for reading: every row's cells on the grid, and
how a cell of the file is matched against a cell of the layout.

The writers draw each official table from its `[[tables]]` layout (core.printed); the
reader uses the same expansion. It is made for a skeleton report (one entry in every
repeated list), so every layout row has its cells on the grid with their kinds: labels,
inputs (with the text around `{value}`), computed values, blanks, and the positions a
merge from a row above covers. A label matches a file's cell when the cell is the
label's template filled in (core.readback.patterns: whitespace, full-width forms and a
retyped numbering allowed).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

from core.evaluate import evaluate
from core.form import FormSpec
from core.form.layout import RowLayout, TableLayout
from core.paths import set_path
from core.printed import Placed, print_table, repeat_path
from core.readback.patterns import Template, compile_template, normalise, strip_numbering
from core.report import Report
from core.values import fill, kind_of, placeholders

__all__ = ["RowPlan", "TablePlan", "plan_table", "cell_template", "label_hit", "filled", "bare"]


class RowPlan(NamedTuple):
    index: int  # type: ignore[assignment]  # the layout row's number, named as the layout does
    layout: RowLayout
    cells: tuple[Placed, ...]  # the row's own cells, left to right
    covered: tuple[tuple[int, int, Placed], ...]  # (col, cols, cell above) taken by a merge from above
    anchors: tuple[Placed, ...]  # the cells that identify the row: labels, inputs with label text

    @property
    def repeat(self) -> str | None:
        return self.layout.repeat


class TablePlan(NamedTuple):
    layout: TableLayout
    rows: tuple[RowPlan, ...]
    width: int


def _skeleton(spec: FormSpec) -> Report:
    data: dict[str, Any] = {}
    for table in spec.tables:
        for row in table.rows:
            if row.repeat:
                set_path(data, repeat_path(spec, row.repeat)[0], [{}])
    return Report(data, spec)


_PLANS: dict[tuple[str, int], dict[str, TablePlan]] = {}


def plan_table(spec: FormSpec, layout: TableLayout) -> TablePlan:
    """The layout on its grid, row by row (laid out once per form by core.printed)."""
    key = (spec.id, id(spec))
    if key not in _PLANS:
        skeleton = _skeleton(spec)
        evaluation = evaluate(skeleton)
        plans = {}
        for table in spec.tables:
            printed = print_table(table, skeleton, evaluation)
            rows = []
            for index, row in enumerate(table.rows):
                own = tuple(sorted((c for c in printed.cells if c.row == index), key=lambda c: c.col))
                covered = tuple((c.col, c.cols, c) for c in printed.cells
                                if c.row < index < c.row + c.rows)
                anchors = tuple(c for c in own if _is_anchor(spec, c))
                rows.append(RowPlan(index, row, own, covered, anchors))
            plans[table.id] = TablePlan(table, tuple(rows), len(table.widths))
        _PLANS.clear()
        _PLANS[key] = plans
    return _PLANS[key][layout.id]


def _is_anchor(spec: FormSpec, cell: Placed) -> bool:
    if not cell.template:
        return False
    if cell.kind == "label":
        return bool(normalise(cell.template))
    words = compile_template(cell.template).literal
    return cell.kind == "input" and sum(1 for ch in words if "\u4e00" <= ch <= "\u9fff") >= 2


# -- templates of cells ------------------------------------------------------------------------


def _kinds(spec: FormSpec, template: str, value_kind: str) -> tuple[tuple[str, str], ...]:
    out = []
    for name in placeholders(template):
        if name == "value":
            out.append((name, value_kind))
        elif name in ("n", "ordinal"):
            out.append((name, "ordinal"))
        elif name.startswith("catalog."):
            out.append((name, "score"))
        else:
            out.append((name, kind_of(name, spec)))
    return tuple(out)


def _fixed(template: str, year: int | None) -> tuple[tuple[str, str], ...]:
    if year is None:
        return ()
    known = {"year": str(year), "prev_year": str(year - 1)}
    return tuple((name, known[name]) for name in placeholders(template) if name in known)


_CELL_TEMPLATES: dict[tuple[int, str, str, int | None, bool, bool], Template] = {}


def cell_template(spec: FormSpec, template: str, value_kind: str, year: int | None,
                  tolerant: bool = False, anchored: bool = True) -> Template:
    """A layout template compiled for reading; an input's {value} may be blank."""
    key = (id(spec), template, value_kind, year, tolerant, anchored)
    found = _CELL_TEMPLATES.get(key)
    if found is None:
        if len(_CELL_TEMPLATES) > 8192:
            _CELL_TEMPLATES.clear()
        found = compile_template(template, _kinds(spec, template, value_kind), _fixed(template, year),
                                 tolerant, anchored, optional=("value",))
        _CELL_TEMPLATES[key] = found
    return found


def filled(template: str, year: int | None) -> str:
    known = {"year": str(year) if year else "____", "prev_year": str(year - 1) if year else "____"}
    return fill(template, lambda name: known.get(name, ""))


@lru_cache(maxsize=16384)
def bare(text: str) -> str:
    return normalise(strip_numbering(text))


def label_hit(spec: FormSpec, cell: Placed, text: str, year: int | None) -> float:
    template = cell.template or ""
    if "{" not in template:
        if normalise(text) == normalise(template):
            return 1.0
    elif cell_template(spec, template, cell.value_kind, year).match(text) is not None:
        return 1.0
    if cell.kind == "label" and not (set(placeholders(template)) - {"year", "prev_year"}):
        if bare(text) == bare(filled(template, year)):
            return 0.9
    return 0.0
