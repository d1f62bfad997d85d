"""Starting a report: a blank one, the built-in sample, or next year's from last year's.

Each year a department writes the same report again; what does not change (the unit,
its functions, the form) is carried over as the form's `[new_year]` says, and a grid
column that next year restates (附件1's 上年决算数 = last year's 本年决算数) is filled as
the grid's `carry` says, which clerks otherwise copy by hand and get wrong.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from core.form import FormSpec, UnknownForm, form_dirs, forms_dir, installed_forms, load_form
from core.paths import get_path, set_path
from core.report import SCHEMA, Report

__all__ = ["blank_report", "next_year_report", "sample_path", "default_form"]


def default_form() -> FormSpec:
    """The form `jixiao new` makes when none is named: the one marked `default`."""
    forms = installed_forms()
    if not forms:
        raise UnknownForm("")
    return forms[0]


def sample_path(spec: FormSpec | None = None) -> Path:
    """The built-in sample report of a form (the default form's when none is given)."""
    spec = spec or default_form()
    if not spec.sample:
        raise UnknownForm(spec.id)
    return next((folder / spec.sample for folder in form_dirs() if (folder / spec.sample).is_file()),
                forms_dir() / spec.sample)


def blank_report(name: str | None, year: int, form_id: str | None = None) -> Report:
    """A report with no figures in the file: only the form, the year and the unit's name."""
    spec = load_form(form_id) if form_id else default_form()
    data: dict[str, Any] = {"schema": SCHEMA, "form": spec.id}
    year_path, unit_path = spec.role("year"), spec.role("unit")
    if year_path:
        set_path(data, year_path, year)
    if name and unit_path:
        set_path(data, unit_path, name)
    return Report(data, spec)


def next_year_report(last: Report) -> Report:
    """Next year's report: what the form carries, the year + 1, grid columns carried."""
    spec = last.spec
    new: dict[str, Any] = {"schema": SCHEMA, "form": spec.id}
    for path in spec.new_year:
        value = get_path(last.data, path)
        if value is not None:
            set_path(new, path, copy.deepcopy(value))
    year_path = spec.role("year")
    if year_path and last.year is not None:
        set_path(new, year_path, last.year + 1)
    for grid in spec.grids.values():
        old_rows = get_path(last.data, grid.path)
        if not isinstance(old_rows, dict) or not grid.carry:
            continue
        carried: dict[str, Any] = {}
        for key, row in old_rows.items():
            if isinstance(row, dict):
                moved = {new_col: row[old_col] for new_col, old_col in grid.carry.items() if old_col in row}
                if moved:
                    carried[key] = moved
            elif isinstance(row, list):
                entries = [{"name": entry["name"], **{new_col: entry[old_col] for new_col, old_col in grid.carry.items()
                                                      if old_col in entry}}
                           for entry in row if isinstance(entry, dict) and "name" in entry]
                entries = [entry for entry in entries if len(entry) > 1]
                if entries:
                    carried[key] = entries
        if carried:
            set_path(new, grid.path, carried)
    return Report(new, spec)
