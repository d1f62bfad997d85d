"""A report: the inputs of one data file as typed values, and the rule for what types they take.

The data file holds only what a person enters (report-schema.md); this module gives
those inputs a home (`Report`) and refuses, with a Chinese reason, a key of the wrong
type (`year = "二〇二四"`) so nothing downstream meets a value it cannot compute with.
Reading and writing files is core.storage's.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.form import FormSpec, GridSpec, section_short
from core.labels import path_label
from core.numbers import fmt_plain
from core.paths import delete_path, get_path, set_path

__all__ = ["Report", "ReportError", "SCHEMA", "validate_types", "describe"]

SCHEMA = 1

_TYPE_NAMES = {
    "text": "文字",
    "textlist": "文字列表",
    "money": "数字",
    "score": "数字",
    "count": "整数",
    "year": "整数年份",
    "date": "日期",
    "bool": "是/否（true/false）",
}


class ReportError(Exception):
    """A file that cannot be read as a report; the message is Chinese and names the file.

    The message names a field in the form's own words; `key` (the data key, such as
    `unit.year`) and `detail` (what a programmer would want: the parser's own words) are
    for `--verbose` and never part of the message itself.
    """

    def __init__(self, message: str, *, key: str | None = None, detail: str | None = None) -> None:
        super().__init__(message)
        self.message, self.key, self.detail = message, key, detail

    def __reduce__(self) -> tuple[Any, ...]:  # pickles between batch workers with its extras
        return (_rebuild_error, (self.message, self.key, self.detail))

    def __str__(self) -> str:
        return self.message

    def verbose(self) -> str:
        """The message with the data key and the technical detail, for `--verbose`."""
        extra = [f"键 {self.key}"] if self.key else []
        extra += [self.detail] if self.detail else []
        return self.message + (f"（{'；'.join(extra)}）" if extra else "")


def _rebuild_error(message: str, key: str | None, detail: str | None) -> ReportError:
    return ReportError(message, key=key, detail=detail)


class Report:
    """The inputs of one report, as nested tables of typed values (Decimal, int, str, date)."""

    __slots__ = ("data", "spec", "source")

    def __init__(self, data: dict[str, Any], spec: FormSpec, source: Path | None = None) -> None:
        self.data = data
        self.spec = spec
        self.source = source

    def __repr__(self) -> str:
        unit = self.spec.role("unit")
        return f"Report({self.spec.id}, {self.get(unit) if unit else None!r}, {self.year})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Report) and (self.data, self.spec.id) == (other.data, other.spec.id)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def get(self, path: str) -> Any:
        return get_path(self.data, path)

    def set(self, path: str, value: Any) -> None:
        """Set a field; None, "" or [] removes it, because blank is absent."""
        set_path(self.data, path, value)

    def delete(self, path: str) -> None:
        delete_path(self.data, path)

    def copy(self) -> Report:
        import copy  # with weakref, milliseconds a run that copies nothing would pay

        return Report(copy.deepcopy(self.data), self.spec, self.source)

    @property
    def year(self) -> int | None:
        path = self.spec.role("year")
        year = self.get(path) if path else None
        return year if isinstance(year, int) and not isinstance(year, bool) else None


def describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"布尔值 {str(value).lower()}"
    if isinstance(value, str):
        shown = value if len(value) <= 20 else value[:20] + "…"
        return f"文字 “{shown}”"
    if isinstance(value, Decimal) and not value.is_finite():
        return f"无效的数值 {value}"
    if isinstance(value, (int, Decimal)):
        return f"数字 {fmt_plain(value)}"
    if isinstance(value, dict):
        return "表"
    if isinstance(value, list):
        return "数组"
    if isinstance(value, dt.datetime):  # before date: a datetime is a date too
        return f"日期时间 {value.isoformat(sep=' ')}"
    if isinstance(value, dt.date):
        return f"日期 {value.isoformat()}"
    if isinstance(value, dt.time):
        return f"时刻 {value.isoformat()}"
    return type(value).__name__


def _type_ok(kind: str, value: Any) -> bool:
    if kind == "text":
        return isinstance(value, str)
    if kind == "textlist":
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    if kind in ("money", "score"):
        if isinstance(value, bool):
            return False
        return isinstance(value, int) or (isinstance(value, Decimal) and value.is_finite())
    if kind in ("count", "year"):
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "date":
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if kind == "bool":
        return isinstance(value, bool)
    return True


def _refuse(name: str, spec: FormSpec, data: dict[str, Any], path: str, kind: str, value: Any) -> ReportError:
    return ReportError(
        f"{name}：{path_label(spec, data, path)} 应为{_TYPE_NAMES.get(kind, kind)}，文件中是{describe(value)}",
        key=path,
    )


def _check_tables(name: str, spec: FormSpec, data: dict[str, Any], path: str) -> None:
    """Every table on the way to a known key must be a table, or the key cannot be read."""
    parts = path.split(".")
    node: Any = data
    for depth, part in enumerate(parts[:-1]):
        if not isinstance(node, dict) or part not in node:
            return
        node = node[part]
        if not isinstance(node, dict):
            prefix = ".".join(parts[: depth + 1])
            raise ReportError(f"{name}：{path_label(spec, data, prefix)} 应为表，文件中是{describe(node)}",
                              key=prefix, detail=f"[{prefix}]")


def validate_types(name: str, data: dict[str, Any], spec: FormSpec) -> None:
    """Refuse keys of the wrong type: the form's fields, list rows and grid rows."""
    for path, field_spec in spec.fields.items():
        _check_tables(name, spec, data, path)
        value = get_path(data, path)
        if value is not None and not _type_ok(field_spec.type, value):
            raise _refuse(name, spec, data, path, field_spec.type, value)
    for table in spec.lists.values():
        _check_tables(name, spec, data, table.path)
        rows = get_path(data, table.path)
        if rows is None:
            continue
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise ReportError(f"{name}：{path_label(spec, data, table.path)} 应为多行的表（表数组）",
                              key=table.path, detail=f"[[{table.path}]]")
        for index, row in enumerate(rows):
            for column in table.columns:
                value = row.get(column.key)
                if value is not None and not _type_ok(column.type, value):
                    raise _refuse(name, spec, data, f"{table.path}[{index}].{column.key}", column.type, value)
    for grid in spec.grids.values():
        _validate_grid(name, spec, data, grid)


def _validate_grid(name: str, spec: FormSpec, data: dict[str, Any], grid: GridSpec) -> None:
    _check_tables(name, spec, data, grid.path + ".x")
    stored = get_path(data, grid.path)
    if stored is None:
        return
    if not isinstance(stored, dict):
        raise ReportError(f"{name}：{_grid_words(spec, grid)} 应为表，文件中是{describe(stored)}", key=grid.path)
    for row_spec in grid.rows:
        key = row_spec.key or row_spec.list_id
        assert key is not None
        label = row_spec.label
        row = stored.get(key)
        if row is None:
            continue
        if row_spec.key:
            if not isinstance(row, dict):
                raise ReportError(f"{name}：{_grid_words(spec, grid)} · {label} 应为表，文件中是{describe(row)}",
                                  key=f"{grid.path}.{key}")
            entries = [("", row)]
        else:
            if not isinstance(row, list) or not all(isinstance(entry, dict) for entry in row):
                raise ReportError(f"{name}：{_grid_words(spec, grid)} · {label} 应为多行的表（表数组）",
                                  key=f"{grid.path}.{key}", detail=f"[[{grid.path}.{key}]]")
            entries = [(f"[{index}]", entry) for index, entry in enumerate(row)]
        for suffix, entry in entries:
            if suffix and "name" in entry and not isinstance(entry["name"], str):
                raise _refuse(name, spec, data, f"{grid.path}.{key}{suffix}.name", "text", entry["name"])
            for column in grid.column_keys:
                if column in entry and not _type_ok("money", entry[column]):
                    raise _refuse(name, spec, data, f"{grid.path}.{key}{suffix}.{column}", "money", entry[column])


def _grid_words(spec: FormSpec, grid: GridSpec) -> str:
    owner = spec.grid_section(grid.id)
    return f"{section_short(owner)} · {grid.label}" if owner else grid.label
