"""The workbook looks like the official tables: sheets, titles, merges, fonts, borders, print setup."""

from __future__ import annotations

from typing import Any

import pytest

from core.evaluate import evaluate


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory, _reference_loaded: Any) -> Any:
    from openpyxl import load_workbook

    from exports.xlsx.write import write

    path = tmp_path_factory.mktemp("layout") / "ref.xlsx"
    report = _reference_loaded
    write(report, evaluate(report), report.spec, path)
    return load_workbook(path)


def test_sheets_in_order_and_map_hidden(workbook: Any) -> None:
    assert workbook.sheetnames == ["正文", "附件1 基础数据表", "附件2 自评表", "附件5 考核评分表", "_jixiao"]
    assert workbook["_jixiao"].sheet_state == "hidden"
    meta = {row[0]: row[1] for row in workbook["_jixiao"].iter_rows(max_row=5, max_col=2, values_only=True)}
    assert meta["magic"] == "jixiao-workbook" and meta["form"] == "hunan-department" and meta["schema"] == 1
    assert meta["jixiao"]


@pytest.mark.parametrize("sheet, title, header_row, landscape", [
    ("附件1 基础数据表", "2024年度部门整体支出绩效评价基础数据表", 5, False),
    ("附件2 自评表", "2024年度部门整体支出绩效自评表", 13, True),
    ("附件5 考核评分表", "部门整体支出绩效自评工作考核评分表", 3, False),
])
def test_attachment_sheet_layout(workbook: Any, sheet: str, title: str, header_row: int, landscape: bool) -> None:
    ws = workbook[sheet]
    assert ws["A1"].value == sheet.split()[0] and ws["A1"].font.name == "黑体"
    assert ws["A2"].value == title and ws["A2"].font.name == "宋体" and ws["A2"].font.b
    assert any(str(r).startswith("A2:") for r in ws.merged_cells.ranges)
    head = ws.cell(row=header_row, column=2)
    assert head.font.name == "宋体" and head.font.b and head.border.left.style == "thin"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.orientation == ("landscape" if landscape else "portrait")
    assert ws.print_title_rows == f"${header_row}:${header_row}"
    assert all(ws.column_dimensions[c].width >= 6 for c in "ABCD")


def test_attachment2_cells(workbook: Any) -> None:
    ws = workbook["附件2 自评表"]
    assert ws["D5"].value == 194.72 and ws["D5"].number_format == "0.00" and ws["D5"].font.name == "仿宋"
    assert ws["G5"].value.startswith("=") and ws["G5"].number_format == '0.00"%"'
    assert ws["H27"].value.startswith("=") and ws["A27"].value == "总分"
    assert "B14:B21" in {str(r) for r in ws.merged_cells.ranges}  # 产出指标 over its 8 rows
    assert "C14:C16" in {str(r) for r in ws.merged_cells.ranges}  # 数量指标
    assert ws.row_dimensions[12].height and ws.row_dimensions[12].height > 60  # wrapped goals text
    assert ws["A29"].value.startswith('="填表人："')


def test_attachment1_parents_are_formulas(workbook: Any) -> None:
    ws = workbook["附件1 基础数据表"]
    labels = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    for parent in ("三公经费", "1、公务用车购置和维护经费", "项目支出"):
        for col in "BDF":
            assert str(ws[f"{col}{labels[parent]}"].value).startswith("=IF(COUNT("), parent
    reception = labels["3、公务接待"]
    assert ws[f"B{reception}"].value == 11.64 and ws[f"B{reception}"].alignment.horizontal == "right"
    assert ws[f"A{labels['其中：办公经费']}"].alignment.indent == 1
    assert ws["F4"].value.startswith("=IFERROR(")


def test_text_sheet_reads_top_to_bottom(workbook: Any, reference: Any) -> None:
    ws = workbook["正文"]
    texts = [ws.cell(row=r, column=1).value for r in range(1, ws.max_row + 1)]
    for section in reference.spec.sections:
        if section.number:
            assert section.label in texts, section.label
    assert ws.column_dimensions["B"].width >= 60
