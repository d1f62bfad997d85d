"""The quick way `SheetWriter.place` writes a long list's plain inputs makes exactly the
cells, map entries, references and row heights that `box` makes for each of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from core.evaluate import evaluate
from core.printed import print_tables
from core.storage import load
from exports.xlsx.book import Book, SheetWriter
from exports.xlsx.cells import Deferred
from exports.xlsx.tables import write_table
from tests.helpers.long_list import with_indicators

SAMPLE = Path(__file__).resolve().parents[2] / "forms" / "sample-junshan-ccpit-2024.toml"


def _row(i: int) -> str:
    level1 = ["产出指标", "效益指标", "满意度指标"][(i // 4) % 3]
    level2 = ["数量指标", "质量指标", "时效指标"][(i // 2) % 3]
    name = ["n", "很长的指标名称，写满一格还有余", "两行\\n第二行", "\\u001b[2J控制", "=1+1", ""][i % 6]
    actual = "" if i % 5 == 0 else f', actual="{i % 13}"'
    score = "" if i % 7 == 0 else f", score={i % 3}"
    return (f'{{level1="{level1}",level2="{level2}",name="{name}{i}",target="≥{i % 9}"{actual},'
            f"weight={i % 4}{score}}}")


def _written(report: Any, evaluation: Any) -> tuple[Any, ...]:
    workbook = Workbook()
    workbook.remove(workbook.active)
    book = Book(workbook)
    deferred = Deferred(book)
    heights = []
    for n, printed in enumerate(print_tables(report, evaluation)):
        ws = workbook.create_sheet(f"表{n}")
        write_table(book, ws, printed, deferred, report.spec)
        heights.append({row: dim.height for row, dim in ws.row_dimensions.items() if dim.height})
    cells = {(ws.title, coord): (cell._value, cell.data_type, tuple(cell._style))
             for ws in workbook.worksheets for coord, cell in ws._cells.items()}
    merged = [sorted(str(r) for r in ws.merged_cells.ranges) for ws in workbook.worksheets]
    return cells, merged, heights, book.entries, book.refs


@pytest.mark.parametrize("rows", [0, 1, 40])
def test_quick_inputs_are_written_as_box_writes_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     rows: int) -> None:
    path = tmp_path / "r.toml"
    path.write_text(with_indicators(SAMPLE.read_text(encoding="utf-8"), map(_row, range(rows))), encoding="utf-8")
    report = load(path)
    evaluation = evaluate(report)
    quick = _written(report, evaluation)
    calls = []

    def every_cell_by_box(self: SheetWriter, cells: Any, top: int, slow: Any) -> None:
        for cell in cells:
            calls.append(cell)
            slow(cell)

    monkeypatch.setattr(SheetWriter, "place", every_cell_by_box)
    by_box = _written(report, evaluation)
    assert calls, "the tables have cells"
    for part, (a, b) in zip(["cells", "merges", "row heights", "map entries", "references"],
                            zip(quick, by_box, strict=True), strict=True):
        assert a == b, part
