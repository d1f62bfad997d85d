"""`jixiao import BOOK.xlsx`: a workbook jixiao exported, edited in Excel or WPS, back into a data file.

Import goes only through the hidden `_jixiao` map: every input key has one cell, so
nothing is guessed from labels or positions. A blank cell is an absent key. A derived
cell (a formula) that someone overwrote with a value is not an input: it is reported
as a warning naming the cell, the typed value and the value computed from the inputs.
Text where a number belongs is an error naming the cell. A workbook without the map
is refused, saying what was expected. The file is checked by safe_zip before openpyxl
sees it, and openpyxl parses with defusedxml.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.checks.context import data_path
from core.evaluate import evaluate
from core.findings import Evaluation
from core.form import FormSpec, UnknownForm, load_form
from core.labels import path_label
from core.numbers import NumberError, fmt_percent, fmt_plain, fmt_score, parse_count, parse_number
from core.paths import split_path
from core.report import Report, ReportError, validate_types
from core.values import value_of
from core.visible import visible
from exports.safe_zip import WorkbookRefused, check_xlsx
from exports.xlsx.map import (
    EXPECTED,
    map_rows,
    map_templates,
    read_meta,
    strip_template,
    unnumbered,
)

__all__ = ["ImportResult", "WorkbookRefused", "read_workbook", "derived_value", "derived_cells"]


_WANT = {"money": "数字", "score": "数字", "count": "整数", "year": "整数", "int": "整数", "date": "日期",
         "datetime": "日期时间", "time": "时刻", "bool": "是/否"}



@dataclass
class ImportResult:
    """What import read: the report (None when errors stop it), warnings and errors."""

    report: Report | None
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _shown(value: Any) -> str:
    if isinstance(value, float):  # float-ok: openpyxl reads numbers as float
        return fmt_plain(Decimal(str(value)))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)


def _number(value: Any, kind: str) -> Decimal | int:
    """A cell's number; raises NumberError for text that is not a figure."""
    if isinstance(value, bool):
        raise NumberError(f"“{value}”不是数字")
    if isinstance(value, int):
        return value
    if isinstance(value, float):  # float-ok: openpyxl reads numbers as float
        number = Decimal(str(value))
        if not number.is_finite():
            raise NumberError(f"“{value}”不是数字")
    elif isinstance(value, str):
        number = Decimal(parse_count(value)) if kind in ("count", "year", "int") else parse_number(value)
    else:
        raise NumberError(f"“{value}”不是数字")
    if kind in ("count", "year", "int"):
        if number != number.to_integral_value():
            raise NumberError(f"{_shown(value)} 应为整数")
        return int(number)
    return number


def _convert(value: Any, kind: str) -> Any:
    """The cell's value as the data file types it; NumberError/ValueError when it cannot be."""
    if kind in ("money", "score", "count", "year", "int"):
        return _number(value, kind)
    if kind in ("datetime", "time"):
        # a key the form does not know, written as its ISO text with its time of day (exports.xlsx.map)
        wanted = dt.datetime if kind == "datetime" else dt.time
        if isinstance(value, wanted):
            return value
        try:
            return wanted.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(f"“{_cut(str(value))}”不是{_WANT[kind]}") from None
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):  # a date Excel cannot count, written as its ISO text
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError(f"“{_cut(value)}”不是日期") from None
        raise ValueError(f"{_shown(value)} 不是日期")
    if kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("是", "true", "1", "yes", "=true()"):  # LibreOffice saves a boolean as =TRUE()
            return True
        if text in ("否", "false", "0", "no", "=false()"):
            return False
        raise ValueError(f"“{_shown(value)}”应为 是/否")
    text = _shown(value)
    if kind == "numbered":
        return unnumbered(text)
    return text


def _place(tree: dict[str, Any], key: str, value: Any) -> None:
    """Put a value at a dotted key with [i]; list indices collect in dicts until `_lists`."""
    node: Any = tree
    segments = split_path(key)
    for segment, following in zip(segments, segments[1:], strict=False):
        marker = ("list" if isinstance(following, int) else "dict")
        node = node.setdefault(segment, {"__kind__": marker})
    node[segments[-1]] = value


def _lists(node: Any) -> Any:
    if isinstance(node, dict):
        kind = node.pop("__kind__", "dict")
        items = {k: _lists(v) for k, v in node.items()}
        items = {k: v for k, v in items.items() if v not in ({}, [], None, "")}
        if kind == "list":
            return [items[k] for k in sorted(items)]
        return items
    return node


def _label(spec: FormSpec, key: str) -> str:
    """A map key in the form's words: a field, a computed value, a review item, a score."""
    if key.startswith("calc."):
        computed = next((c for c in spec.computed if c.id == key[5:].split("[")[0]), None)
        if computed is not None:
            return computed.label
        return path_label(spec, {}, data_path(spec, key))
    if key.startswith("review."):
        item = next((i for i in spec.assessment if i.id == key[7:]), None)
        return item.item if item else spec.words.get(key, key)
    if key.startswith(("score.", "form.")):
        return spec.words.get(key, key)
    return path_label(spec, {}, key)


def derived_value(key: str, report: Report, ev: Evaluation) -> Decimal | str | None:
    """What core computes for a derived cell of the map (the cell must show this)."""
    value = value_of(key, report, ev)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return Decimal(value)
    return value if isinstance(value, (Decimal, str)) or value is None else str(value)


def _key_order(spec: FormSpec) -> list[str]:
    """The data file's top-level keys in the order the form declares them."""
    order = ["schema", "form"]
    for path in [*spec.fields, *(t.path for t in spec.lists.values()), *(g.path for g in spec.grids.values())]:
        head = path.split(".")[0].split("[")[0]
        if head not in order:
            order.append(head)
    return order


def _formatted(value: Decimal | str | None, kind: str) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, Decimal):
        return fmt_percent(value) if kind == "percent" else fmt_score(value)
    return str(value)


def derived_cells(workbook: Any) -> list[tuple[str, str, str, str, str]]:
    """(key, sheet, cell, type, role) of every derived cell the map lists."""
    return [row for row in map_rows(workbook) if row[4] in ("formula", "static")]




# Excel and WPS hold at most this many characters in a cell; a longer text was not typed.
CELL_TEXT_CAP = 32_767


def _open(path: Path, name: str) -> Any:
    """The workbook, opened from the bytes safe_zip checked (never the path again)."""
    import io

    from openpyxl import load_workbook

    data = check_xlsx(path)
    try:
        return load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # openpyxl and defusedxml raise many kinds for a broken file
        raise WorkbookRefused(f"{name}：无法读取工作簿（文件已损坏，或不是 Excel/WPS 保存的 xlsx 工作簿）",
                              detail=f"{type(exc).__name__}: {exc}") from None


def _sheet(workbook: Any, sheet: str, name: str) -> Any:
    from openpyxl.worksheet.worksheet import Worksheet

    if sheet not in workbook.sheetnames:
        raise WorkbookRefused(f"{name}：缺少工作表“{visible(sheet, keep_newlines=False)}”（被改名或删除？）；应为{EXPECTED}")
    ws = workbook[sheet]
    if not isinstance(ws, Worksheet):
        raise WorkbookRefused(f"{name}：“{visible(sheet, keep_newlines=False)}”不是工作表；应为{EXPECTED}")
    return ws


def read_workbook(path: Path) -> ImportResult:
    """Read a jixiao workbook; raises WorkbookRefused when it is not one or is unsafe.

    The map is checked whole before any cell is read (exports.xlsx.map.map_rows), and the
    data read is checked as `jixiao check` would load it (written as the data file, read
    back by core.storage: nesting, size, schema, form, types), so an import never writes a
    file that the other commands refuse.
    """
    path = Path(path)
    name = visible(str(path), keep_newlines=False)
    workbook = _open(path, name)
    meta = read_meta(workbook, name)
    try:
        spec = load_form(str(meta.get("form")))
    except UnknownForm:
        shown = visible(str(meta.get("form"))[:60], keep_newlines=False)
        raise WorkbookRefused(f"{name}：未知的表单类型 form = “{shown}”") from None
    try:
        rows = map_rows(workbook)
        templates = map_templates(workbook)
    except WorkbookRefused as exc:  # the map's own refusals name the sheet and row, not the file
        raise WorkbookRefused(f"{name}：{exc}") from None
    sheets = {sheet: _sheet(workbook, sheet, name) for sheet in dict.fromkeys(row[1] for row in rows)}
    result = ImportResult(None)
    tree: dict[str, Any] = {}
    merged: dict[tuple[str, str], Any] = {}
    derived: list[tuple[str, str, str, str, str]] = []
    for key, sheet, cell, kind, role in rows:
        if role in ("formula", "static"):
            derived.append((key, sheet, cell, kind, role))
            continue
        found = _top(sheets[sheet], cell, merged)
        value = found.value
        where = f"{visible(sheet, keep_newlines=False)}!{cell}（{_label(spec, key)}）"
        if isinstance(value, str) and len(value) > CELL_TEXT_CAP:
            result.errors.append(f"{where}有 {len(value)} 个字符，超过单元格的上限 {CELL_TEXT_CAP}")
            continue
        if isinstance(value, str) and key in templates and found.data_type != "f":
            inner = strip_template(value, templates[key])
            value = inner if inner is not None else value
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if found.data_type == "f" and kind not in ("bool", "text", "numbered"):
            result.errors.append(f"{where}应填{_WANT.get(kind, kind)}，"
                                 f"单元格中是公式“{_cut(value)}”（导入只读填写的数值，请改为数字）")
            continue
        if found.data_type == "f" and kind != "bool":
            result.warnings.append(f"{where}中是公式“{_cut(value)}”，已按文字原样导入")
        try:
            converted = _convert(value, kind)
        except (NumberError, ValueError, ArithmeticError) as exc:
            result.errors.append(f"{where}应为{_WANT.get(kind, kind)}，单元格中是“{_cut(_shown(value))}”（{_cut(str(exc), 80)}）")
            continue
        if converted not in ("", [], None):
            _place(tree, key, converted)
    data = _lists(tree)
    data = {"schema": meta.get("schema", 1), "form": spec.id, **data}
    ordered = {k: data[k] for k in _key_order(spec) if k in data}
    ordered.update({k: v for k, v in data.items() if k not in ordered})
    report = None if result.errors else _as_loaded(ordered, spec, name, result)
    if report is None:
        return result
    evaluation = evaluate(report)
    for key, sheet, cell, kind, role in derived:
        value = sheets[sheet][cell].value
        is_formula = isinstance(value, str) and value.startswith("=")
        if role == "formula" and is_formula:
            continue
        computed = derived_value(key, report, evaluation)
        if role == "static" and _same(value, computed):
            continue
        typed = "（已清空）" if value is None else _cut(_shown(value))
        result.warnings.append(
            f"{visible(sheet, keep_newlines=False)}!{cell}（{_label(spec, key)}）是计算得出的单元格，被改为 {typed}；"
            f"按导入的数据计算应为 {_formatted(computed, kind)}（未导入此值）")
    result.report = report
    return result


def _cut(value: Any, limit: int = 60) -> str:
    text = visible(str(value), keep_newlines=False)
    return text if len(text) <= limit else text[:limit] + "…"


def _as_loaded(data: dict[str, Any], spec: FormSpec, name: str, result: ImportResult) -> Report | None:
    """The data as `jixiao check` will read the file import writes, or None with the
    reason in `result.errors`: the file text is made and loaded back."""
    from core.storage import SIZE_CAP, dumps, loads

    try:
        validate_types(name, data, spec)
        text = dumps(Report(data, spec, None))
        if len(text.encode("utf-8")) > SIZE_CAP:
            result.errors.append(f"{name}：导入后的数据文件超过 {SIZE_CAP // 1024 // 1024} MB，不像一份报告")
            return None
        return loads(text, name)
    except ReportError as exc:
        result.errors.append(str(exc))
    except (TypeError, ValueError) as exc:  # a value tomli-w cannot write: never from _convert
        result.errors.append(f"{name}：工作簿中的数据无法写成数据文件（{type(exc).__name__}）")
    return None


def _same(value: Any, computed: Decimal | str | None) -> bool:
    if isinstance(computed, Decimal) and isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value)).quantize(Decimal("0.01")) == computed.quantize(Decimal("0.01"))
    return value == computed or (value is None and computed is None)


def _top(ws: Any, cell: str, merged: dict[tuple[str, str], Any]) -> Any:
    """The cell itself, or the top-left cell of the merged range it lies in (a run of 一级)."""
    found = ws[cell]
    if type(found).__name__ != "MergedCell":
        return found
    if (ws.title, "") not in merged:
        merged[(ws.title, "")] = True
        for area in ws.merged_cells.ranges:
            top = ws.cell(row=area.min_row, column=area.min_col)
            for row in range(area.min_row, area.max_row + 1):
                for col in range(area.min_col, area.max_col + 1):
                    merged[(ws.title, f"{_letter(col)}{row}")] = top
    return merged.get((ws.title, cell), found)


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(col))
