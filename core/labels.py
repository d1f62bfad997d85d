"""A data key in the form's own words, and the section it belongs to.

Messages name fields as the paper form does (`附件2 · 产出指标 · 新签约项目 · 得分`,
`附件1 · 公用经费 · 本年决算数`), so a clerk finds the cell without knowing the
file's keys. All the words come from the form definition.

Every finding asks for both, so a report of 100,000 indicator rows asks 100,000 times:
what depends only on the form (the section of `rows[…].score`, a
field's label) is worked out once per form and path shape, and a row is found by its
index, never by walking the file again.
"""

from __future__ import annotations

import re
from typing import Any

from core.form import FormSpec, GridSpec, ListSpec, Section, section_short
from core.paths import get_path

__all__ = ["path_label", "path_section"]

_ROW = re.compile(r"^(?P<table>.+)\[(?P<index>\d+)\](?:\.(?P<column>[^.\[]+))?$")
_INDEXES = re.compile(r"\[\d+\]")
_CACHES: dict[int, tuple[FormSpec, dict[str, Any]]] = {}
_MISSING = object()


def _cache(spec: FormSpec) -> dict[str, Any]:
    """Answers that depend on the form only, kept with the form they came from (a form
    is a tuple of dicts, so it cannot be a key itself)."""
    entry = _CACHES.get(id(spec))
    if entry is None or entry[0] is not spec:
        if len(_CACHES) > 32:  # tests build forms by the dozen; the installed ones are few
            _CACHES.clear()
        entry = (spec, {})
        _CACHES[id(spec)] = entry
    return entry[1]


def _grid_parts(spec: FormSpec, path: str) -> tuple[GridSpec, str, str | None] | None:
    grid = spec.grid_of_path(path)
    if grid is None:
        return None
    row_key, _, column = path[len(grid.path) + 1:].partition(".")
    return grid, row_key, column or None


def path_section(spec: FormSpec, path: str) -> Section | None:
    """The section where a clerk edits this key (None for the report as a whole)."""
    if not path:
        return None
    shape = _INDEXES.sub("[0]", path) if "[" in path else path
    cache = _cache(spec)
    key = "section:" + shape
    found = cache.get(key, _MISSING)
    if found is _MISSING:
        found = _find_section(spec, shape)
        cache[key] = found
    return found  # type: ignore[no-any-return]


def _find_section(spec: FormSpec, path: str) -> Section | None:
    if path in spec.field_section:
        return spec.field_section[path]
    grid = spec.grid_of_path(path)
    if grid is not None:
        return spec.grid_section(grid.id)
    match = _ROW.match(path)
    table_path = match.group("table") if match else path
    for section in spec.sections:
        for list_id in (section.list_id, *section.list_ids):
            if list_id and spec.lists[list_id].path == table_path:
                return section
    best: Section | None = None
    for section in spec.sections:
        if any(p.startswith(path + ".") or path.startswith(p + ".") for p in section.fields):
            best = best or section
    return best


def _grid_label(spec: FormSpec, data: dict[str, Any], grid: GridSpec, row_key: str,
                column: str | None) -> str:
    table_match = _ROW.match(row_key + ("." + column if column else ""))
    if table_match:
        row_key = table_match.group("table")
        column = table_match.group("column")
    row = next((r for r in grid.rows if row_key in (r.key, r.list_id)), None)
    owner = spec.grid_section(grid.id)
    words = ([section_short(owner)] if owner else []) + [row.label if row else row_key]
    if table_match:
        name = get_path(data, f"{grid.path}.{row_key}[{table_match.group('index')}].name")
        if name:
            words.append(str(name))
    if column in grid.column_keys:
        words.append(grid.column_label(column))
    return " · ".join(words)


def _list_of(spec: FormSpec, table_path: str) -> ListSpec | None:
    cache = _cache(spec)
    key = "list:" + table_path
    found = cache.get(key, _MISSING)
    if found is _MISSING:
        found = spec.list_by_path(table_path)
        cache[key] = found
    return found  # type: ignore[no-any-return]


def _row_label(spec: FormSpec, data: dict[str, Any], path: str, table: ListSpec, index: int,
               column_key: str | None) -> str:
    rows = get_path(data, table.path)
    entry = rows[index] if isinstance(rows, list) and index < len(rows) else None
    entry = entry if isinstance(entry, dict) else {}
    section = path_section(spec, path)
    parts = [section_short(section)] if section else []
    if table.row_group:
        parts.append(str(entry.get(table.row_group) or "？"))
    ordinal = f"{table.row_label}{index + 1}"
    parts.append(str(entry.get(table.row_name) or ordinal) if table.row_name else ordinal)
    if column_key:
        spec_column = next((c for c in table.columns if c.key == column_key), None)
        parts.append(spec_column.label if spec_column else column_key)
    return " · ".join(parts)


def _row_plan(spec: FormSpec, shape: str) -> tuple[ListSpec, list[str], str | None] | None:
    """What a one-index row path's label takes from the form: (its list, the words before
    the row's own, the column's words), or None for a path labelled another way."""
    if _grid_parts(spec, shape) is not None:
        return None
    match = _ROW.match(shape)
    table = _list_of(spec, match.group("table")) if match else None
    if match is None or table is None:
        return None
    section = path_section(spec, shape)
    column_key = match.group("column")
    column = None
    if column_key:
        spec_column = next((c for c in table.columns if c.key == column_key), None)
        column = spec_column.label if spec_column else column_key
    return table, [section_short(section)] if section else [], column


def _row_words(data: dict[str, Any], table: ListSpec, index: int, head: list[str], column: str | None) -> str:
    rows = get_path(data, table.path)
    entry = rows[index] if isinstance(rows, list) and index < len(rows) else None
    entry = entry if isinstance(entry, dict) else {}
    parts = list(head)
    if table.row_group:
        parts.append(str(entry.get(table.row_group) or "？"))
    ordinal = f"{table.row_label}{index + 1}"
    parts.append(str(entry.get(table.row_name) or ordinal) if table.row_name else ordinal)
    if column:
        parts.append(column)
    return " · ".join(parts)


def path_label(spec: FormSpec, data: dict[str, Any], path: str) -> str:
    """`budget.basic` → `二 一般公共预算 · 基本支出`; rows are named by their row-name column."""
    if path in spec.fields:
        return spec.field_label(path)
    start = path.find("[")
    end = path.find("]", start)
    digits = path[start + 1: end]
    if start > 0 and digits.isdigit() and digits.isascii() and path.count("[") == 1:
        # a list's row, the most asked: what the form decides is worked out once per shape
        shape = f"{path[:start]}[0]{path[end + 1:]}"
        cache = _cache(spec)
        plan = cache.get("row:" + shape, _MISSING)
        if plan is _MISSING:
            plan = cache["row:" + shape] = _row_plan(spec, shape)
        if plan is not None:
            table, head, column = plan
            return _row_words(data, table, int(digits), head, column)
    grid_parts = _grid_parts(spec, path)
    if grid_parts is not None:
        return _grid_label(spec, data, *grid_parts)
    match = _ROW.match(path) if "[" in path else None
    if match:
        table = _list_of(spec, match.group("table"))
        if table is not None:
            return _row_label(spec, data, path, table, int(match.group("index")), match.group("column"))
    table = _list_of(spec, path)
    if table is not None:
        section = path_section(spec, path)
        return f"{section_short(section)} · {table.label}" if section else table.label
    section = path_section(spec, path)
    return section.label if section else path
