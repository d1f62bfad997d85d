"""A table of a file read through the form's printed layout, cell by cell.

What a cell holds is read as the layout says: an input's figure through its template,
a label checked, a computed figure kept to compare with what the data gives, and any
text where the layout has nothing is reported, never dropped. Which file row is which
layout row is core.readback.binding's to say.
"""

from __future__ import annotations

from typing import Any

from core.form import FormSpec
from core.form.layout import TableLayout
from core.printed import Placed, repeat_path
from core.readback.binding import Binding, align, bind, repeats
from core.readback.collect import Collector, Stated
from core.readback.layout import RowPlan, TablePlan, cell_template, filled, label_hit, plan_table
from core.readback.model import Line, SourceCell, SourceTable, Where
from core.readback.patterns import (
    ConvertError,
    catalog_text,
    clean_text,
    compile_template,
    convert,
    is_blank,
    normalise,
    strip_numbering,
)
from core.values import ROLE_NAMES, placeholders

__all__ = ["read_table", "frame_line"]


# -- reading --------------------------------------------------------------------------------------


class _Reader:
    def __init__(self, spec: FormSpec, plan: TablePlan, collector: Collector, year: int | None,
                 by_grid: bool) -> None:
        self.spec, self.plan, self.out, self.year = spec, plan, collector, year
        self.heading = plan.layout.heading or plan.layout.id
        self.by_grid = by_grid
        self.repeats = repeats(spec, year)

    def where(self, cell: SourceCell | None, fallback: Where) -> Where:
        return (cell.where if cell is not None else fallback).at(self.heading)

    def _shown(self, cell: Placed | None) -> str | None:
        if cell is None or not cell.template:
            return None
        return clean_text(filled(cell.template, self.year)).replace("\n", "")

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
        if label_hit(self.spec, placed, cell.text, self.year) == 0.0:
            expected = clean_text(filled(placed.template, self.year))
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
        pairs, leftover = align(row, cells, self.by_grid, self.repeats)
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
            pairs, leftover = align(row, cells, self.by_grid, self.repeats)
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
                shown = clean_text(filled(label.template, self.year)).replace("\n", "") if label and \
                    label.template else ""
                if shown:
                    self.out.notes.append(f"{self.heading}：文件中没有“{shown}”这一行")


def read_table(spec: FormSpec, layout: TableLayout, table: SourceTable, collector: Collector,
               year: int | None) -> list[Line]:
    """Read one table of the file as `layout`; returns the lines around it it did not use."""
    plan = plan_table(spec, layout)
    bindings, by_grid = bind(spec, plan, table, year)
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
