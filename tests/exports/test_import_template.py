"""Importing a hand-filled official Excel template (附件1, 附件2; no `_jixiao` map) by its labels.

The workbook is made from the published tables as a clerk fills the bureau's template
(tests/helpers/seed_xlsx.py): figures as numbers or as text with full-width spaces,
87.5% in a percent format, merged cells, 附件2 starting in column B, sheets named 附件1
and Sheet2. It must give the same figures as the published report's tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from exports.xlsx.map import flatten
from exports.xlsx.template_read import has_map, read_template
from tests.helpers import seed_xlsx

# The published typo 特神 (the reference has 精神), as in the Word import.
TYPO = {"basic_data.frugality"}


def _tables_part(data: dict[str, Any]) -> dict[str, Any]:
    """What the two attachments hold: 附件1's data, 附件2's, the unit and year."""
    keep = ("basic_data.", "self_eval.", "budget.initial", "budget.total", "budget.executed",
            "budget.basic", "budget.project", "budget.sources.", "unit.name", "unit.year")
    return {key: value for key, value in flatten(data) if key.startswith(keep)
            and not key.startswith(("budget.executed_", "budget.basic_note", "budget.project_note"))}


@pytest.fixture(scope="module", params=seed_xlsx.VARIANTS)
def book(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("books") / f"{request.param}.xlsx"
    path.write_bytes(seed_xlsx.build(request.param))
    return path


def test_hand_filled_template_imports_the_published_figures(book: Path, reference: Any) -> None:
    assert not has_map(book)
    result = read_template(book)
    assert result.status == 0 and not result.unmatched and not result.conflicts, result.unmatched
    assert result.report is not None
    mine, theirs = _tables_part(result.report.data), _tables_part(reference.data)
    assert {key for key in set(mine) | set(theirs) if mine.get(key) != theirs.get(key)} == TYPO
    assert {name for name, _ in result.tables} == {"附件1", "附件2"}
    assert any("附件5" in note for note in result.notes)


def test_the_workbook_says_which_cell_each_figure_came_from(book: Path) -> None:
    result = read_template(book)
    where = {read.path: read.where.text() for read in result.read}
    assert where["basic_data.staffing.quota"] == "工作表“附件1” B4"
    assert where["budget.total"] == "工作表“Sheet2” F5"
    assert where["basic_data.costs.reception.prev"] in ("工作表“附件1” B11", "工作表“附件1” B10")
    # the 正文 is not in a workbook: its fields are said to be so, not missing by mistake
    missing = {m.path: m.reason for m in result.missing}
    assert missing["profile.functions"] == "no_place" and missing["budget.personnel"] == "no_place"
    assert missing["unit.filled_by"] == "blank"


def test_a_jixiao_workbook_is_recognised_by_its_map(tmp_path: Path, reference: Any) -> None:
    from core.evaluate import evaluate
    from exports.xlsx.write import write

    path = tmp_path / "own.xlsx"
    write(reference, evaluate(reference), reference.spec, path)
    assert has_map(path)


def test_a_workbook_of_something_else_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["姓名", "电话"])
    book.active.append(["张三", "123"])
    path = tmp_path / "contacts.xlsx"
    book.save(path)
    result = read_template(path)
    assert result.status == 2 and result.refused is not None and "不像任何一种已安装的表" in result.refused
