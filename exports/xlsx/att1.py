"""附件1 部门整体支出绩效评价基础数据表, laid out like the published table.

Rows and labels come from the form (`[costs]`, `tables.buildings`, `[words]`); a parent
row (三公经费, 公务用车…, 项目支出) is a SUM over its parts' cells unless the file
stores the parent itself, exactly as core.grids derives it, so a clerk who corrects a
part in Excel sees the parent follow. Rates are the form's own formulas via to_excel.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from core.findings import Evaluation
from core.form.expr import BinOp, Call, Name, Neg, Node, to_excel
from core.paths import get_path
from core.report import Report
from core.text import heading
from exports.xlsx.book import Book, Formula, SheetWriter, call

__all__ = ["write_attachment1", "signature_formula", "guarded", "expr_formula"]

WIDTHS = [34.0, 12.0, 12.0, 12.0, 12.0, 12.0, 12.0]


def guarded(formula: str) -> Formula:
    """A ratio shows blank, not #DIV/0!, when its denominator is blank or 0 (core: 无法计算)."""
    return Formula(f'IFERROR({formula},"")')


def _strict_names(node: Node) -> list[str]:
    """Names whose absence makes the formula absent in core.form.expr: all but those inside sum()."""
    if isinstance(node, Name):
        return [node.path]
    if isinstance(node, Call):
        return [] if node.func == "sum" else [n for arg in node.args for n in _strict_names(arg)]
    if isinstance(node, Neg):
        return _strict_names(node.operand)
    if isinstance(node, BinOp):
        return _strict_names(node.left) + _strict_names(node.right)
    return []


def expr_formula(node: Node, cell: Callable[[str], str | None]) -> Formula:
    """A form formula as a cell formula with core's absent-in, absent-out rule.

    Excel's MIN("",100) is 100 and a blank cell counts as 0; core says an absent rate
    has no score. So the formula is blank unless every value it needs is a number.
    """
    refs = list(dict.fromkeys(ref for name in _strict_names(node) if (ref := cell(name))))
    body = to_excel(node, cell)
    if refs:
        body = f'IF(AND({",".join(f"ISNUMBER({ref})" for ref in refs)}),{body},"")'
    return guarded(body)


def signature_formula(book: Book, template: str, dates: set[str]) -> Formula:
    """The 填表人…单位负责人签字 line as a formula over the cover cells, so it follows edits."""
    parts: list[str] = []
    for piece in re.split(r"(\{[a-z_]+\})", template):
        if not piece:
            continue
        if piece.startswith("{"):
            name = piece[1:-1]
            key = name.replace("_", ".", 1)
            ref = book.ref(key)
            if ref is None:
                continue
            shown = f'TEXT({ref},"yyyy-mm-dd")' if key in dates else ref
            parts.append(f'IF(ISBLANK({ref}),"",{shown})')
        else:
            parts.append('"' + piece.replace('"', '""') + '"')
    return Formula("&".join(parts) or '""')


def write_attachment1(book: Book, ws: Any, report: Report, ev: Evaluation, values: dict[str, str]) -> None:
    spec, data, words = report.spec, report.data, report.spec.words
    section = next(s for s in spec.sections if s.grid_ids)
    w = SheetWriter(book, ws, WIDTHS)
    w.box(1, 1, section.attachment or "", style="label", border=False, span=2)
    w.box(2, 1, heading(section.title, values), span=7, style="title", align="center", border=False)
    w.height(2, 30)
    quota, actual = spec.fields["basic_data.staffing.quota"], spec.fields["basic_data.staffing.actual"]
    w.box(3, 1, words.get("staffing_group", ""), down=2, style="head", align="center")
    for col, text in ((2, quota.label), (4, actual.label), (6, words.get("staffing_rate", ""))):
        w.box(3, col, text, span=2, style="head", align="center")
    w.box(4, 2, get_path(data, quota.path), span=2, align="num", fmt="count", key=quota.path, type="count")
    w.box(4, 4, get_path(data, actual.path), span=2, align="num", fmt="count", key=actual.path, type="count")
    rate = next(c for c in spec.computed if c.id == "staffing_rate")
    w.box(4, 6, expr_formula(rate.expr, _names(book)), span=2, align="num", fmt="percent",
          derived="calc.staffing_rate", type="percent")
    row = _costs(w, book, report, values, 5)
    row = _buildings(w, book, report, values, row)
    frugality = spec.fields["basic_data.frugality"]
    w.box(row, 1, frugality.label, style="head", align="center")
    w.box(row, 2, get_path(data, frugality.path), span=6, key=frugality.path)
    row += 1
    if section.note:
        w.box(row + 1, 1, section.note, span=7, style="note", border=False)
        row += 1
    dates = {path for path, f in spec.fields.items() if f.type == "date"}
    w.box(row + 1, 1, signature_formula(book, words.get("signature", ""), dates), span=7, style="note", border=False)
    w.finish(header_rows="5:5")


def _names(book: Book, row_refs: dict[str, str] | None = None) -> Any:
    def cell(name: str) -> str | None:
        if row_refs is not None and name.startswith("row."):
            return row_refs.get(name[4:])
        return book.ref(name)

    return cell


def _costs(w: SheetWriter, book: Book, report: Report, values: dict[str, str], row: int) -> int:
    spec, data = report.spec, report.data
    section = next(s for s in spec.sections if s.grid_ids)
    costs_spec = spec.grids[section.grid_ids[0]]
    columns = list(costs_spec.column_keys)
    w.box(row, 1, spec.words.get("costs_group", costs_spec.label), style="head", align="center")
    for i, grid_column in enumerate(costs_spec.columns):
        w.box(row, 2 + 2 * i, heading(grid_column.heading, values), span=2, style="head", align="center")
    row += 1
    costs = get_path(data, costs_spec.path) or {}
    placed: dict[str, int] = {}
    table_rows: dict[str, list[int]] = {}
    for cost_row in costs_spec.rows:
        if cost_row.key:
            placed[cost_row.key] = row
            row += 1
        elif cost_row.list_id:
            entries = costs.get(cost_row.list_id) or []
            table_rows[cost_row.list_id] = list(range(row, row + len(entries)))
            placed[f"table:{cost_row.list_id}"] = row
            row += max(1, len(entries))
    prefix = costs_spec.path
    for cost_row in costs_spec.rows:
        if cost_row.list_id:
            entries = costs.get(cost_row.list_id) or []
            rows = table_rows[cost_row.list_id]
            if not entries:
                first = placed[f"table:{cost_row.list_id}"]
                w.box(first, 1, cost_row.label, indent=cost_row.indent)
                for i in range(len(columns)):
                    w.box(first, 2 + 2 * i, None, span=2, align="num", fmt="money")
            for index, (entry_row, entry) in enumerate(zip(rows, entries, strict=True)):
                base = f"{prefix}.{cost_row.list_id}[{index}]"
                w.box(entry_row, 1, entry.get("name"), indent=cost_row.indent, key=f"{base}.name")
                for i, column in enumerate(columns):
                    w.box(entry_row, 2 + 2 * i, entry.get(column), span=2, align="num", fmt="money",
                          key=f"{base}.{column}", type="money")
            continue
        assert cost_row.key is not None
        at = placed[cost_row.key]
        style = "cell"
        w.box(at, 1, cost_row.label, indent=cost_row.indent, style=style)
        for i, column in enumerate(columns):
            path = f"{prefix}.{cost_row.key}.{column}"
            stored = get_path(data, path)
            derived_id = f"calc.{costs_spec.id}.{cost_row.key}.{column}"
            if (cost_row.parts or cost_row.sum_lists) and stored is None:
                letter = "BDF"[i]
                refs = [f"{letter}{placed[part]}" for part in cost_row.parts if part in placed]
                for table in cost_row.sum_lists:
                    refs += [f"{letter}{r}" for r in table_rows.get(table, [])]
                formula = Formula(f'IF({call("COUNT", refs)}=0,"",{call("SUM", refs)})')
                w.box(at, 2 + 2 * i, formula, span=2, align="num", fmt="money", derived=derived_id, type="money")
            else:
                w.box(at, 2 + 2 * i, stored, span=2, align="num", fmt="money", key=path, type="money")
                book.refs[derived_id] = book.refs[path]
    return row


def _buildings(w: SheetWriter, book: Book, report: Report, values: dict[str, str], row: int) -> int:
    spec, words = report.spec, report.spec.words
    section = next(s for s in spec.sections if s.grid_ids)
    table = spec.lists[section.list_ids[0]]
    rates = {c.id: c for c in spec.computed if c.each == table.path}
    cols = {c.key: c for c in table.columns}
    order = ["name", "approved_area", "actual_area", "building_area_rate", "budget_investment",
             "actual_investment", "building_investment_rate"]
    for i, key in enumerate(order):
        if key == "name":
            text = heading(words.get("buildings_group", table.label), values)
        elif key in rates:
            text = rates[key].label
        else:
            col = cols[key]
            text = col.label + f"（{col.unit or spec.grids[section.grid_ids[0]].unit}）"
        w.box(row, 1 + i, text, style="head", align="center")
    w.height(row, 45)
    row += 1
    entries = get_path(report.data, table.path) or []
    if not entries:
        for i in range(len(order)):
            w.box(row, 1 + i, None)
        return row + 1
    for index, entry in enumerate(entries):
        base = f"{table.path}[{index}]"
        row_refs: dict[str, str] = {}
        for i, key in enumerate(order):
            if key in rates:
                continue
            col = cols[key]
            kind = "text" if col.type == "text" else "money"
            w.box(row, 1 + i, entry.get(key), align="left" if kind == "text" else "num",
                  fmt=None if kind == "text" else "money", key=f"{base}.{key}", type=kind)
            row_refs[key] = book.refs[f"{base}.{key}"]
        for i, key in enumerate(order):
            if key in rates:
                formula = expr_formula(rates[key].expr, _names(book, row_refs))
                w.box(row, 1 + i, formula, align="num", fmt="percent", derived=f"calc.{key}[{index}]", type="percent")
        row += 1
    return row
