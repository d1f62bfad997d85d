"""The 正文 sheet: the cover, every narrative section 一…十 with its generated sentences.

A reviewer who only opens the workbook reads the whole report here, and the workbook
carries every input: the cover and the narrative live in these cells (one cell per
entry of a list), figures whose home is an attachment are live references to it, and
the generated sentences are formulas over the cells they quote, so a figure corrected
in Excel is corrected in the sentence too, never left stale.
"""

from __future__ import annotations

from typing import Any

from core.document import chinese_ordinal
from core.findings import Evaluation
from core.form import Section
from core.paths import get_path
from core.report import Report
from core.text import ABSENT, fill_heading, subsection_templates
from core.values import display, fill, kind_of
from exports.xlsx.book import Book, SheetWriter, map_type, number_format
from exports.xlsx.cells import Deferred, Pending

__all__ = ["TextSheet"]

WIDTHS = [22.0, 90.0]


class TextSheet:
    def __init__(self, book: Book, ws: Any, report: Report, ev: Evaluation, deferred: Deferred) -> None:
        self.w = SheetWriter(book, ws, WIDTHS)
        self.book, self.report, self.ev, self.deferred = book, report, ev, deferred
        self.row = 1

    def _next(self) -> int:
        self.row += 1
        return self.row - 1

    def _field(self, path: str, label: str | None = None, derived: bool = True) -> None:
        spec = self.report.spec
        field = spec.fields[path]
        row = self._next()
        self.w.box(row, 1, label or field.label, style="head")
        value = get_path(self.report.data, path)
        kind = field.type
        fmt = number_format(None, kind)
        align = "right" if kind in ("money", "count", "score", "year") else "left"
        if self.book.ref(path) is not None:
            coord = self.w.box(row, 2, None, fmt=fmt, align=align)
            self.deferred.add(Pending(self.w.ws, coord, "ref", name=path, kind=kind,
                                      fallback=display(value, kind), derived=derived))
        else:
            self.w.box(row, 2, value, fmt=fmt, align=align, key=path, type=map_type(kind))

    def write(self) -> None:
        spec = self.report.spec
        title = fill_heading(spec.title, self.report, self.ev)
        coord = self.w.box(self._next(), 1, title, span=2, style="title", align="center", border=False)
        self.deferred.add(Pending(self.w.ws, coord, "text", template=spec.title, absent=ABSENT, fallback=title,
                                  derived=False))
        self.w.height(1, 30)
        self._next()
        for section in spec.sections:
            if section.attachment or section.kind == "assessment":
                continue
            self.w.box(self._next(), 1, section.label, span=2, style="head")
            if section.kind == "records" and section.list_id:
                self._records(section)
            else:
                self._section(section)
            self._next()
        self._leftovers()
        self.w.finish()

    def _section(self, section: Section) -> None:
        spec = self.report.spec
        subs = section.subsections or tuple({"field": p} for p in section.fields)
        covered = {sub.get("field") for sub in subs}
        for path in section.fields:
            if path not in covered and spec.fields[path].type != "text":
                self._field(path)
        for computed_id in section.derived:
            self._value(f"calc.{computed_id}", next(c.label for c in spec.computed if c.id == computed_id))
        for sub in subs:
            if sub.get("label"):
                text = fill_heading(sub["label"], self.report, self.ev)
                coord = self.w.box(self._next(), 1, text, span=2, style="head")
                self.deferred.add(Pending(self.w.ws, coord, "text", template=sub["label"], absent=ABSENT,
                                          fallback=text, derived=False))
            for template in subsection_templates(self.report, sub):
                row = self._next()
                self.w.box(row, 1, None, style="generated")
                coord = self.w.box(row, 2, None, style="generated")
                self.deferred.add(Pending(self.w.ws, coord, "text", template=template, absent=ABSENT,
                                          fallback=fill_heading(template, self.report, self.ev), derived=False))
                self.w.wrap(row, 2, 1, fill_heading(template, self.report, self.ev))
            if sub.get("field"):
                self._text(sub["field"], sub.get("numbering"))
        for path in section.fields:
            if path not in covered and spec.fields[path].type == "text":
                self._field(path)

    def _value(self, name: str, label: str) -> None:
        row = self._next()
        self.w.box(row, 1, label, style="head")
        kind = kind_of(name, self.report.spec)
        coord = self.w.box(row, 2, None, align="right", fmt=number_format("percent" if kind == "percent" else None,
                                                                          kind))
        self.deferred.add(Pending(self.w.ws, coord, "value", name=name, kind=kind))

    def _text(self, path: str, numbering: str | None) -> None:
        field = self.report.spec.fields[path]
        value = get_path(self.report.data, path)
        if field.type == "textlist" and self.book.ref(path) is None:
            for i, item in enumerate(value or [], 1):
                label = fill(numbering, {"n": str(i), "value": ""}.__getitem__) if numbering else str(i)
                self.w.box(self._next(), 1, label, align="center")
                self.w.box(self.row - 1, 2, item, key=f"{path}[{i - 1}]")
            if not value:
                self.w.box(self._next(), 1, field.label, style="head")
                self.w.box(self.row - 1, 2, None, key=f"{path}[0]")
            return
        # a list a printed table holds as one numbered cell: shown here by a live reference to it
        self._field(path, derived=field.type != "textlist")

    def _records(self, section: Section) -> None:
        assert section.list_id is not None
        table = self.report.spec.lists[section.list_id]
        rows = get_path(self.report.data, table.path) or []
        for i, entry in enumerate(rows or [{}]):
            for j, column in enumerate(table.columns):
                label = f"（{chinese_ordinal(i + 1)}）{column.label}" if j == 0 else column.label
                self.w.box(self._next(), 1, label, style="head" if j == 0 else "cell")
                self.w.box(self.row - 1, 2, entry.get(column.key), key=f"{table.path}[{i}].{column.key}")

    def _leftovers(self) -> None:
        """Inputs of the attachments that no printed table holds, so the workbook carries all."""
        spec = self.report.spec
        missing = [(section, path) for section in spec.sections if section.attachment
                   for path in section.fields if self.book.ref(path) is None]
        if not missing:
            return
        self._next()
        for section, path in missing:
            self._field(path, f"{section.attachment} · {spec.fields[path].label}")
