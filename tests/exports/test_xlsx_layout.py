"""The workbook looks like the official tables: sheets, titles, merges, fonts, formats, print setup."""

from __future__ import annotations

from typing import Any

import pytest

from core.evaluate import evaluate
from exports.xlsx.map import map_rows


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory, _reference_loaded: Any) -> Any:
    from openpyxl import load_workbook

    from exports.xlsx.write import write

    path = tmp_path_factory.mktemp("layout") / "ref.xlsx"
    report = _reference_loaded
    write(report, evaluate(report), report.spec, path)
    return load_workbook(path)


def _cell(workbook: Any, key: str, sheet: str | None = None) -> Any:
    found = next((s, c) for k, s, c, _, _ in map_rows(workbook) if k == key and sheet in (None, s))
    return workbook[found[0]][found[1]]


def test_sheets_in_order_and_map_hidden(workbook: Any) -> None:
    """The attachments come first, then the 正文, the reviewer's sheet and the hidden map."""
    assert workbook.sheetnames == ["附件1 基础数据表", "附件2 自评表", "附件5 考核评分表", "正文", "附件5 评审评分",
                                   "_jixiao"]
    assert workbook["_jixiao"].sheet_state == "hidden"
    meta = {row[0]: row[1] for row in workbook["_jixiao"].iter_rows(max_row=5, max_col=2, values_only=True)}
    assert meta["magic"] == "jixiao-workbook" and meta["form"] == "hunan-department" and meta["schema"] == 1
    assert meta["jixiao"]


@pytest.mark.parametrize("sheet, header_row, landscape", [
    ("附件1 基础数据表", 5, False),
    ("附件2 自评表", 13, True),
    ("附件5 考核评分表", 3, False),
])
def test_attachment_sheet_layout(workbook: Any, sheet: str, header_row: int, landscape: bool) -> None:
    ws = workbook[sheet]
    assert ws["A1"].value == sheet.split()[0] and ws["A1"].font.name == "黑体"
    assert ws["A2"].font.name == "宋体" and ws["A2"].font.b
    assert any(str(r).startswith("A2:") for r in ws.merged_cells.ranges)
    head = ws.cell(row=header_row, column=2)
    assert head.font.name == "宋体" and head.font.b and head.border.left.style == "thin"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9"
    assert ws.page_setup.fitToWidth == 1
    if landscape:  # 附件2 is taller than a page: the 绩效指标 block starts one, under its header
        assert ws.page_setup.fitToHeight == 0 and [b.id for b in ws.row_breaks.brk] == [header_row - 1]
    else:  # one page, so no run of rows loses its label
        assert ws.page_setup.fitToHeight == 1 and not ws.row_breaks.brk
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.orientation == ("landscape" if landscape else "portrait")
    assert ws.print_title_rows == f"${header_row}:${header_row}"
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text


def test_figures_print_as_the_published_table(workbook: Any) -> None:
    """One number format per column as published: 98 not 98.00, 174.1 as typed, 87.5%."""
    total = _cell(workbook, "budget.total")
    assert total.value == 194.72 and total.number_format == "General" and total.font.name == "仿宋"
    assert _cell(workbook, "calc.staffing_rate").number_format == 'General"%"'
    assert _cell(workbook, "calc.execution_rate", "附件2 自评表").number_format == "General"
    assert _cell(workbook, "score.total", "附件2 自评表").value.startswith("=")
    source = _cell(workbook, "budget.sources.general_public")
    assert source.value == 194.56 and source.number_format == '"其中：  一般公共预算："General'
    blank = _cell(workbook, "budget.sources.special_account")
    assert blank.value == "纳入专户管理的非税收入拨款："  # the label of a blank stays visible


def test_merges_follow_the_layout(workbook: Any) -> None:
    ws = workbook["附件2 自评表"]
    ranges = {str(r) for r in ws.merged_cells.ranges}
    level1 = _cell(workbook, "self_eval.indicators[0].level1")
    assert level1.value == "产出指标（50分）"
    assert f"{level1.coordinate}:B{level1.row + 7}" in ranges  # 产出指标 over its 8 rows
    level2 = _cell(workbook, "self_eval.indicators[0].level2")
    assert f"{level2.coordinate}:C{level2.row + 2}" in ranges  # 数量指标 over 3
    # every row of a run maps to its own cell inside the merged run; import reads the run's top
    covered = _cell(workbook, "self_eval.indicators[5].level1")
    assert covered.coordinate == f"B{level1.row + 5}" and covered.value is None
    # and the map names a list column once, as a range, not once per row
    keys = [row[0].value for row in workbook["_jixiao"].iter_rows(min_col=1, max_col=1)]
    assert "self_eval.indicators[0..].score" in keys and "self_eval.indicators[3].score" not in keys


def test_grid_parents_are_formulas(workbook: Any) -> None:
    ws = workbook["附件1 基础数据表"]
    labels = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    for parent in ("三公经费", "1、公务用车购置和维护经费", "项目支出："):
        for col in "BDF":
            assert "SUM(" in str(ws[f"{col}{labels[parent]}"].value), parent
    reception = labels["3、公务接待"]
    assert ws[f"B{reception}"].value == 11.64 and ws[f"B{reception}"].alignment.horizontal == "right"
    assert ws[f"A{labels['其中：办公经费']}"].alignment.indent == 1
    assert ws[f"A{labels['4.招商引资']}"].value == "4.招商引资"


def test_labels_and_sentences_are_live(workbook: Any) -> None:
    """A label or sentence that quotes a figure is a formula over its cell, never stale text."""
    ws = workbook["附件1 基础数据表"]
    assert ws["A2"].value.startswith("=") and "年度部门整体支出绩效评价基础数据表" in ws["A2"].value
    text = workbook["正文"]
    formulas = [c.value for row in text.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert any("部门预算资金" in f for f in formulas) and any("自评得分" in f for f in formulas)


def test_data_validation_from_the_form(workbook: Any) -> None:
    ws = workbook["附件2 自评表"]
    score = _cell(workbook, "self_eval.indicators[0].score")
    rules = [(dv.type, str(dv.sqref), dv.formula1) for dv in ws.data_validations.dataValidation]
    assert any(kind == "custom" and score.coordinate in sqref and "<=" in formula for kind, sqref, formula in rules)
    total = _cell(workbook, "budget.total")
    assert any(kind == "decimal" and total.coordinate in sqref.split() for kind, sqref, _ in rules)


def test_text_sheet_reads_top_to_bottom(workbook: Any, reference: Any) -> None:
    ws = workbook["正文"]
    texts = [ws.cell(row=r, column=1).value for r in range(1, ws.max_row + 1)]
    for section in reference.spec.sections:
        if section.number:
            assert section.label in texts, section.label
    assert ws.column_dimensions["B"].width >= 60
