"""One printed table of the form (core.printed) on its own sheet, as the published form draws it.

Labels, merges, widths and number formats come from the form's layout; inputs are
written as values (the first place an input appears is its home, later places are
references to it), computed cells and labels that quote a figure become formulas at
the end (exports.xlsx.cells). The sheet prints on A4 in the layout's orientation,
fitted to the page width, with its header rows repeated and page numbers in the footer.
"""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter

from core.form import FormSpec
from core.printed import Placed, PrintedTable
from core.values import fill
from exports.xlsx.book import Book, MapEntry, SheetWriter, map_type, number_format
from exports.xlsx.cells import Deferred, Pending

__all__ = ["write_table", "input_value", "map_type"]

# Printable height of an A4 page at 100 % with the sheet's margins, in points: a table that
# fits is printed on one page (scaled if need be), so no run of rows loses its label.
PAGE_POINTS_PORTRAIT = 730.0
PAGE_POINTS_LANDSCAPE = 485.0


def input_value(cell: Placed) -> Any:
    """What an input cell holds: the number itself (a label stays in its format), or the text."""
    value = cell.value
    if cell.value_kind == "textlist":
        return cell.text or None
    if value is None:
        # a labelled blank keeps its label visible: `纳入专户管理的非税收入拨款：`
        return cell.text if cell.template and cell.text else None
    if isinstance(value, str):
        return cell.text if cell.template else value
    return value


def _map_template(cell: Placed) -> str:
    if cell.value_kind == "textlist" and cell.numbering:
        return cell.numbering
    return cell.template or ""


def write_table(book: Book, ws: Any, printed: PrintedTable, deferred: Deferred, spec: FormSpec) -> None:
    layout = printed.layout
    widths = list(layout.widths)
    columns = len(widths)
    w = SheetWriter(book, ws, widths)
    w.box(1, 1, layout.heading, style="label", border=False, span=min(2, columns))
    coord = w.box(2, 1, printed.title, span=columns, style="title", align="center", border=False)
    deferred.add(Pending(ws, coord, "text", template=layout.title, absent="____", fallback=printed.title,
                         derived=False))
    w.height(2, max(30, 22 * (printed.title.count("\n") + 1)))  # a title may be two lines
    top = 3
    w.place(printed.cells, top, lambda cell: _write_cell(w, spec, book, deferred, cell, top))
    title = ws.title
    tops: dict[tuple[int, int], str] = {}  # a run's top cell, the reference of all its rows
    for name, (cell, row, col) in printed.aliases.items():
        # the map points at the covered cell itself (import reads a merged cell's value from its
        # top), so a list column stays one run of cells; formulas use the top cell
        letter = get_column_letter(col + 1)
        book.entries.append(MapEntry(name, title, f"{letter}{top + row}", map_type(cell.value_kind), "input",
                                     _map_template(cell), letter, top + row))
        if name not in book.refs:
            at = (cell.row, cell.col)
            book.refs[name] = tops[at] if at in tops else tops.setdefault(at, w.at(cell.col + 1, top + cell.row)[1])
    row = top + printed.row_count + 1
    for template, text in zip(layout.after, printed.after, strict=True):
        coord = w.box(row, 1, text, span=columns, style="note", border=False)
        deferred.add(Pending(ws, coord, "text", template=template, absent="　　　　", fallback=text, derived=False))
        row += 1
    header = ""
    if printed.header_rows:
        header = f"{top + printed.header_rows[0]}:{top + printed.header_rows[-1]}"
    landscape = layout.orientation == "landscape"
    fits = w.points(1, row) <= (PAGE_POINTS_LANDSCAPE if landscape else PAGE_POINTS_PORTRAIT)
    if not fits:
        # too tall for one page: each header row (附件2's 绩效指标) starts a page, so a merged
        # run is never cut from its label and the header is repeated above it
        from openpyxl.worksheet.pagebreak import Break

        for index in printed.header_rows:
            if index > 0:
                ws.row_breaks.append(Break(id=top + index - 1))
    w.finish(header_rows=header or None, landscape=landscape, fit_height=fits)


def _value_format(spec: FormSpec, cell: Placed) -> str | None:
    """A computed cell's number format; a 总分 above the 满分 shows the form's mark after it."""
    fmt = number_format(cell.format, cell.value_kind)
    full = spec.scoring_number(spec.scoring.full) if cell.name == "score.total" and spec.scoring.withhold_grade \
        else None
    if full is None or fmt is None:
        return fmt
    mark = spec.words.get("over_full", "（超过满分）").replace('"', "")
    return f'[>{full}]{fmt}"{mark}";{fmt}'


def _write_cell(w: SheetWriter, spec: FormSpec, book: Book, deferred: Deferred, cell: Placed, top: int) -> None:
    row, col = top + cell.row, 1 + cell.col
    fmt = number_format(cell.format, cell.value_kind, cell.template)
    if cell.kind == "input" and cell.name and cell.name not in book.refs:
        # the home of an input, most cells of a long list: arguments spelled out, no dict
        w.box(row, col, input_value(cell), span=cell.cols, down=cell.rows, style=cell.style, indent=cell.indent,
              align=cell.align, fmt=fmt, key=cell.name, type=map_type(cell.value_kind), template=_map_template(cell))
        if cell.rows == 1:
            w.wrap(row, col, cell.cols, cell.text)
        return
    common: dict[str, Any] = {"span": cell.cols, "down": cell.rows, "style": cell.style, "indent": cell.indent,
              "align": cell.align}
    if cell.kind == "input" and cell.name:
        # a later place of an input: a reference to its home
        coord = w.box(row, col, None, fmt=fmt, **common)
        deferred.add(Pending(w.ws, coord, "ref", name=cell.name, kind=cell.value_kind, fallback=cell.text))
        if cell.rows == 1:
            w.wrap(row, col, cell.cols, cell.text)
        return
    if cell.kind == "value" and cell.name:
        coord = w.box(row, col, None, fmt=_value_format(spec, cell), **common)
        deferred.add(Pending(w.ws, coord, "value", name=cell.name, kind=cell.value_kind,
                             fallback=cell.value if cell.value is not None else None))
        return
    if cell.kind == "label" and cell.template and "{" in cell.template:
        coord = w.box(row, col, cell.text, **common)
        template = fill(cell.template, lambda key: cell.context.get(key, "{" + key + "}"))
        deferred.add(Pending(w.ws, coord, "text", template=template, fallback=cell.text, derived=False))
        return
    w.box(row, col, cell.text or None, **common)
