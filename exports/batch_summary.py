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

_REPORT_COLUMNS = (
    ("文件", "file", 36), ("单位", "unit", 36), ("年度", "year", 8), ("预算数（万元）", "budget_total", 14),
    ("执行数（万元）", "executed", 14), ("执行率（%）", "execution_rate", 10), ("总分", "total", 8),
    ("等级", "grade", 6), ("错误", "errors", 6), ("警告", "warnings", 6), ("说明", "message", 60),
)
_NUMERIC = {"budget_total", "executed", "execution_rate", "total"}
_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


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


def _cell(sheet: Any, value: object) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=_text(value))
        cell.data_type = "s"
        return cell
    return WriteOnlyCell(sheet, value=value)


def _value(key: str, row: BatchRow) -> object:
    value = getattr(row, key)
    if key in _NUMERIC and value is not None:
        return Decimal(str(value))
    if key == "message" and not row.readable:
        return f"无法读取：{value}"
    return value


def write_summary(rows: Sequence[BatchRow], summary: Mapping[str, Any], out: Path) -> Path:
    """Write OUT.xlsx atomically; raises core.storage.SaveError when it cannot."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    book.properties.keywords = SUMMARY_MARK
    sheet = book.create_sheet("汇总")
    for index, (_, _, width) in enumerate(_REPORT_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, title) for title, _, _ in _REPORT_COLUMNS])
    for row in sorted(rows, key=sort_key):
        sheet.append([_cell(sheet, _value(key, row)) for _, key, _ in _REPORT_COLUMNS])
    sheet.append([])
    totals = (
        ("文件数", summary["files"]), ("无法读取", summary["unreadable"]),
        ("有错误", summary["with_errors"]), ("无错误", summary["clean"]),
        ("错误合计", summary["errors"]), ("警告合计", summary["warnings"]),
        ("预算数合计（万元）", Decimal(str(summary["budget_total"]))),
        ("执行数合计（万元）", Decimal(str(summary["executed"]))),
    )
    for label, value in totals:
        sheet.append([_cell(sheet, label), _cell(sheet, value)])

    findings = book.create_sheet("问题清单")
    for index, width in enumerate((36, 36, 6, 28, 34, 80), start=1):
        findings.column_dimensions[get_column_letter(index)].width = width
    findings.freeze_panes = "A2"
    findings.append([_cell(findings, title) for title in ("文件", "单位", "级别", "编号", "位置", "说明")])
    for row in rows:
        if not row.readable:
            findings.append([_cell(findings, v) for v in (row.file, None, "无法读取", "file.unreadable",
                                                          "", row.message)])
            continue
        for severity, finding_id, path, message in row.findings or []:
            findings.append([_cell(findings, v) for v in (row.file, row.unit,
                                                          _SEVERITY.get(severity, severity),
                                                          finding_id, path, message)])
    buffer = io.BytesIO()
    book.save(buffer)
    return atomic_write_bytes(Path(out), buffer.getvalue(), backup=False)
