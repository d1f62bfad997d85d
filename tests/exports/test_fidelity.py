"""The printed tables are the published forms: every cell of 附件1, 附件2, 附件5, in reading order.

The published report (tests/data/seed-report.txt, one Word cell per line) is the
reference. The Word export is read cell by cell (w:tc, a vertical merge's
continuation read as empty, as the published file has it); the workbook is
recalculated with the formulas engine and read the same way, each value as its
number format prints it. Whitespace (full-width spaces included) is normalised.

Differences allowed, each where the published text is itself inconsistent or is not
a figure of its own table:
- 附件1 厉行节约保障措施: the published text has the typo 特神; the sample report (and
  so jixiao) has 精神.
- 附件2 产出指标(50分): half-width parentheses where 效益指标（30分） and 满意度指标（10分）
  use full-width ones; jixiao prints （50分）.
- 附件5 合计: the published cell holds 98, the report's 自评 总分, not a total of the
  考核评分表's items (none of which is scored in the report); jixiao prints that table's
  own total, marked 部分待评 while items wait for a reviewer.
"""

from __future__ import annotations

import difflib
import re
from decimal import Decimal
from typing import Any

import pytest

from core.evaluate import evaluate
from core.printed import print_tables
from tests.helpers.recalc import CompiledWorkbook
from tests.helpers.seed_text import cells_in_reading_order, tables
from tests.helpers.sheet_cells import sheet_cells

ALLOWED = {
    "附件1": [("深入贯彻落实中央八项规定及其实施细则特神，", "深入贯彻落实中央八项规定及其实施细则精神，")],
    "附件2": [("产出指标(50分)", "产出指标（50分）")],
    "附件5": [("98", "25（部分待评）")],
}


def _norm(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def _differences(published: list[str], exported: list[str]) -> list[tuple[str, str]]:
    a, b = [_norm(t) for t in published], [_norm(t) for t in exported]
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            out.append(("|".join(a[i1:i2]), "|".join(b[j1:j2])))
    return out


def _allowed(name: str, found: list[tuple[str, str]]) -> bool:
    rules = ALLOWED[name]
    return len(found) == len(rules) and all(
        old.startswith(_norm(rule_old)) and new.startswith(_norm(rule_new))
        for (old, new), (rule_old, rule_new) in zip(found, rules, strict=True))


def _docx_cells(report: Any) -> list[list[str]]:
    from exports.docx.cells import DocTable, document_blocks
    from exports.docx.write import render

    blocks = document_blocks(render(report, evaluate(report)))
    return [[cell for row in block.cells() for cell in row] for block in blocks if isinstance(block, DocTable)]


def _xlsx_cells(report: Any) -> list[list[str]]:
    from exports.xlsx.write import render

    ev = evaluate(report)
    compiled = CompiledWorkbook(render(report, ev))
    values = compiled.calculate().values
    out = []
    for printed in print_tables(report, ev):
        ws = compiled.workbook[printed.layout.sheet]
        out.append(sheet_cells(ws, values, 3, 2 + printed.row_count, len(printed.layout.widths)))
    return out


@pytest.mark.parametrize("reader", [_docx_cells, _xlsx_cells], ids=["docx", "xlsx"])
def test_tables_are_the_published_tables(reference: Any, reader: Any) -> None:
    exported = reader(reference)
    published = tables()
    assert len(exported) == len(published) == 3
    for (name, table), cells in zip(published.items(), exported, strict=True):
        seed_cells = cells_in_reading_order(table)
        assert len(cells) == len(seed_cells), (name, len(cells), len(seed_cells))
        found = _differences(seed_cells, cells)
        assert _allowed(name, found), (name, found)


def test_the_comparison_sees_a_wrong_cell(reference: Any) -> None:
    """A changed figure is a difference the test reports, so the fidelity test can fail."""
    reference.set("basic_data.costs.reception.final", Decimal("7.95"))
    found = _differences(cells_in_reading_order(tables()["附件1"]), _docx_cells(reference)[0])
    assert ("7.96", "7.95") in found and not _allowed("附件1", found)


def _blank() -> Any:
    from core.newreport import blank_report

    return blank_report("测试单位", 2024)


@pytest.mark.parametrize("report_of", [_blank, "with_error"])
def test_draft_and_nothing_printed_that_was_not_entered(reference: Any, report_of: Any) -> None:
    """A blank report prints no 0 and no 无; a report with errors is marked a draft everywhere."""
    if report_of == "with_error":
        report = reference
        report.set("budget.basic", Decimal("175.1"))  # 175.1 + 20.62 ≠ 194.72
    else:
        report = report_of()
    ev = evaluate(report)
    assert ev.errors
    if report_of is _blank:
        for printed in print_tables(report, ev):
            for cell in printed.cells:
                entered = cell.kind == "input" and report.get(cell.name or "") is not None
                if cell.kind in ("input", "value") and not entered and not (cell.name or "").startswith(
                        ("form.", "review.")):
                    label = (cell.template or "").replace("{value}", "") if cell.kind == "input" else ""
                    assert cell.text == label, (printed.layout.id, cell)
                assert cell.text not in ("无", "0"), (printed.layout.id, cell)
    from exports.markdown import render as markdown

    assert markdown(report, ev).startswith(f"> **草稿（{ev.errors} 个错误）**")
    assert not markdown(report, ev, final=True).startswith("> **草稿")
    import io

    from docx import Document

    from exports.docx.write import render as word

    header = Document(io.BytesIO(word(report, ev))).sections[0].header.paragraphs[0].text
    assert header == f"草稿（{ev.errors} 个错误）"
    assert Document(io.BytesIO(word(report, ev, final=True))).sections[0].header.paragraphs[0].text == ""
    from openpyxl import load_workbook

    from exports.xlsx.write import CHECKS_SHEET
    from exports.xlsx.write import render as workbook

    book = load_workbook(io.BytesIO(workbook(report, ev)))
    assert CHECKS_SHEET in book.sheetnames
    listed = [row[2] for row in book[CHECKS_SHEET].iter_rows(min_row=3, values_only=True)]
    assert sorted(listed) == sorted(f.message for f in ev.findings)
    assert CHECKS_SHEET not in load_workbook(io.BytesIO(workbook(report, ev, final=True))).sheetnames
