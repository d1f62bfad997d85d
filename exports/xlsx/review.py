"""The reviewer's sheet: each item of the review (附件5's scores) with its inputs and formula.

The official 附件5 prints the criteria only; a reviewer's scores live here, on a
sheet of their own that does not print with the official table. Each item is a
formula over the reviewer's inputs or over the report's own cells (completeness,
weights, three levels named), clamped to [0, 分值] and 待评 while its input is blank,
as core.scoring decides. One item may need the statutory calendar (working days
late, 调休 included), which no spreadsheet formula knows: its figure is written as a
value, and import checks that nobody typed over it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from core.findings import Evaluation
from core.form import AssessmentItem
from core.report import Report
from exports.xlsx.book import (
    Book,
    Formula,
    MapEntry,
    SheetWriter,
    map_type,
    number_format,
)
from exports.xlsx.formulas import Formulas
from exports.xlsx.runs import ColumnRun, call_cells, runs_of

__all__ = ["ReviewSheet"]

WIDTHS = [14.0, 30.0, 10.0, 12.0]
_BREAK = re.compile(r"[.\[]")


class ReviewSheet:
    def __init__(self, book: Book, ws: Any, report: Report, ev: Evaluation) -> None:
        self.book, self.ws, self.report, self.ev = book, ws, report, ev
        self.w = SheetWriter(book, ws, WIDTHS)
        self.items_row = 0
        self.score_cells: list[str] = []

    def write_inputs(self) -> None:
        """The reviewer's inputs first: the item formulas refer to them."""
        spec, words = self.report.spec, self.report.spec.words
        section = next((s for s in spec.sections if s.kind == "assessment"), None)
        self.w.box(1, 1, words.get("review_sheet_title", ""), span=4, style="title", align="center",
                   border=False)
        self.w.height(1, 30)
        self.items_row = 3
        inputs_row = self.items_row + len(spec.assessment) + 3
        if section is None:
            return
        self.w.box(inputs_row, 1, words.get("review_inputs", ""), span=4, style="head", align="center")
        for i, path in enumerate(section.fields, 1):
            field = spec.fields[path]
            self.w.box(inputs_row + i, 1, field.label, span=2)
            self.w.box(inputs_row + i, 3, self.report.get(path), span=2, align="center",
                       fmt=number_format(None, field.type), key=path, type=map_type(field.type))

    def write_items(self, formulas: Formulas) -> None:
        spec, words = self.report.spec, self.report.spec.words
        pending = words.get("pending", "")
        row = self.items_row
        for col, word in enumerate(("review_group", "review_item", "item_max", "item_score"), 1):
            self.w.box(row, col, words.get(word, ""), style="head", align="center")
        groups = [item.group for item in spec.assessment]
        row += 1
        first = row
        for i, item in enumerate(spec.assessment):
            if i == 0 or groups[i] != groups[i - 1]:
                length = 1
                while i + length < len(spec.assessment) and groups[i + length] == groups[i]:
                    length += 1
                self.w.box(row, 1, item.group, down=length, align="center")
            self.w.box(row, 2, item.item)
            self.w.box(row, 3, item.max, align="right", fmt="General")
            formula = formulas.review_item(item, pending, lambda it: self._presence(it, formulas))
            result = next(r for r in self.ev.assessment if r.id == item.id)
            value: Any = Formula(formula) if formula is not None else (
                result.score if result.score is not None else pending)
            coord = self.w.box(row, 4, value, align="right", fmt="General", derived=f"review.{item.id}",
                               type="score")
            self.book.refs[f"review.{item.id}"] = self.w.qualified(coord)
            self.score_cells.append(coord)
            row += 1
        self.w.box(row, 1, words.get("sum_row", ""), span=2, style="head", align="center")
        self.w.box(row, 3, Formula(f"SUM(C{first}:C{row - 1})"), align="right", fmt="General")
        scores = f"D{first}:D{row - 1}"
        partial = words.get("partial", "").replace('"', '""')
        total = Formula(f'IF(COUNTIF({scores},"{pending}")>0,ROUND(SUM({scores}),2)&"{partial}",SUM({scores}))')
        coord = self.w.box(row, 4, total, align="right", fmt="General", derived="review.total", type="score")
        self.book.refs["review.total"] = self.w.qualified(coord)
        self.w.finish()

    def _inputs_under(self, rows_too: bool) -> dict[str, list[ColumnRun | MapEntry]]:
        """Input cells by every key they are or lie under (`a.b[3].c` under `a`, `a.b`, and,
        when `rows_too`, `a.b[3]` and itself): a group's cells are a look-up, not a pass over
        100,000 entries. A run of a list's column (exports.xlsx.runs) is filed once under the
        keys above the list; only `rows_too` files each of its rows."""
        under: dict[str, list[ColumnRun | MapEntry]] = {}
        heads: dict[str, list[str]] = {}
        for item in runs_of(self.book).items():
            entry = item.head if isinstance(item, ColumnRun) else item
            if entry.role != "input":
                continue
            key = entry.key
            cut = key.find("[")
            head = key if cut < 0 else key[:cut]
            owners = heads.get(head)
            if owners is None:
                owners = heads[head] = [head[:match.start()] for match in _BREAK.finditer(head)] + [head]
            for owner in owners:
                under.setdefault(owner, []).append(item)
            if cut >= 0 and rows_too:
                for one in item.entries if isinstance(item, ColumnRun) else (item,):
                    for match in _BREAK.finditer(one.key, cut + 1):
                        under.setdefault(one.key[:match.start()], []).append(one)
                    under.setdefault(one.key, []).append(one)
        return under

    def _presence(self, item: AssessmentItem, formulas: Formulas) -> str | None:
        """完整性: max − per × (parts with no input cell filled), as core decides presence."""
        spec = self.report.spec
        if item.kind == "sections_absent":
            groups = [spec.section_keys(spec.section(section_id)) for section_id in item.raw["sections"]]
        else:
            groups = [list(keys) for keys in spec.attachments.values()]
        under = self._inputs_under(rows_too=any("[" in key for keys in groups for key in keys))
        terms = []
        for keys in groups:
            entries = [e for k in dict.fromkeys(keys) for e in under.get(k, ())]
            # a labelled blank (`纳入专户管理的非税收入拨款：`) holds its label as text: count numbers only
            plain = [e for e in entries if not _template(e)]
            labelled = [e for e in entries if _template(e)]
            filled = "+".join(part for part in (call_cells("COUNTA", plain) if plain else "",
                                                 call_cells("COUNT", labelled) if labelled else "") if part)
            terms.append(f"(({filled})=0)" if filled else "1")
        per = Decimal(str(item.raw.get("per", 2)))
        formula = f"MAX(0,MIN({item.max},{item.max}-{per}*({'+'.join(terms) or '0'})))"
        return formula if len(formula) < 8000 else None


def _template(item: ColumnRun | MapEntry) -> str:
    return item.head.template if isinstance(item, ColumnRun) else item.template
