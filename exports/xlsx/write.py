"""`jixiao export FILE --to OUT.xlsx`: the official attachments with live formulas.

Sheets, in the order a reviewer wants them: one per printed table of the form (附件1,
附件2, 附件5 for the Hunan form, laid out by core.printed from the form's layout), the
正文, the reviewer's scores, a 检查结果 sheet when the report has errors (it is a
draft), and a hidden `_jixiao` sheet holding the map from every data key to its cell
and from every derived value to its formula cell (exports.xlsx.map). Inputs get data
validation where the form bounds them. Everything derived is a formula; the workbook
carries the whole data file, so `jixiao import` gives back exactly what was exported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.findings import Evaluation
from core.form import FormSpec
from core.printed import print_tables
from core.report import Report
from core.storage import atomic_write_bytes
from exports.xlsx.book import Book
from exports.xlsx.cells import Deferred
from exports.xlsx.checks_sheet import write_checks_sheet
from exports.xlsx.formulas import Formulas
from exports.xlsx.map import MAP_SHEET, write_map_sheet
from exports.xlsx.review import ReviewSheet
from exports.xlsx.sheet_rows import save
from exports.xlsx.tables import write_table
from exports.xlsx.text_sheet import TextSheet
from exports.xlsx.validation import add_validation

__all__ = ["write", "render", "TEXT_SHEET", "CHECKS_SHEET"]

TEXT_SHEET = "正文"
CHECKS_SHEET = "检查结果"


def _unique(workbook: Any, title: str) -> Any:
    """A sheet titled as asked, made unique and legal for Excel (31 characters, no []:*?/\\)."""
    clean = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "表"
    name, n = clean, 2
    while name in workbook.sheetnames:
        name = f"{clean[:28]}（{n}）"
        n += 1
    return workbook.create_sheet(name)


def render(report: Report, evaluation: Evaluation, *, final: bool = False) -> bytes:
    """The workbook as bytes (written atomically by `write`)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    book = Book(workbook)
    deferred = Deferred(book)
    for printed in print_tables(report, evaluation):
        write_table(book, _unique(workbook, printed.layout.sheet), printed, deferred, report.spec)
    text = TextSheet(book, _unique(workbook, report.spec.words.get("text_sheet", TEXT_SHEET)), report, evaluation,
                     deferred)
    text.write()
    review = None
    if report.spec.assessment:
        review = ReviewSheet(book, _unique(workbook, report.spec.words.get("review_sheet", "评审")), report,
                             evaluation)
        review.write_inputs()
    formulas = Formulas(book, report, evaluation)
    if review is not None:
        review.write_items(formulas)
    deferred.write(formulas)
    add_validation(book, report)
    if evaluation.errors and not final:
        write_checks_sheet(workbook.create_sheet(CHECKS_SHEET), report, evaluation)
    write_map_sheet(book, workbook.create_sheet(MAP_SHEET), report)
    workbook.active = 0
    return save(workbook)


def write(report: Report, evaluation: Evaluation, spec: FormSpec, out: Path, *, final: bool = False) -> Path:
    """Write `out` atomically; the previous file, if any, is kept as `.bak`."""
    return atomic_write_bytes(Path(out), render(report, evaluation, final=final))
