"""What a file handed to `jixiao import` holds, and what the reader made of it.

The reader works on files it did not write: a department's Word report, an official
Excel template filled by hand. So its answer is not just a data file but an account
(`ImportReport`) a reviewer can trust: every field read and where it came from (a
paragraph, a table cell), every field the file lacks and why, every piece of the file
that matched nothing, every figure the file states that the data does not reproduce
(a 合计, an 执行率), and every field the file gives twice with two values. Nothing is
dropped silently, and nothing the reader could not read becomes a 0.

The input side (`Line`, `SourceCell`, `SourceTable`, `SourceDocument`) is what the
format readers in exports/ hand over: text and cells with their places, no library
objects, so this package stays free of python-docx and openpyxl.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from core.report import Report

__all__ = ["Where", "Line", "SourceCell", "SourceTable", "SourceDocument", "FieldRead", "Missing",
           "Unmatched", "Mismatch", "Conflict", "ImportReport", "MISSING_REASONS", "FILE_KINDS"]

_QUOTE = 14

# Why a field is missing: its place was found blank, its place (row, paragraph, table)
# was not found, or a file of this kind has no place for it at all.
MISSING_REASONS = {"blank": "空白", "absent": "文件中没有找到", "no_place": "此类文件不含此项"}

# What a file handed to import, batch or diff was, for people (ImportReport.kind, BatchRow.kind).
FILE_KINDS = {"toml": "数据文件", "docx": "Word 报告", "xlsx": "手填工作簿", "jixiao-xlsx": "jixiao 工作簿",
              "batch-summary": "jixiao 汇总表"}


class Where(NamedTuple):
    """A place in the file, said the way a clerk finds it again (Ctrl+F, the cell name)."""

    place: str = ""  # 正文, 附件1, 工作表“附件1”
    paragraph: int | None = None  # 1-based among the body's paragraphs
    row: int | None = None  # 1-based row of a table (a sheet's own row number in a workbook)
    cell: int | None = None  # 1-based cell of the row
    ref: str | None = None  # a workbook's cell name: B4
    quote: str = ""

    def text(self) -> str:
        quote = self.quote.strip().replace("\n", " ")
        quote = f"“{quote[:_QUOTE]}{'…' if len(quote) > _QUOTE else ''}”" if quote else ""
        if self.ref is not None:
            return f"{self.place} {self.ref}"
        if self.paragraph is not None and self.row is None:
            return f"第 {self.paragraph} 段{quote}"
        if self.paragraph is not None:
            return f"{self.place} 第 {self.paragraph} 段第 {self.cell} 格（以文字粘贴的表格）"
        if self.row is not None:
            cell = f"第 {self.cell} 格" if self.cell is not None else ""
            return f"{self.place} 表格第 {self.row} 行{cell}"
        return self.place + quote

    def at(self, place: str) -> Where:
        """The same place named by the table it was read as (a workbook's cell keeps its sheet)."""
        return self if self.ref is not None else self._replace(place=place)

    def as_json(self) -> dict[str, Any]:
        return {"place": self.place, "paragraph": self.paragraph, "row": self.row, "cell": self.cell,
                "ref": self.ref, "text": self.text()}


class Line(NamedTuple):
    """One paragraph of a document (or one line of a sheet outside its table)."""

    text: str
    where: Where


class SourceCell(NamedTuple):
    """One cell as the file stores it: a Word `w:tc`, a workbook cell or merged range."""

    text: str
    where: Where
    col: int | None = None  # first grid column it covers (None: the file gives only the order)
    span: int = 1
    continued: bool = False  # a vertical merge continued from the cell above


class SourceTable(NamedTuple):
    rows: list[list[SourceCell]]
    where: Where  # the table as a whole: 第 2 个表格, 工作表“附件1”
    as_text: bool = False  # pasted as paragraphs, cells separated by tabs
    heading: str | None = None  # the attachment heading written above it (附件1), if any
    lines: tuple[Line, ...] = ()  # paragraphs around it that may be its title or its notes


class SourceDocument(NamedTuple):
    """The file's paragraphs and tables in order (a workbook: one table per sheet)."""

    name: str
    kind: str  # docx · xlsx
    blocks: list[Line | SourceTable]
    has_body: bool  # whether this kind of file holds a 正文 at all
    notes: tuple[str, ...] = ()


class FieldRead(NamedTuple):
    path: str
    value: Any
    where: Where
    entries: int | None = None  # how many entries a text list has


class Missing(NamedTuple):
    path: str
    reason: str  # a key of MISSING_REASONS
    where: Where | None = None


class Unmatched(NamedTuple):
    where: Where
    text: str
    reason: str
    path: str | None = None  # the field the text stood for, when the place was understood


class Mismatch(NamedTuple):
    """A figure the file states that the data read does not reproduce (a total, a rate)."""

    name: str
    caption: str
    file_text: str
    computed: str
    where: Where
    stored: bool = False  # a stated parent kept as an input, so check reports the difference


class Conflict(NamedTuple):
    path: str
    kept: FieldRead
    other: FieldRead


@dataclass
class ImportReport:
    """The reader's account of one file; `status` is the command's exit status."""

    file: str
    kind: str
    form: str | None = None
    form_name: str | None = None
    refused: str | None = None  # not such a report (exit 2): the reason
    read: list[FieldRead] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables: list[tuple[str, str]] = field(default_factory=list)  # (table heading, where it was found)
    report: Report | None = None

    @property
    def status(self) -> int:
        """0 read, 1 read with parts not understood, 2 not such a report."""
        if self.refused is not None or self.report is None:
            return 2
        return 1 if self.unmatched or self.conflicts else 0

    @property
    def understood(self) -> str:
        """`95/97`: pieces read of pieces that held anything (read + not understood)."""
        total = len(self.read) + len(self.unmatched) + len(self.conflicts)
        return f"{len(self.read)}/{total}"

    def as_json(self) -> dict[str, Any]:
        from core.labels import path_label

        spec = self.report.spec if self.report is not None else None
        data = self.report.data if self.report is not None else {}

        def label(path: str) -> str:
            return path_label(spec, data, path) if spec is not None else path

        return {
            "file": self.file, "kind": self.kind, "form": self.form, "status": self.status,
            "refused": self.refused, "understood": self.understood,
            "read": [{"path": r.path, "label": label(r.path), "value": _json_value(r.value),
                      "where": r.where.as_json()} for r in self.read],
            "missing": [{"path": m.path, "label": label(m.path), "reason": m.reason,
                         "reason_text": MISSING_REASONS[m.reason],
                         "where": m.where.as_json() if m.where else None} for m in self.missing],
            "unmatched": [{"where": u.where.as_json(), "text": u.text, "reason": u.reason,
                           "path": u.path} for u in self.unmatched],
            "mismatches": [{"name": m.name, "caption": m.caption, "file": m.file_text,
                            "computed": m.computed, "stored": m.stored, "where": m.where.as_json()}
                           for m in self.mismatches],
            "conflicts": [{"path": c.path, "label": label(c.path), "kept": _json_value(c.kept.value),
                           "kept_where": c.kept.where.as_json(), "other": _json_value(c.other.value),
                           "other_where": c.other.where.as_json()} for c in self.conflicts],
            "tables": [{"table": name, "where": where} for name, where in self.tables],
            "notes": list(self.notes),
        }


def _json_value(value: Any) -> Any:
    """Decimals as the plain strings the JSON contract uses; dates as ISO; lists kept."""
    import datetime as dt
    from decimal import Decimal

    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    return str(value)
