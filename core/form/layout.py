"""The printed layout of each official table, as the form file declares it (`[[tables]]`).

A printed table is rows of cells on a grid of columns, the way the paper form draws
it: label cells (`text`, with `{year}`-style placeholders), input cells (`field`),
computed cells (`value`: a formula's result, a score, a grid parent), merged spans
(`span` columns, `rows` rows), rows repeated once per entry of a list (`repeat`, with
equal neighbours merged down as `merge` says), the grid's columns in one go (`grid`),
column widths, a number format per table and per cell, the orientation, header rows
that repeat on every page and paragraphs printed after the table. Every writer (the
workbook, Word, Markdown, the terminal) draws the same expansion of these rows
(core.printed), so a label, a merge or a figure is stated once, here.
"""


from typing import Any, NamedTuple

__all__ = ["CellLayout", "RowLayout", "TableLayout", "DocumentLayout", "parse_tables", "parse_document",
           "FORMATS"]

# Number formats a cell may print with (see core.printed.display):
# plain 174.1 · fixed 174.10 · percent 87.5% · percent_fixed 87.50% · count 8
FORMATS = ("plain", "fixed", "percent", "percent_fixed", "count")


class CellLayout(NamedTuple):
    """One cell: a label, an input, a computed value, a grid row's columns, or blank."""

    text: str | None = None  # a label, or the template around {value}
    field: str | None = None  # an input: a data key, or row.<column> inside a repeated row
    value: str | None = None  # a computed name: calc.*, score.*, assessment.*, form.*
    grid: str | None = None  # <grid>.<row> (or "row" inside a repeat over a grid's named rows)
    span: int = 1
    rows: int | str = 1  # a number, or "group": this row and every row of the next repeat
    format: str | None = None
    style: str = "cell"  # cell · head
    align: str | None = None  # left · center · right (numbers default right, labels left)
    indent: int = 0
    numbering: str | None = None  # a text list in one cell: "{n}.{value}" per entry


class RowLayout(NamedTuple):
    cells: tuple[CellLayout, ...]
    repeat: str | None = None  # a list id, or <grid>.<list> for a grid's named rows
    merge: tuple[str, ...] = ()  # fields (row.<column>) whose equal neighbours merge down
    number_from: int = 1  # {n} of the first repeated row
    empty_rows: int = 0  # rows printed when the list is empty (a blank line to fill in)
    header: bool = False  # repeated at the top of every printed page


class TableLayout(NamedTuple):
    id: str
    heading: str  # the line above the title: 附件1
    title: str
    sheet: str  # the workbook sheet's name
    section: str | None  # the editor section a reader is sent to for this table
    widths: tuple[float, ...]  # column widths in character units
    rows: tuple[RowLayout, ...]
    orientation: str = "portrait"
    format: str = "plain"
    after: tuple[str, ...] = ()  # paragraphs printed after the table (templates)
    list_name: str | None = None  # the name in the report's list of attachments


class DocumentLayout(NamedTuple):
    """How the report is put together around the 正文 sections and the printed tables."""

    title: bool = True  # print the report's title; false where the form is one table with its own title
    attachments_label: str = ""  # the line before the list of attachments (附件：)
    attachment_item: str = "{number}.{name}"
    signoff: tuple[str, ...] = ()  # lines after the 正文, right-aligned (unit, date)
    title_breaks: tuple[str, ...] = ()  # where the title may break into lines


def _cell(raw: dict[str, Any]) -> CellLayout:
    return CellLayout(
        text=raw.get("text"), field=raw.get("field"), value=raw.get("value"), grid=raw.get("grid"),
        span=int(raw.get("span", 1)), rows=raw.get("rows", 1), format=raw.get("format"),
        style=raw.get("style", "cell"), align=raw.get("align"), indent=int(raw.get("indent", 0)),
        numbering=raw.get("numbering"),
    )


def _row(raw: dict[str, Any]) -> RowLayout:
    return RowLayout(
        cells=tuple(_cell(cell) for cell in raw.get("cells", [])), repeat=raw.get("repeat"),
        merge=tuple(raw.get("merge", ())), number_from=int(raw.get("number_from", 1)),
        empty_rows=int(raw.get("empty_rows", 0)), header=bool(raw.get("header", False)),
    )


def parse_tables(raw: list[dict[str, Any]]) -> tuple[TableLayout, ...]:
    return tuple(
        TableLayout(
            id=item["id"], heading=item.get("heading", ""), title=item.get("title", ""),
            sheet=item.get("sheet", item["id"]), section=item.get("section"),
            widths=tuple(float(width) for width in item["widths"]),  # float-ok: column widths
            rows=tuple(_row(row) for row in item.get("rows", [])),
            orientation=item.get("orientation", "portrait"), format=item.get("format", "plain"),
            after=tuple(item.get("after", ())), list_name=item.get("list_name"),
        )
        for item in raw
    )


def parse_document(raw: dict[str, Any]) -> DocumentLayout:
    return DocumentLayout(
        title=bool(raw.get("title", True)),
        attachments_label=raw.get("attachments_label", ""),
        attachment_item=raw.get("attachment_item", "{number}.{name}"),
        signoff=tuple(raw.get("signoff", ())),
        title_breaks=tuple(raw.get("title_breaks", ())),
    )
