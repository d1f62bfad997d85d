"""The batch summary workbook: one sheet of reports, one of every finding with its file.

A finance bureau sorts by what needs its attention first: reports that cannot be read,
then the most errors, then the lowest 总分. Figures are written as numbers (from the
Decimal strings the batch rows carry) so the bureau can sum and filter in Excel. Text
that came from the files (unit names, messages) is forced to text: a unit name that
begins with `=` must never become a formula. The file appears whole or not at all.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.batch import BatchRow
from core.storage import atomic_write_bytes

__all__ = ["write_summary", "sort_key", "SUMMARY_MARK", "is_summary"]

# In the workbook's keywords (docProps/core.xml): `jixiao batch` skips its own summaries
# when a folder is checked again, instead of calling them unreadable reports.
SUMMARY_MARK = "jixiao-batch-summary"


def is_summary(data: bytes) -> bool:
    """Whether checked workbook bytes are a summary `write_summary` wrote."""
    import zipfile

    from defusedxml.ElementTree import fromstring

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = fromstring(archive.read("docProps/core.xml"))
    except Exception:  # no properties part, or one that does not parse: not ours
        return False
    return any((node.text or "").strip() == SUMMARY_MARK for node in root.iter()
               if node.tag.endswith("}keywords"))

# (heading, BatchRow attribute, width, number format)
_REPORT_COLUMNS = (
    ("文件", "file", 36, None), ("类型", "kind_name", 12, None), ("单位", "unit", 36, None),
    ("年度", "year", 7, "0"), ("预算数（万元）", "budget_total", 14, "#,##0.00"),
    ("执行数（万元）", "executed", 14, "#,##0.00"), ("执行率（%）", "execution_rate", 10, "0.00"),
    ("总分", "total", 8, "0.00"), ("等级", "grade", 6, None), ("错误", "errors", 6, "0"),
    ("警告", "warnings", 6, "0"), ("已识别", "understood", 10, None), ("说明", "message", 60, None),
)
# The 问题清单: what a reader sees, then (hidden, last) the finding's id and internal path
# for whoever scripts over the workbook.
_FINDING_COLUMNS = (("文件", 36), ("单位", 30), ("级别", 8), ("位置", 40), ("说明", 70),
                    ("编号", 24), ("数据路径", 30))
_HIDDEN_FINDING_COLUMNS = 2
_NUMERIC = {"budget_total", "executed", "execution_rate", "total"}
_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
_TITLE = "绩效自评报告批量检查汇总"
_FINDINGS_TITLE = "绩效自评报告批量检查问题清单"


def sort_key(row: BatchRow) -> tuple[int, int, Decimal, str]:
    """Unreadable first, then most errors, then lowest 总分 (absent 总分 counts as lowest)."""
    total = Decimal(row.total) if row.total is not None else Decimal(-1)
    return (0 if not row.readable else 1, -int(row.errors), total, str(row.file))


def _text(value: str) -> str:
    """Text the XML writer accepts: no lone surrogates (non-UTF-8 file names), no control
    characters (a TOML string may hold `\u0001`), each shown as U+FFFD."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    clean = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return str(ILLEGAL_CHARACTERS_RE.sub("\ufffd", clean))


class _Styles:
    """The workbook's few looks, made once (openpyxl styles are shared objects)."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="808080")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.title = Font(bold=True, size=14)
        self.head = Font(bold=True)
        self.fill = PatternFill("solid", fgColor="D9E1F2")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.top = Alignment(vertical="top")


def _cell(sheet: Any, value: object, styles: _Styles | None = None, number_format: str | None = None,
          wrap: bool = False) -> Any:
    """A cell; with `styles`, a bordered table cell (text wrapped where asked, numbers formatted)."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=_text(value))
        cell.data_type = "s"
    else:
        cell = WriteOnlyCell(sheet, value=value)
    if styles is not None:
        cell.border = styles.border
        cell.alignment = styles.wrap if wrap else styles.top
        if number_format is not None and not isinstance(value, str):
            cell.number_format = number_format
    return cell


def _head(sheet: Any, titles: Sequence[str], styles: _Styles) -> list[Any]:
    cells = []
    for title in titles:
        cell = _cell(sheet, title, styles)
        cell.font, cell.fill, cell.alignment = styles.head, styles.fill, styles.center
        cells.append(cell)
    return cells


def _title(sheet: Any, text: str, styles: _Styles) -> list[Any]:
    cell = _cell(sheet, text)
    cell.font = styles.title
    return [cell]


def _print_setup(sheet: Any, columns: int, last_row: int) -> None:
    """A4 landscape, fit to one page wide, the heading row repeated on every page, page
    numbers in the footer, and a filter over the table (title row 1, headings row 2)."""
    from openpyxl.utils import get_column_letter

    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.print_title_rows = "2:2"
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet.evenFooter.center.text = "第 &P 页，共 &N 页"
    sheet.auto_filter.ref = f"A2:{get_column_letter(columns)}{max(last_row, 2)}"
    sheet.freeze_panes = "A3"


def _value(key: str, row: BatchRow) -> object:
    value = getattr(row, key)
    if key in _NUMERIC and value is not None:
        return Decimal(str(value))
    if key == "message" and not row.readable:
        return f"无法读取：{value}"
    if key == "message":
        return "；".join(text for text in (value, row.save_problem) if text) or None
    return value


def write_summary(rows: Sequence[BatchRow], summary: Mapping[str, Any], out: Path) -> Path:
    """Write OUT.xlsx atomically; raises core.storage.SaveError when it cannot."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    styles = _Styles()
    book = Workbook(write_only=True)
    book.properties.keywords = SUMMARY_MARK
    sheet = book.create_sheet("汇总")
    for index, (_, _, width, _) in enumerate(_REPORT_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    _print_setup(sheet, len(_REPORT_COLUMNS), len(rows) + 2)
    sheet.append(_title(sheet, f"{_TITLE}（共 {summary['files']} 个文件）", styles))
    sheet.append(_head(sheet, [title for title, _, _, _ in _REPORT_COLUMNS], styles))
    for row in sorted(rows, key=sort_key):
        sheet.append([_cell(sheet, _value(key, row), styles, number_format, key in ("message", "file", "unit"))
                      for _, key, _, number_format in _REPORT_COLUMNS])
    sheet.append([])
    totals = (
        ("文件数", summary["files"], "0"), ("无法读取", summary["unreadable"], "0"),
        ("有错误", summary["with_errors"], "0"), ("无错误", summary["clean"], "0"),
        ("错误合计", summary["errors"], "0"), ("警告合计", summary["warnings"], "0"),
        ("预算数合计（万元）", Decimal(str(summary["budget_total"])), "#,##0.00"),
        ("执行数合计（万元）", Decimal(str(summary["executed"])), "#,##0.00"),
    )
    for label, value, number_format in totals:
        sheet.append([_cell(sheet, label, styles), _cell(sheet, value, styles, number_format)])

    findings = book.create_sheet("问题清单")
    for index, (_, width) in enumerate(_FINDING_COLUMNS, start=1):
        dimension = findings.column_dimensions[get_column_letter(index)]
        dimension.width = width
        dimension.hidden = index > len(_FINDING_COLUMNS) - _HIDDEN_FINDING_COLUMNS
    lines: list[tuple[object, ...]] = []
    for row in rows:
        if not row.readable:
            lines.append((row.file, None, "无法读取", "", row.message, "file.unreadable", ""))
            continue
        for severity, finding_id, path, place, message in row.findings or []:
            lines.append((row.file, row.unit, _SEVERITY.get(severity, severity), place, message, finding_id, path))
    _print_setup(findings, len(_FINDING_COLUMNS) - _HIDDEN_FINDING_COLUMNS, len(lines) + 2)
    findings.append(_title(findings, f"{_FINDINGS_TITLE}（共 {len(lines)} 条）", styles))
    findings.append(_head(findings, [title for title, _ in _FINDING_COLUMNS], styles))
    for line in lines:
        findings.append([_cell(findings, v, styles, wrap=i in (0, 3, 4)) for i, v in enumerate(line)])
    buffer = io.BytesIO()
    book.save(buffer)
    return atomic_write_bytes(Path(out), buffer.getvalue(), backup=False)
