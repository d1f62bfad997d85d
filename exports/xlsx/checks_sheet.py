"""The 检查结果 sheet of a draft workbook: every finding, in Chinese, with the field it is about.

A report with errors must never pass for final (the Word file says 草稿 on every
page); in the workbook the findings themselves are listed, worst first, so whoever
opens it sees what is wrong and where.
"""

from __future__ import annotations

from typing import Any

from core.document import draft_line
from core.findings import Evaluation
from core.labels import path_label
from core.report import Report
from core.visible import xml_safe

__all__ = ["write_checks_sheet"]

_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
_ORDER = {"error": 0, "warning": 1, "info": 2}
LISTED = 2000  # findings listed on the sheet, errors first; `jixiao check` lists every one


def write_checks_sheet(ws: Any, report: Report, evaluation: Evaluation) -> None:
    from openpyxl.styles import Alignment, Font

    ws.append([draft_line(evaluation)])
    ws["A1"].font = Font(name="黑体", size=12, bold=True, color="C00000")
    ws.append(["级别", "位置", "说明"])
    for cell in ws[2]:
        cell.font = Font(name="宋体", size=10.5, bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")
    findings = sorted(evaluation.findings, key=lambda f: _ORDER.get(f.severity, 3))
    if len(findings) > LISTED:
        rest = len(findings) - LISTED
        ws.cell(row=LISTED + 3, column=3, value=f"另有 {rest} 条（jixiao check 可列出全部）").data_type = "s"
        findings = findings[:LISTED]
    for row, finding in enumerate(findings, 3):
        where = path_label(report.spec, report.data, finding.path) if finding.path else "整体"
        texts = (_SEVERITY.get(finding.severity, finding.severity), xml_safe(where)[0], xml_safe(finding.message)[0])
        for column, text in enumerate(texts, 1):
            cell = ws.cell(row=row, column=column, value=text)
            cell.data_type = "s"  # a message that starts with = stays text
            cell.alignment = wrapped
    for letter, width in zip("ABC", (8, 36, 80), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A3"
