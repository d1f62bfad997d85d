"""Which names a form may use, and every name a form uses that resolves to nothing.

Formulas, checks, sections, sentence templates and layout cells name data keys,
computed values (`calc.*`), profile numbers (`form.*`), scores (`score.*`), review
items (`review.*`) and roles (`year`, `unit` …). A name that resolves to nothing is
the silent kind of mistake (`total = "a.totl"` never fires), so core.form.lint
reports each one with its place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from core.form.expr import ExprError, compile_expr, names_in
from core.form.lint import LintError
from core.form.locate import Address

__all__ = ["unresolved"]

_ROLES = ("year", "prev_year", "unit", "short_name")
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_INDEX = re.compile(r"\[(\d+|\*)\]")


class _Names:
    def __init__(self, raw: dict[str, Any]) -> None:
        self.fields = set(raw.get("fields", {}))
        self.lists = {lid: (item.get("path", lid), {c.get("key") for c in item.get("columns", [])})
                      for lid, item in raw.get("lists", {}).items()}
        self.list_paths = {path: columns for path, columns in self.lists.values()}
        self.grids = {gid: item for gid, item in raw.get("grids", {}).items()}
        self.computed = {item.get("id"): item for item in raw.get("computed", [])}
        self.profile = set(raw.get("profile", {}))
        self.templates = set(raw.get("templates", {}))
        self.sections = {item.get("id") for item in raw.get("sections", [])}
        self.assessment = {item.get("id") for item in raw.get("assessment", [])}
        self.level1 = {item.get("name") for item in raw.get("profile", {}).get("level1", [])}

    def grid_row_keys(self, grid: dict[str, Any]) -> set[str]:
        return {row.get("key") or row.get("list") for row in grid.get("rows", [])}

    def grid_columns(self, grid: dict[str, Any]) -> set[str]:
        return {column.get("key") for column in grid.get("columns", [])}

    def data(self, name: str, row_columns: set[str] | None = None) -> bool:
        """A data key: a field, a list's rows or cells, a grid cell, or row.<column> in a row context."""
        if name.startswith("row."):
            return row_columns is not None and name[4:] in row_columns
        if name in self.fields or any(field.startswith(name + ".") for field in self.fields):
            return True
        plain = _INDEX.sub("", name)
        if plain in self.list_paths:
            return True
        table, _, column = plain.rpartition(".")
        if table in self.list_paths and column in self.list_paths[table]:
            return True
        for grid in self.grids.values():
            prefix = grid.get("path", "") + "."
            if plain.startswith(prefix):
                row, _, column = plain[len(prefix):].partition(".")
                if row in self.grid_row_keys(grid) and column in self.grid_columns(grid) | {"name", ""}:
                    return True
        return False

    def calc(self, key: str) -> bool:
        base = _INDEX.sub("", key)
        if base in self.computed:
            return True
        grid_id, _, rest = base.partition(".")
        grid = self.grids.get(grid_id)
        if grid is None:
            return False
        row, _, column = rest.partition(".")
        return row in self.grid_row_keys(grid) and column in self.grid_columns(grid)

    def value(self, name: str, row_columns: set[str] | None = None) -> bool:
        """Any name a formula, a template or a layout cell may show."""
        if name in _ROLES:
            return True
        if name.startswith("calc."):
            return self.calc(name[5:].replace("[row]", "[0]"))
        if name.startswith("form."):
            return name[5:] in self.profile
        if name.startswith("score."):
            key = name[6:]
            return key in ("total", "grade", "weights_total") or (
                key.startswith("level1.") and key[7:] in self.level1)
        if name.startswith("review."):
            return name[7:] == "total" or name[7:] in self.assessment
        return self.data(name, row_columns)


def _expr(names: _Names, text: Any, where: Address, row_columns: set[str] | None = None
          ) -> Iterator[LintError]:
    if not isinstance(text, str):
        return
    try:
        node = compile_expr(text)
    except ExprError as exc:
        yield LintError(where, str(exc))
        return
    for name in names_in(node):
        if not names.value(name, row_columns):
            yield LintError(where, f"公式“{text}”中的名称 {name} 不存在（不是字段、计算值或表单常数）")


def _template(names: _Names, text: Any, where: Address, context: frozenset[str] | set[str] = frozenset(),
              row_columns: set[str] | None = None) -> Iterator[LintError]:
    if not isinstance(text, str):
        return
    for name in _PLACEHOLDER.findall(text):
        if name not in context and not names.value(name, row_columns):
            yield LintError(where, f"模板中的 {{{name}}} 不存在")


def _field(names: _Names, path: Any, where: Address) -> Iterator[LintError]:
    if isinstance(path, str) and not names.data(path):
        yield LintError(where, f"字段 {path} 不存在")


def unresolved(raw: dict[str, Any]) -> Iterator[LintError]:
    """Every name of the form that resolves to nothing."""
    names = _Names(raw)
    for i, item in enumerate(raw.get("computed", [])):
        each = item.get("each")
        row_columns = names.list_paths.get(each) if each else None
        if each and row_columns is None:
            yield LintError(("computed", i, "each"), f"each 的列表 {each} 不存在")
        for key in ("expr", "denominator"):
            yield from _expr(names, item.get(key), ("computed", i, key), row_columns)
    yield from _checks(names, raw)
    yield from _sections(names, raw)
    yield from _grids(names, raw)
    yield from _tables(names, raw)
    for i, item in enumerate(raw.get("assessment", [])):
        for key in ("input", "due", "submitted"):
            yield from _field(names, item.get(key), ("assessment", i, key))
        for section in item.get("sections", []):
            if section not in names.sections:
                yield LintError(("assessment", i, "sections"), f"节 {section} 不存在")
    for role, value in raw.get("roles", {}).items():
        yield from _expr(names, value, ("roles", role))
    scoring = raw.get("scoring", {})
    if scoring.get("list") and scoring["list"] not in names.lists:
        yield LintError(("scoring", "list"), f"列表 {scoring['list']} 不存在")
    for key in ("base", "base_weight", "full"):
        yield from _expr(names, scoring.get(key), ("scoring", key))
    for key in ("satisfaction", "satisfaction_to"):
        value = scoring.get(key)
        for level in [value] if isinstance(value, str) else value or []:
            if level not in names.level1:
                yield LintError(("scoring", key), f"{level} 不在 profile.level1 的目录中")
    for path in raw.get("new_year", {}).get("carry", []):
        yield from _field(names, path, ("new_year", "carry"))
    for key, text in raw.get("templates", {}).items():
        yield from _template(names, text, ("templates", key))
    for key, text in raw.get("document", {}).items():
        for line in text if isinstance(text, list) else []:
            if key == "signoff":
                yield from _template(names, line, ("document", key))


def _checks(names: _Names, raw: dict[str, Any]) -> Iterator[LintError]:
    for i, check in enumerate(raw.get("checks", [])):
        grid_id = check.get("grid_columns")
        column = None
        if grid_id is not None:
            grid = names.grids.get(grid_id)
            if grid is None:
                yield LintError(("checks", i, "grid_columns"), f"网格 {grid_id} 不存在")
            else:
                column = next(iter(names.grid_columns(grid)), None)

        def fill(text: Any, column: str | None = column) -> Any:
            return text.replace("{column}", column) if isinstance(text, str) and column else text

        for key in ("total", "left", "right"):
            yield from _expr(names, fill(check.get(key)), ("checks", i, key))
        for part in check.get("parts", []):
            yield from _expr(names, part, ("checks", i, "parts"))
        for key, value in (check.get("values") or {}).items():
            yield from _expr(names, value, ("checks", i, "values", key))
        for path in check.get("fields", []):
            yield from _field(names, path, ("checks", i, "fields"))
        for pair in check.get("pairs", []):
            for path in pair:
                yield from _field(names, path, ("checks", i, "pairs"))
        path = fill(check.get("path"))
        if isinstance(path, str) and not names.data(path):
            yield LintError(("checks", i, "path"), f"path {path} 不是数据文件中的键")


def _sections(names: _Names, raw: dict[str, Any]) -> Iterator[LintError]:
    for i, section in enumerate(raw.get("sections", [])):
        for key in ("fields", "required"):
            for path in section.get(key, []):
                if not names.data(path) and path not in names.lists:
                    yield LintError(("sections", i, key), f"字段 {path} 不存在")
        for computed in section.get("derived", []):
            if computed not in names.computed:
                yield LintError(("sections", i, "derived"), f"计算值 {computed} 不存在")
        for list_id in [section.get("list"), *section.get("lists", [])]:
            if list_id is not None and list_id not in names.lists:
                yield LintError(("sections", i, "list"), f"列表 {list_id} 不存在")
        for grid_id in section.get("grids", []):
            if grid_id not in names.grids:
                yield LintError(("sections", i, "grids"), f"网格 {grid_id} 不存在")
        for j, sub in enumerate(section.get("subsections", [])):
            for key in ("field", "amount"):
                yield from _field(names, sub.get(key), ("sections", i, "subsections", j, key))
            for template in [*sub.get("templates", []), *([sub["zero_template"]] if "zero_template" in sub else [])]:
                if template not in names.templates:
                    yield LintError(("sections", i, "subsections", j, "templates"), f"模板 {template} 不存在")
            yield from _template(names, sub.get("label"), ("sections", i, "subsections", j, "label"))


def _grids(names: _Names, raw: dict[str, Any]) -> Iterator[LintError]:
    for grid_id, grid in names.grids.items():
        keys = names.grid_row_keys(grid)
        columns = names.grid_columns(grid)
        for j, row in enumerate(grid.get("rows", [])):
            for part in row.get("parts", []):
                if part not in keys:
                    yield LintError(("grids", grid_id, "rows", j, "parts"), f"分项 {part} 不是本网格的行")
            for list_id in row.get("sum_lists", []):
                if list_id not in keys:
                    yield LintError(("grids", grid_id, "rows", j, "sum_lists"), f"{list_id} 不是本网格的行")
        for new, old in grid.get("carry", {}).items():
            if new not in columns or old not in columns:
                yield LintError(("grids", grid_id, "carry"), f"carry 的列 {new} = {old} 不是本网格的列")


def _tables(names: _Names, raw: dict[str, Any]) -> Iterator[LintError]:
    context = {"n", "value", "catalog.weight"}
    for t, table in enumerate(raw.get("tables", [])):
        if table.get("section") is not None and table["section"] not in names.sections:
            yield LintError(("tables", t, "section"), f"节 {table['section']} 不存在")
        width = len(table.get("widths", []))
        for r, row in enumerate(table.get("rows", [])):
            row_columns: set[str] | None = None
            grid_list = False
            repeat = row.get("repeat")
            if repeat is not None:
                if repeat in names.lists:
                    row_columns = names.lists[repeat][1]
                else:
                    grid_id, _, list_id = repeat.partition(".")
                    grid = names.grids.get(grid_id)
                    if grid is None or list_id not in names.grid_row_keys(grid):
                        yield LintError(("tables", t, "rows", r, "repeat"), f"重复行的列表 {repeat} 不存在")
                    else:
                        row_columns, grid_list = names.grid_columns(grid) | {"name"}, True
            for field in row.get("merge", []):
                if not names.data(field, row_columns):
                    yield LintError(("tables", t, "rows", r, "merge"), f"merge 的 {field} 不是本行的列")
            span = 0
            for c, cell in enumerate(row.get("cells", [])):
                where: Address = ("tables", t, "rows", r, "cells", c)
                cell_span = cell.get("span", 1) if isinstance(cell.get("span", 1), int) else 1
                if "grid" in cell and cell["grid"] != "row" and cell["grid"].partition(".")[0] in names.grids:
                    cell_span *= len(names.grid_columns(names.grids[cell["grid"].partition(".")[0]]))
                elif cell.get("grid") == "row" and repeat and repeat.partition(".")[0] in names.grids:
                    cell_span *= len(names.grid_columns(names.grids[repeat.partition(".")[0]]))
                span += cell_span
                if "field" in cell and not names.data(cell["field"], row_columns):
                    yield LintError((*where, "field"), f"字段 {cell['field']} 不存在")
                if "value" in cell and not names.value(cell["value"], row_columns):
                    yield LintError((*where, "value"), f"计算值 {cell['value']} 不存在")
                if "grid" in cell:
                    yield from _grid_cell(names, cell["grid"], grid_list, (*where, "grid"))
                yield from _template(names, cell.get("text"), (*where, "text"), context, row_columns)
            if span > width:
                yield LintError(("tables", t, "rows", r, "cells"), f"本行的单元格共 {span} 列，超过表格的 {width} 列")
        for a, text in enumerate(table.get("after", [])):
            yield from _template(names, text, ("tables", t, "after", a))
        yield from _template(names, table.get("title"), ("tables", t, "title"))


def _grid_cell(names: _Names, ref: str, grid_list: bool, where: Address) -> Iterator[LintError]:
    if ref == "row":
        if not grid_list:
            yield LintError(where, "grid = \"row\" 只能用在重复网格命名行的行中")
        return
    grid_id, _, row = ref.partition(".")
    grid = names.grids.get(grid_id)
    if grid is None or row not in names.grid_row_keys(grid):
        yield LintError(where, f"网格行 {ref} 不存在")
