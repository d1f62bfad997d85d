"""Each row of a file's table bound to a row of the form's layout, by its labels.

Every layout row that has labels is scored against every row of the file (the share of
its labels found, in place or elsewhere in the row), and the best pairs are taken, so
rows may be missing, extra or in another order. Rows without labels (figures under a
header, the repeated indicator rows, the named cost rows) are placed after the labelled
row they follow in the layout, where their cells line up and read. Within a row, cells
pair up by grid column when the file's grid is the layout's, else in order, cells
continued from a merge above skipped; a split merge repeating the cell above is that cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from core.form import FormSpec
from core.form.layout import TableLayout
from core.printed import Placed
from core.readback.layout import RowPlan, TablePlan, bare, cell_template, label_hit, plan_table
from core.readback.model import SourceCell, SourceTable
from core.readback.patterns import ConvertError, convert, is_blank, normalise

__all__ = ["Binding", "bind", "align", "repeats", "table_score", "forget_bindings"]

_ANCHOR = 0.5  # a row is taken as a layout row when at least half its labels match


class Binding(NamedTuple):
    """How one row of the file was understood."""

    plan: RowPlan | None
    how: str  # anchor · follow · header · frame · blank · stray


# -- cells of a file row against a layout row ---------------------------------------------------


def _width(table: SourceTable) -> int | None:
    ends = [cell.col + cell.span for row in table.rows for cell in row if cell.col is not None]
    if len(ends) != sum(len(row) for row in table.rows):
        return None
    return max(ends, default=0)


def align(plan: RowPlan, row: list[SourceCell], by_grid: bool,
           repeats: Callable[[SourceCell, Placed], bool]
           ) -> tuple[list[tuple[Placed, SourceCell | None]], list[SourceCell]]:
    """The file's cell for each of the layout row's cells, and the file's cells left over.

    A file cell where the layout's cell above reaches down (a merge) is fine when it
    continues that merge, is blank, or repeats the cell above (`repeats`: a split merge).
    """
    pairs: list[tuple[Placed, SourceCell | None]] = []
    used: set[int] = set()
    under: list[tuple[SourceCell, Placed]] = []
    if by_grid:
        for placed in plan.cells:
            found = next((i for i, c in enumerate(row) if c.col == placed.col and i not in used), None)
            if found is None:
                found = next((i for i, c in enumerate(row) if c.col is not None and i not in used
                              and c.col <= placed.col < c.col + c.span), None)
            if found is not None:
                used.add(found)
            pairs.append((placed, row[found] if found is not None else None))
        for i, cell in enumerate(row):
            above = next((p for col, cols, p in plan.covered
                          if cell.col is not None and col <= cell.col < col + cols), None)
            if i not in used and above is not None:
                used.add(i)
                under.append((cell, above))
    else:
        slots: list[tuple[int, Placed, bool]] = [(p.col, p, True) for p in plan.cells]
        slots += [(col, p, False) for col, _, p in plan.covered]
        slots.sort(key=lambda slot: slot[0])
        sequence = slots if len(row) == len(slots) else [slot for slot in slots if slot[2]]
        for i, (_, placed, own) in enumerate(sequence):
            given = row[i] if i < len(row) else None
            if given is not None:
                used.add(i)
            if own:
                pairs.append((placed, given))
            elif given is not None:
                under.append((given, placed))
    leftover = [cell for i, cell in enumerate(row) if i not in used and not is_blank(cell.text)]
    leftover += [cell for cell, above in under
                 if not (cell.continued or is_blank(cell.text) or repeats(cell, above))]
    return pairs, leftover


def repeats(spec: FormSpec, year: int | None) -> Callable[[SourceCell, Placed], bool]:
    def same(cell: SourceCell, above: Placed) -> bool:
        if above.kind == "label":
            return label_hit(spec, above, cell.text, year) > 0
        return normalise(cell.text) == normalise(above.text)
    return same


def _row_score(spec: FormSpec, plan: RowPlan, row: list[SourceCell], by_grid: bool,
               year: int | None, held: set[str]) -> float:
    """The share of the row's labels found, in place (1) or elsewhere in the row (0.8)."""
    if not plan.anchors:
        return 0.0
    pairs = dict((id(p), c) for p, c in align(plan, row, by_grid, repeats(spec, year))[0])
    hit = 0.0
    for anchor in plan.anchors:
        cell = pairs.get(id(anchor))
        here = label_hit(spec, anchor, cell.text, year) if cell is not None else 0.0
        if here == 0.0:
            template = anchor.template or ""
            if "{" not in template:
                here = 0.8 if bare(template) in held else 0.0
            else:
                here = 0.8 * max((label_hit(spec, anchor, c.text, year) for c in row), default=0.0)
        hit += here
    return hit / len(plan.anchors)


@lru_cache(maxsize=4096)
def _core_words(template: str) -> str:
    """The longest run of a template's own words (normalised): what a filled-in cell must contain."""
    pieces = [normalise(piece) for piece in re.split(r"\{[^{}]*\}", template)]
    return max(pieces, key=len, default="")


def _could_match(plan: RowPlan, held: set[str], text: str) -> bool:
    """A cheap first look: a plain label the row holds, or a template whose words it contains."""
    for anchor in plan.anchors:
        template = anchor.template or ""
        if "{" not in template:
            if bare(template) in held:
                return True
        elif _core_words(template) in text:
            return True
    return False


# A file's tables are bound to the same layouts several times in one read (to choose the
# form, to pair tables with layouts, to read); the answer is kept for the read's duration.
_BOUND: dict[tuple[int, str, int, int | None], tuple[list[Binding], bool]] = {}


def forget_bindings() -> None:
    _BOUND.clear()


def bind(spec: FormSpec, plan: TablePlan, table: SourceTable, year: int | None
          ) -> tuple[list[Binding], bool]:
    key = (id(spec), plan.layout.id, id(table), year)
    if key not in _BOUND:
        _BOUND[key] = _bind_rows(spec, plan, table, year)
    bindings, by_grid = _BOUND[key]
    return list(bindings), by_grid


def _bind_rows(spec: FormSpec, plan: TablePlan, table: SourceTable, year: int | None
               ) -> tuple[list[Binding], bool]:
    """Each file row's layout row: labelled rows by their labels, the rest after them."""
    by_grid = _width(table) == plan.width
    rows = table.rows
    bindings: list[Binding] = [Binding(None, "stray") for _ in rows]
    scored: list[tuple[float, int, float, int, int]] = []
    labelled = [p for p in plan.rows if p.anchors]
    for r, row in enumerate(rows):
        if all(is_blank(cell.text) for cell in row):
            bindings[r] = Binding(None, "blank")
            continue
        held = {bare(cell.text) for cell in row}
        text = "|".join(normalise(cell.text) for cell in row)
        for p in labelled:
            if not _could_match(p, held, text):
                continue
            score = _row_score(spec, p, row, by_grid, year, held)
            if score >= _ANCHOR:
                distance = abs(r / max(len(rows), 1) - p.index / max(len(plan.rows), 1))
                scored.append((score, len(p.anchors), -distance, r, p.index))
    scored.sort(reverse=True)
    taken: set[int] = set()
    for _, _, _, r, index in scored:
        if bindings[r].how in ("anchor", "blank") or index in taken:
            continue
        bindings[r] = Binding(plan.rows[index], "anchor")
        taken.add(index)
    for _, _, _, r, index in scored:  # a header typed again on the next page
        if bindings[r].how == "stray" and plan.rows[index].layout.header and index in taken:
            bindings[r] = Binding(plan.rows[index], "header")
    _follow(spec, plan, table, bindings, by_grid, year)
    return bindings, by_grid


def _follow(spec: FormSpec, plan: TablePlan, table: SourceTable, bindings: list[Binding],
            by_grid: bool, year: int | None) -> None:
    """Rows without labels go to the unlabelled layout rows after the labelled row before them."""
    anchored = {b.plan.index for b in bindings if b.how == "anchor" and b.plan is not None}
    used: set[int] = set()
    after = -1
    for r, binding in enumerate(bindings):
        if binding.how in ("anchor", "header"):
            assert binding.plan is not None
            after = max(after, binding.plan.index) if binding.how == "header" else binding.plan.index
            continue
        if binding.how != "stray":
            continue
        candidates = []
        for p in plan.rows[after + 1:]:
            if p.anchors and p.index in anchored:
                break
            if not p.anchors and (p.repeat or p.index not in used):
                candidates.append(p)
        row = table.rows[r]
        best = max(candidates, key=lambda p: (_fit(spec, p, row, by_grid, year), -p.index), default=None)
        if best is not None and _fit(spec, best, row, by_grid, year) > 0:
            bindings[r] = Binding(best, "follow")
            used.add(best.index)
            after = best.index - 1 if best.repeat else best.index


def _fit(spec: FormSpec, plan: RowPlan, row: list[SourceCell], by_grid: bool, year: int | None) -> float:
    """How well a row of figures fits an unlabelled layout row: its cells line up and read."""
    pairs, leftover = align(plan, row, by_grid, repeats(spec, year))
    if not pairs:
        return 0.0
    good = 0.0
    for placed, cell in pairs:
        if cell is None:
            continue
        if placed.kind == "input" and placed.template and "{value}" in placed.template:
            template = cell_template(spec, placed.template, placed.value_kind, year)
            if template.match(cell.text) is not None:
                good += 1.5 if template.numbered or template.literal else 1.0
                continue
        good += 1.0 if _readable(placed, cell.text) else 0.0
    return good / len(pairs) - 0.5 * len(leftover)


def _readable(placed: Placed, text: str) -> bool:
    if placed.kind != "input":
        return True
    try:
        convert(text, placed.value_kind if placed.value_kind != "textlist" else "text")
    except ConvertError:
        return False
    return True


def table_score(spec: FormSpec, layout: TableLayout, table: SourceTable, year: int | None) -> float:
    """The share of the layout's labelled rows this table has (0 to 1)."""
    plan = plan_table(spec, layout)
    labelled = [p for p in plan.rows if p.anchors]
    if not labelled:
        return 0.0
    held = {bare(cell.text) for row in table.rows for cell in row}
    text = "|".join(normalise(cell.text) for row in table.rows for cell in row)
    if sum(1 for p in labelled if _could_match(p, held, text)) < len(labelled) * 0.2:
        return 0.0  # too few of its labels anywhere in the table to be worth a closer look
    bindings, _ = bind(spec, plan, table, year)
    found = {b.plan.index for b in bindings if b.how == "anchor" and b.plan is not None}
    return len(found) / len(labelled)
