"""The 正文 sheet: the cover fields, every narrative section 一…十, and every 正文 figure.

A reviewer who only opens the workbook can read the whole report here, and the
workbook then carries every input: narrative text lives in these cells (one cell per
paragraph of a list), 正文-only figures (人员经费, 公用经费…) are inputs here, and
figures whose home is an attachment are live references to it. The generated
sentences are printed as jixiao wrote them (grey), for reading only.
"""

from __future__ import annotations

from typing import Any

from core.document import chinese_ordinal
from core.findings import Evaluation
from core.paths import get_path
from core.report import Report
from core.text import heading, render_template, subsection_sentences
from exports.xlsx.att1 import expr_formula
from exports.xlsx.att2 import grade_formula
from exports.xlsx.book import Book, Formula, SheetWriter, call

__all__ = ["TextSheet"]

WIDTHS = [22.0, 90.0]
_FMT = {"money": "money", "count": "count", "score": "score", "date": "date", "year": "count"}


class TextSheet:
    """Writes the 正文 sheet in two passes: the cover first (attachments refer to it), the body last."""

    def __init__(self, book: Book, ws: Any, report: Report, ev: Evaluation, values: dict[str, str]) -> None:
        self.w = SheetWriter(book, ws, WIDTHS)
        self.book, self.report, self.ev, self.values = book, report, ev, values
        self.row = 1

    def _next(self) -> int:
        self.row += 1
        return self.row - 1

    def field_row(self, path: str, label: str | None = None) -> None:
        spec = self.report.spec
        field = spec.fields[path]
        row = self._next()
        self.w.box(row, 1, label or field.label, style="head")
        fmt = _FMT.get(field.type)
        align = "num" if fmt and field.type != "date" else "left"
        home = self.book.ref(path)
        if home is not None:
            shown = Formula(f'IF(ISBLANK({home}),"",{home})')
            self.w.box(row, 2, shown, align=align, fmt=fmt, derived=f"data.{path}", type=field.type)
        else:
            self.w.box(row, 2, get_path(self.report.data, path), align=align, fmt=fmt, key=path, type=field.type)

    def cover(self) -> None:
        spec = self.report.spec
        self.w.box(self._next(), 1, render_template(spec.title, self.values), span=2, style="title",
                   align="center", border=False)
        self.w.height(1, 30)
        self._next()
        cover = next(s for s in spec.sections if s.id == "cover")
        self.w.box(self._next(), 1, cover.label, span=2, style="head")
        for path in cover.fields:
            self.field_row(path)

    def body(self) -> None:
        spec = self.report.spec
        for section in spec.sections:
            if not section.number:
                continue
            self._next()
            self.w.box(self._next(), 1, section.label, span=2, style="head")
            if section.kind == "records" and section.list_id:
                self._records(section.list_id)
                continue
            subs = section.subsections or tuple({"field": p} for p in section.fields)
            covered = {sub.get("field") for sub in subs}
            for path in section.fields:
                if path not in covered and spec.fields[path].type != "text":
                    self.field_row(path)
            for computed_id in section.derived:
                self._derived(computed_id)
            if section.id == "s6":
                self._scores()
            for sub in subs:
                if sub.get("label"):
                    self.w.box(self._next(), 1, heading(sub["label"], self.values), span=2, style="head")
                for sentence in subsection_sentences(self.report, self.ev, sub, self.values):
                    self.w.box(self._next(), 1, "（生成）", style="generated")
                    self.w.box(self.row - 1, 2, sentence, style="generated")
                if sub.get("field"):
                    self._text(sub["field"], sub.get("numbering"))
            for path in section.fields:
                if path not in covered and spec.fields[path].type == "text":
                    self.field_row(path)
        self._figures()
        self.w.finish()

    def _text(self, path: str, numbering: str | None) -> None:
        field = self.report.spec.fields[path]
        value = get_path(self.report.data, path)
        if field.type == "textlist":
            for i, item in enumerate(value or [], 1):
                label = render_template(numbering, {"n": str(i)}) if numbering else str(i)
                self.w.box(self._next(), 1, label, align="center")
                self.w.box(self.row - 1, 2, item, key=f"{path}[{i - 1}]")
            if not value:
                self.w.box(self._next(), 1, field.label, style="head")
                self.w.box(self.row - 1, 2, None)
            return
        self.field_row(path)

    def _records(self, table_id: str) -> None:
        table = self.report.spec.lists[table_id]
        for i, entry in enumerate(get_path(self.report.data, table.path) or []):
            for j, column in enumerate(table.columns):
                label = f"（{chinese_ordinal(i + 1)}）{column.label}" if j == 0 else column.label
                self.w.box(self._next(), 1, label, style="head" if j == 0 else "cell")
                self.w.box(self.row - 1, 2, entry.get(column.key), key=f"{table.path}[{i}].{column.key}")

    def _derived(self, computed_id: str) -> None:
        computed = next(c for c in self.report.spec.computed if c.id == computed_id)
        ref = self.book.ref(f"calc.{computed_id}")
        formula = Formula(f'IF(ISNUMBER({ref}),{ref},"")') if ref else expr_formula(computed.expr, self.book.ref)
        row = self._next()
        self.w.box(row, 1, computed.label, style="head")
        self.w.box(row, 2, formula, align="num", fmt="percent" if computed.format == "percent" else "score",
                   derived=f"calc.{computed_id}", type=computed.format)

    def _scores(self) -> None:
        words, spec = self.report.spec.words, self.report.spec
        total = self.book.ref("total")
        row = self._next()
        self.w.box(row, 1, words.get("total_row", "总分"), style="head")
        self.w.box(row, 2, Formula(f'IF(ISNUMBER({total}),{total},"")'), align="num", fmt="score",
                   derived="total", type="score")
        total_here = self.w.qualified(f"B{row}")
        row = self._next()
        self.w.box(row, 1, "等级", style="head")
        self.w.box(row, 2, grade_formula(spec, total_here), align="num", derived="grade", type="text")
        for level in spec.level1:
            refs = [r for r in (self.book.ref(f"level1.{level.name}") or "").split("\n") if r]
            row = self._next()
            self.w.box(row, 1, f"{level.name}得分", style="head")
            formula = Formula(f'IF({call("COUNT", refs)}=0,"",{call("SUM", refs)})') if refs else Formula('""')
            self.w.box(row, 2, formula, align="num", fmt="score", derived=f"level1.{level.name}", type="score")

    def _figures(self) -> None:
        """Figures of the attachments the 正文 quotes: 财政供养人员控制率, 三公经费变动率."""
        self._next()
        self.w.box(self._next(), 1, "附件主要数据", span=2, style="head")
        for computed in self.report.spec.computed:
            if computed.each or self.book.ref(f"calc.{computed.id}") and computed.id != "staffing_rate":
                continue
            self._derived(computed.id)
