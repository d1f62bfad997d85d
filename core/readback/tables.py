"""A table of a file read through the form's printed layout, by its labels.

The writers draw each official table from its `[[tables]]` layout (core.printed); here
the same expansion is read backwards. The layout is laid out once for a skeleton report
(one entry in every repeated list), so every layout row has its cells on the grid with
their kinds: labels, inputs (with the text around `{value}`), computed values, blanks.

A row of the file is identified by its labels, not by its position: every layout row
that has labels is scored against every row of the file (a label matches when the file's
cell is the label's template filled in, whitespace, full-width forms and a retyped
numbering allowed), and the best pairs are taken. So rows may be missing, extra or in
another order. Rows without labels (figures under a header, the repeated indicator
rows, the named cost rows) are placed after the labelled row they follow in the layout.
Within a row, cells pair up by grid column when the file's grid is the layout's, else
in order, cells continued from a merge above skipped. A merge the clerk split is read
the same way: a repeated 一级指标 or an empty continued one both mean "as above".

What a cell holds is read as the layout says: an input's figure through its template,
a label checked, a computed figure kept to compare with what the data gives, and any
text where the layout has nothing is reported, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple

from core.evaluate import evaluate
from core.form import FormSpec
from core.form.layout import RowLayout, TableLayout
from core.paths import set_path
from core.printed import Placed, print_table, repeat_path
from core.readback.collect import Collector, Stated
from core.readback.model import Line, SourceCell, SourceTable, Where
from core.readback.patterns import (
    ConvertError,
    Template,
    catalog_text,
    clean_text,
    compile_template,
    convert,
    is_blank,
    normalise,
    strip_numbering,
)
from core.report import Report
from core.values import ROLE_NAMES, fill, kind_of, placeholders

__all__ = ["TablePlan", "plan_table", "table_score", "read_table", "frame_line", "Binding", "cell_template",
           "forget_bindings"]

_ANCHOR = 0.5  # a row is taken as a layout row when at least half its labels match


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


class Binding(NamedTuple):
    """How one row of the file was understood."""

    plan: RowPlan | None
    how: str  # anchor · follow · header · frame · blank · stray


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


def _filled(template: str, year: int | None) -> str:
    known = {"year": str(year) if year else "____", "prev_year": str(year - 1) if year else "____"}
    return fill(template, lambda name: known.get(name, ""))


@lru_cache(maxsize=16384)
def _bare(text: str) -> str:
    return normalise(strip_numbering(text))


def _label_hit(spec: FormSpec, cell: Placed, text: str, year: int | None) -> float:
    template = cell.template or ""
    if "{" not in template:
        if normalise(text) == normalise(template):
            return 1.0
    elif cell_template(spec, template, cell.value_kind, year).match(text) is not None:
        return 1.0
    if cell.kind == "label" and not (set(placeholders(template)) - {"year", "prev_year"}):
        if _bare(text) == _bare(_filled(template, year)):
            return 0.9
    return 0.0


# -- cells of a file row against a layout row ---------------------------------------------------


def _width(table: SourceTable) -> int | None:
    ends = [cell.col + cell.span for row in table.rows for cell in row if cell.col is not None]
    if len(ends) != sum(len(row) for row in table.rows):
        return None
    return max(ends, default=0)


def _align(plan: RowPlan, row: list[SourceCell], by_grid: bool,
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


def _repeats(spec: FormSpec, year: int | None) -> Callable[[SourceCell, Placed], bool]:
    def same(cell: SourceCell, above: Placed) -> bool:
        if above.kind == "label":
            return _label_hit(spec, above, cell.text, year) > 0
        return normalise(cell.text) == normalise(above.text)
    return same


def _row_score(spec: FormSpec, plan: RowPlan, row: list[SourceCell], by_grid: bool,
               year: int | None, bare: set[str]) -> float:
    """The share of the row's labels found, in place (1) or elsewhere in the row (0.8)."""
    if not plan.anchors:
        return 0.0
    pairs = dict((id(p), c) for p, c in _align(plan, row, by_grid, _repeats(spec, year))[0])
    hit = 0.0
    for anchor in plan.anchors:
        cell = pairs.get(id(anchor))
        here = _label_hit(spec, anchor, cell.text, year) if cell is not None else 0.0
        if here == 0.0:
            template = anchor.template or ""
            if "{" not in template:
                here = 0.8 if _bare(template) in bare else 0.0
            else:
                here = 0.8 * max((_label_hit(spec, anchor, c.text, year) for c in row), default=0.0)
        hit += here
    return hit / len(plan.anchors)


@lru_cache(maxsize=4096)
def _core_words(template: str) -> str:
    """The longest run of a template's own words (normalised): what a filled-in cell must contain."""
    pieces = [normalise(piece) for piece in re.split(r"\{[^{}]*\}", template)]
    return max(pieces, key=len, default="")


def _could_match(plan: RowPlan, bare: set[str], text: str) -> bool:
    """A cheap first look: a plain label the row holds, or a template whose words it contains."""
    for anchor in plan.anchors:
        template = anchor.template or ""
        if "{" not in template:
            if _bare(template) in bare:
                return True
        elif _core_words(template) in text:
            return True
    return False


# A file's tables are bound to the same layouts several times in one read (to choose the
# form, to pair tables with layouts, to read); the answer is kept for the read's duration.
_BOUND: dict[tuple[int, str, int, int | None], tuple[list[Binding], bool]] = {}


def forget_bindings() -> None:
    _BOUND.clear()


def _bind(spec: FormSpec, plan: TablePlan, table: SourceTable, year: int | None
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
        bare = {_bare(cell.text) for cell in row}
        text = "|".join(normalise(cell.text) for cell in row)
        for p in labelled:
            if not _could_match(p, bare, text):
                continue
            score = _row_score(spec, p, row, by_grid, year, bare)
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
    pairs, leftover = _align(plan, row, by_grid, _repeats(spec, year))
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
    bare = {_bare(cell.text) for row in table.rows for cell in row}
    text = "|".join(normalise(cell.text) for row in table.rows for cell in row)
    if sum(1 for p in labelled if _could_match(p, bare, text)) < len(labelled) * 0.2:
        return 0.0  # too few of its labels anywhere in the table to be worth a closer look
    bindings, _ = _bind(spec, plan, table, year)
    found = {b.plan.index for b in bindings if b.how == "anchor" and b.plan is not None}
    return len(found) / len(labelled)


# -- reading --------------------------------------------------------------------------------------


class _Reader:
    def __init__(self, spec: FormSpec, plan: TablePlan, collector: Collector, year: int | None,
                 by_grid: bool) -> None:
        self.spec, self.plan, self.out, self.year = spec, plan, collector, year
        self.heading = plan.layout.heading or plan.layout.id
        self.by_grid = by_grid
        self.repeats = _repeats(spec, year)

    def where(self, cell: SourceCell | None, fallback: Where) -> Where:
        return (cell.where if cell is not None else fallback).at(self.heading)

    def _shown(self, cell: Placed | None) -> str | None:
        if cell is None or not cell.template:
            return None
        return clean_text(_filled(cell.template, self.year)).replace("\n", "")

    def caption(self, row: RowPlan, cell: Placed) -> str:
        """A computed cell in the table's words: 附件1 · 三公经费 · 2023年决算数."""
        header = next((c for p in reversed(self.plan.rows[:row.index])
                       if p.cells and all(x.kind == "blank" or (x.kind == "label" and x.style == "head")
                                          for x in p.cells)
                       for c in p.cells if c.kind == "label" and c.col == cell.col and c.cols == cell.cols),
                      None)
        label = next((c for c in row.cells if c.kind == "label" and c.template), None)
        words = [self.heading, self._shown(label), self._shown(header)]
        return " · ".join(word for word in words if word)

    def value_text(self, placed: Placed, text: str) -> str:
        """What an input cell holds inside the words around it (`其中：基本支出：{value}`)."""
        template = placed.template
        if not template or "{value}" not in template:
            return text
        compiled = cell_template(self.spec, template, placed.value_kind, self.year)
        found = compiled.match(text)
        if found is not None:
            return found.get("value", "")
        before = template.split("{value}")[0].rsplit("}", 1)[-1]
        if len(normalise(before)) >= 2:
            lead = compile_template(before, anchored=False)
            hit = lead.regex.search(text)
            if hit:
                return text[hit.end():]
        return strip_numbering(text) if compiled.numbered else text

    def typed(self, placed: Placed, path: str, text: str, where: Where) -> tuple[Any, bool]:
        """(value, ok): the cell's value as the field's kind; a problem is reported here."""
        inner = self.value_text(placed, text)
        kind = placed.value_kind
        if kind == "textlist":
            items = [strip_numbering(line) if placed.numbering else line
                     for line in clean_text(inner).split("\n")]
            return [clean_text(item) for item in items if clean_text(item)], True
        try:
            value = convert(inner, kind)
        except ConvertError as exc:
            self.out.bad(where, text, str(exc), path)
            return None, False
        if isinstance(value, str) and self._catalog(path):
            value = catalog_text(value)
        if value is None and normalise(inner):
            self.out.notes.append(f"{where.text()}：“{clean_text(inner)}”按空白读入")
        return value, True

    def _catalog(self, path: str) -> bool:
        table_path, _, column = path.rpartition(".")
        listed = self.spec.list_by_path(table_path.rpartition("[")[0])
        return bool(listed and any(c.key == column and c.catalog for c in listed.columns))

    def label(self, placed: Placed, cell: SourceCell | None, fallback: Where) -> None:
        if cell is None or is_blank(cell.text) or placed.template is None:
            return
        if _label_hit(self.spec, placed, cell.text, self.year) == 0.0:
            expected = clean_text(_filled(placed.template, self.year))
            self.out.bad(self.where(cell, fallback), cell.text, f"此格应为“{expected}”")
            return
        found = _known(placed.template, self.year,
                       cell_template(self.spec, placed.template, "text", self.year).match(cell.text))
        self._roles(found, self.where(cell, fallback))

    def _roles(self, found: dict[str, str], where: Where) -> None:
        for name, text in found.items():
            if name in ROLE_NAMES and name != "prev_year":
                path = self.spec.role(name)
                kind = "year" if name == "year" else "text"
                try:
                    value = convert(text, kind)
                except ConvertError:
                    continue
                if path and value is not None:
                    self.out.put(path, value, where)

    def fixed_row(self, row: RowPlan, cells: list[SourceCell], where: Where) -> None:
        pairs, leftover = _align(row, cells, self.by_grid, self.repeats)
        for placed, cell in pairs:
            here = self.where(cell, where)
            if placed.kind == "label":
                self.label(placed, cell, where)
            elif placed.kind == "blank":
                if cell is not None and not is_blank(cell.text):
                    self.out.bad(here, cell.text, "表格中此处应为空")
            elif placed.kind == "input" and placed.name:
                if cell is None:
                    self.out.not_found(placed.name, where.at(self.heading))
                    continue
                value, ok = self.typed(placed, placed.name, cell.text, here)
                if ok:
                    self.out.put(placed.name, value, here, len(value) if isinstance(value, list) else None)
            elif placed.kind == "value" and placed.name and cell is not None and not is_blank(cell.text):
                self.state(row, placed, placed.name, cell, here)
        self.leftover(leftover)

    def state(self, row: RowPlan, placed: Placed, name: str, cell: SourceCell, where: Where) -> None:
        store = None
        if name.startswith("calc."):
            grid_id, _, rest = name[5:].partition(".")
            grid = self.spec.grids.get(grid_id)
            row_key = rest.partition(".")[0]
            if grid is not None and grid.row(row_key) is not None:
                store = f"{grid.path}.{rest}"
        self.out.state(Stated(name, cell.text, where, self.caption(row, placed), placed.format, store))

    def leftover(self, cells: list[SourceCell]) -> None:
        for cell in cells:
            self.out.bad(cell.where.at(self.heading), cell.text, "表格中此处在表单里没有对应的格")

    def repeat_rows(self, row: RowPlan, rows: list[list[SourceCell]]) -> None:
        assert row.repeat is not None
        list_path, _ = repeat_path(self.spec, row.repeat)
        merge = {field.partition(".")[2] for field in row.layout.merge}
        previous: dict[str, tuple[Any, Where]] = {}
        for cells in rows:
            where = cells[0].where.at(self.heading) if cells else Where(self.heading)
            pairs, leftover = _align(row, cells, self.by_grid, self.repeats)
            entry: dict[str, tuple[Any, Where]] = {}
            stated: list[tuple[Placed, SourceCell, Where]] = []
            for placed, cell in pairs:
                here = self.where(cell, where)
                if placed.kind == "input" and placed.name:
                    column = placed.name.rpartition("].")[2]
                    text = cell.text if cell is not None else ""
                    if column in merge and (cell is None or cell.continued or is_blank(text)) \
                            and column in previous:
                        entry[column] = previous[column]
                        continue
                    value, ok = self.typed(placed, placed.name, text, here)
                    if ok:
                        entry[column] = (value, here)
                elif placed.kind == "value" and placed.name and cell is not None and not is_blank(cell.text):
                    stated.append((placed, cell, here))
                elif placed.kind == "label":
                    self.label(placed, cell, where)
            index = len(self.out.lists.get(list_path, []))
            before = len(self.out.lists.get(list_path, []))
            self.out.add_entry(list_path, entry)
            if len(self.out.lists.get(list_path, [])) > before:
                previous = {key: entry[key] for key in merge if key in entry}
                for placed, cell, here in stated:
                    name = (placed.name or "").replace("[0]", f"[{index}]")
                    self.state(row, placed, name, cell, here)
            self.leftover(leftover)

    def read(self, table: SourceTable, bindings: list[Binding]) -> None:
        seen: set[int] = set()
        groups: dict[int, list[list[SourceCell]]] = {}
        for cells, binding in zip(table.rows, bindings, strict=True):
            where = cells[0].where if cells else table.where
            if binding.plan is None:
                if binding.how == "stray":
                    text = " | ".join(clean_text(c.text) for c in cells if not is_blank(c.text))
                    self.out.bad(where.at(self.heading)._replace(cell=None), text,
                                 "表格中的这一行与表单的任何一行都对不上")
                continue
            if binding.how == "header":
                continue
            if binding.plan.repeat:
                groups.setdefault(binding.plan.index, []).append(cells)
                continue
            seen.add(binding.plan.index)
            self.fixed_row(binding.plan, cells, where)
        for index, rows in sorted(groups.items()):
            self.repeat_rows(self.plan.rows[index], rows)
            seen.add(index)
        found = {b.plan.index: cells for cells, b in zip(table.rows, bindings, strict=True)
                 if b.how == "anchor" and b.plan is not None}
        for row in self.plan.rows:
            if row.index in seen:
                continue
            if row.repeat:
                # no entry: blank if the labelled row it follows is there (an empty list), else not found
                before = next((p for p in reversed(self.plan.rows[:row.index]) if p.anchors), None)
                name = repeat_path(self.spec, row.repeat)[0]
                if before is not None and before.index in found and found[before.index]:
                    self.out.blank(name, found[before.index][0].where.at(self.heading)._replace(cell=None))
                else:
                    self.out.not_found(name, Where(self.heading))
                continue
            for placed in row.cells:
                if placed.kind == "input" and placed.name:
                    self.out.not_found(placed.name, Where(self.heading))
            if row.anchors and not row.repeat:
                label = next((c for c in row.cells if c.kind == "label" and c.template), None)
                shown = clean_text(_filled(label.template, self.year)).replace("\n", "") if label and \
                    label.template else ""
                if shown:
                    self.out.notes.append(f"{self.heading}：文件中没有“{shown}”这一行")


def read_table(spec: FormSpec, layout: TableLayout, table: SourceTable, collector: Collector,
               year: int | None) -> list[Line]:
    """Read one table of the file as `layout`; returns the lines around it it did not use."""
    plan = plan_table(spec, layout)
    bindings, by_grid = _bind(spec, plan, table, year)
    for r, (cells, binding) in enumerate(zip(table.rows, bindings, strict=True)):
        filled = [c for c in cells if not is_blank(c.text)]
        if binding.how == "stray" and len(filled) == 1 and \
                frame_line(spec, layout, Line(filled[0].text, filled[0].where), collector, year):
            bindings[r] = Binding(None, "frame")
    if table.as_text:
        collector.notes.append(f"{layout.heading}：表格是以文字粘贴的（各格以制表符分隔），已逐行读取")
    _Reader(spec, plan, collector, year, by_grid).read(table, bindings)
    return [line for line in table.lines if not is_blank(line.text)
            and not frame_line(spec, layout, line, collector, year)]


def frame_line(spec: FormSpec, layout: TableLayout, line: Line, collector: Collector,
               year: int | None) -> bool:
    """Whether `line` is the table's heading, title or a note after it (填表人 …); read it if so."""
    where = line.where.at(layout.heading)
    if layout.heading and normalise(line.text) == normalise(layout.heading):
        return True
    for template, fields in ((layout.title, False), *((after, True) for after in layout.after)):
        if not template:
            continue
        found = cell_template(spec, template, "text", year).match(line.text)
        if found is not None:
            (_fields if fields else _roles)(spec, collector, _known(template, year, found), where)
            return True
    return False


def _known(template: str, year: int | None, found: dict[str, str] | None) -> dict[str, str]:
    """What a match says, with the year it was matched against (a fixed `{year}` captures nothing)."""
    out = dict(found or {})
    if found is not None and year is not None and "year" in placeholders(template):
        out.setdefault("year", str(year))
    return out


def _roles(spec: FormSpec, collector: Collector, found: dict[str, str], where: Where) -> None:
    for name, text in found.items():
        path = spec.role(name) if name in ROLE_NAMES else None
        if path is None:
            continue
        try:
            value = convert(text, "year" if name == "year" else "text")
        except ConvertError:
            continue
        collector.put(path, value, where)


def _fields(spec: FormSpec, collector: Collector, found: dict[str, str], where: Where) -> None:
    for name, text in found.items():
        if name in ROLE_NAMES:
            _roles(spec, collector, {name: text}, where)
            continue
        if name not in spec.fields:
            continue
        try:
            value = convert(text, spec.fields[name].type)
        except ConvertError as exc:
            collector.bad(where, text, str(exc), name)
            continue
        collector.put(name, value, where)
