"""A clerk typing a whole report, as a list of steps built from the form and the target report.

The plan walks the form as the editor lays it out (sections in order; in a section its
fields, then its grids, then its lists; a records section its list first; the indicator
section its table, then the row form) and types each value of the target report in one
burst, moving on with Tab (or Enter), starting lists with Enter on their empty line or
Ctrl+N, entering each section through the palette. Nothing in it names a field of any
form, so the same plan types another form's sample report.

Steps are plain data, run by a driver: the real program in tmux (test_acceptance_tmux)
or the Pilot (test_acceptance_pilot).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any, NamedTuple

from core.form import FormSpec, Section
from core.paths import get_path

__all__ = ["Step", "Text", "Keys", "Wait", "Pause", "plan_report", "shown", "input_keys"]


class Text(NamedTuple):
    """One value, sent as one burst ("\\n" is Enter)."""

    text: str


class Keys(NamedTuple):
    """Named keys (Textual's names: tab, enter, ctrl+n …), sent as one burst."""

    keys: tuple[str, ...]


class Wait(NamedTuple):
    """Wait until the screen shows this text."""

    text: str


class Pause(NamedTuple):
    """A clerk's short pause between two fields."""


Step = Text | Keys | Wait | Pause

_BLANK = (None, "", [], {})


def keys(*names: str) -> Keys:
    return Keys(tuple(names))


def shown(kind: str, value: Any) -> str:
    """What a clerk types for a stored value."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        text = f"{value:f}"
        return text
    return str(value)


class _Walk:
    def __init__(self, spec: FormSpec, target: dict[str, Any], given: set[str]) -> None:
        self.spec = spec
        self.target = target
        self.typed = set(given)  # paths already holding their value (the dialog's, or an earlier section's)
        self.count = 0  # fields walked, to alternate Tab and Enter as a clerk does

    def value(self, path: str) -> Any:
        return get_path(self.target, path)

    def leave(self, one_line: bool) -> Keys:
        """Tab, or (on a one-line field, every third time) Enter."""
        self.count += 1
        return keys("enter" if one_line and self.count % 3 == 0 else "tab")

    def field(self, section: Section, path: str) -> Iterator[Step]:
        spec = self.spec.fields[path]
        if spec.type == "textlist":
            yield from self.strings(path)
            return
        value = self.value(path)
        long = spec.type == "text" and (section.kind == "text" or (isinstance(value, str) and "\n" in value))
        if path in self.typed or value in _BLANK:
            yield keys("tab")
            return
        self.typed.add(path)
        yield Text(shown(spec.type, value))
        yield Pause()
        yield self.leave(one_line=not long)

    def strings(self, path: str) -> Iterator[Step]:
        items = [item for item in (self.value(path) or []) if item not in _BLANK]
        if path in self.typed or not items:
            yield keys("tab")  # over the empty list's line
            return
        self.typed.add(path)
        for index, item in enumerate(items):
            yield keys("enter" if index == 0 else "ctrl+n")
            yield Text(str(item))
            yield Pause()
        yield keys("tab")

    def records(self, list_path: str, columns: list[tuple[str, str]], first_key: str = "enter") -> Iterator[Step]:
        """Rows of a list: Enter on the empty line (or Ctrl+N) starts each, Tab between columns."""
        rows = [row for row in (self.value(list_path) or []) if isinstance(row, dict) and row]
        if not rows:
            yield keys("tab")
            return
        for index, row in enumerate(rows):
            yield keys(first_key if index == 0 else "ctrl+n")
            for position, (key, kind) in enumerate(columns):
                value = row.get(key)
                if value not in _BLANK:
                    yield Text(shown(kind, value))
                    yield Pause()
                if position < len(columns) - 1:
                    yield keys("tab")
        yield keys("tab")

    def grid(self, grid_id: str) -> Iterator[Step]:
        grid = self.spec.grids[grid_id]
        for row in grid.rows:
            if row.list_id:
                columns = [("name", "text"), *((c, "money") for c in grid.column_keys)]
                yield from self.records(f"{grid.path}.{row.list_id}", columns)
            elif not (row.parts or row.sum_lists):
                for column in grid.column_keys:
                    value = self.value(f"{grid.path}.{row.key}.{column}")
                    if value not in _BLANK:
                        yield Text(shown("money", value))
                        yield Pause()
                    yield keys("tab")

    def lists(self, section: Section) -> Iterator[Step]:
        for list_id in (section.list_id, *section.list_ids):
            if list_id and list_id in self.spec.lists:
                table = self.spec.lists[list_id]
                yield from self.records(table.path, [(c.key, c.type) for c in table.columns])

    def indicators(self, section: Section) -> Iterator[Step]:
        list_id = section.list_id or (self.spec.scored_list.id if self.spec.scored_list else None)
        if not list_id:
            return
        table = self.spec.lists[list_id]
        rows = [row for row in (self.value(table.path) or []) if isinstance(row, dict)]
        for row in rows:
            yield keys("ctrl+n")
            for position, column in enumerate(table.columns):
                value = row.get(column.key)
                if value not in _BLANK:
                    yield Text(shown(column.type, value))
                    yield Pause()
                if position < len(table.columns) - 1:
                    yield keys("tab")

    def section(self, index: int, section: Section) -> Iterator[Step]:
        count = len(self.spec.sections)
        yield keys("ctrl+p")
        yield Wait("命令面板")
        yield Text(f"跳转到 {section.nav}")
        yield keys("enter")
        yield Wait(f"第 {index + 1}/{count} 节")
        fields = [path for path in section.fields if path in self.spec.fields]
        if section.kind == "records":
            yield from self.lists(section)
            for path in fields:
                yield from self.field(section, path)
        elif section.kind == "indicators":
            for path in fields:
                yield from self.field(section, path)
            yield from self.indicators(section)
        else:
            for path in fields:
                yield from self.field(section, path)
            for grid_id in section.grid_ids:
                yield from self.grid(grid_id)
            yield from self.lists(section)


def plan_report(spec: FormSpec, target: dict[str, Any], default_year: int, file_name: str,
                form_choice: int | None = None) -> list[Step]:
    """Every key from the new-report dialog to Ctrl+Q, for a file that does not exist yet;
    `form_choice` is the form's place in the dialog's list when several forms are installed."""
    unit_path, year_path = spec.role("unit"), spec.role("year")
    unit = get_path(target, unit_path) if unit_path else None
    year = get_path(target, year_path) if year_path else None
    steps: list[Step] = [Wait(f"新建报告 {file_name}")]
    if unit:
        steps += [Text(str(unit)), Pause()]
    steps.append(keys("tab"))
    if year is not None:
        steps += [keys("end", *["backspace"] * len(str(default_year))), Text(str(year)), Pause()]
    if form_choice is not None:
        steps.append(keys("tab", *["down"] * form_choice))
    steps += [keys("enter"), Wait(f"第 1/{len(spec.sections)} 节")]
    walk = _Walk(spec, target, {path for path in (unit_path, year_path) if path})
    for index, section in enumerate(spec.sections):
        steps.extend(walk.section(index, section))
    steps += [keys("ctrl+s"), Wait("已保存 ·"), keys("ctrl+q")]
    return steps


def input_keys(data: Any, prefix: str = "") -> dict[str, Any]:
    """Every leaf of a report's data by dotted path (rows by index), to compare key by key."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(input_keys(value, f"{prefix}.{key}" if prefix else key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out.update(input_keys(value, f"{prefix}[{index}]"))
    else:
        out[prefix] = data
    return out
