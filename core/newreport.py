"""Starting a report: a blank one, the built-in sample, or next year's from last year's.

Each year a department writes the same report again; what does not change (the unit,
its functions, the form) is carried over, and 附件1's 上年决算数 column is last
year's 本年决算数, which clerks otherwise copy by hand and get wrong.
"""

from __future__ import annotations

import copy
from typing import Any

from core.form import FormSpec, forms_dir, load_form
from core.report import SCHEMA, Report

__all__ = ["blank_report", "next_year_report", "sample_path", "SAMPLE_NAME"]

SAMPLE_NAME = "sample-junshan-ccpit-2024.toml"
DEFAULT_FORM = "hunan-department"

# Keys of last year's unit table that stay true the next year (not the date filled in).
_CARRIED_UNIT_KEYS = ("name", "short_name", "budget_code", "filled_by", "phone", "head")


def sample_path() -> Any:
    """The reference report shipped inside the package as the built-in sample."""
    return forms_dir() / SAMPLE_NAME


def blank_report(name: str | None, year: int, form_id: str = DEFAULT_FORM) -> Report:
    """A report with every section present in the form and no figures in the file."""
    spec: FormSpec = load_form(form_id)
    unit: dict[str, Any] = {"year": year}
    if name:
        unit = {"name": name, "year": year}
    return Report({"schema": SCHEMA, "form": form_id, "unit": unit}, spec)


def next_year_report(last: Report) -> Report:
    """Next year's report: unit, profile and form carried, year + 1, 上年决算数 filled."""
    spec = last.spec
    data = last.data
    unit = {key: data["unit"][key] for key in _CARRIED_UNIT_KEYS if key in data.get("unit", {})}
    year = last.year
    if year is not None:
        unit["year"] = year + 1
    new: dict[str, Any] = {"schema": SCHEMA, "form": spec.id, "unit": unit}
    if "profile" in data:
        new["profile"] = copy.deepcopy(data["profile"])
    costs_path = spec.costs.path.split(".")
    old_costs = data
    for part in costs_path:
        old_costs = old_costs.get(part, {}) if isinstance(old_costs, dict) else {}
    columns = [key for key, _, _ in spec.costs.columns]
    prev_column, final_column = columns[0], columns[-1]
    carried: dict[str, Any] = {}
    for key, row in old_costs.items():
        if isinstance(row, dict) and final_column in row:
            carried[key] = {prev_column: row[final_column]}
        elif isinstance(row, list):
            rows = [
                {"name": entry["name"], prev_column: entry[final_column]}
                for entry in row
                if isinstance(entry, dict) and "name" in entry and final_column in entry
            ]
            if rows:
                carried[key] = rows
    # parents with parts given are derived; carry a parent only where last year stored it
    if carried:
        node = new
        for part in costs_path[:-1]:
            node = node.setdefault(part, {})
        node[costs_path[-1]] = carried
    return Report(new, spec)
