"""WordprocessingML for the Word export: paragraphs and tables as markup, parsed once each.

A printed table (core.printed) becomes one `w:tbl`: a `w:gridCol` per layout column,
a `w:tc` per placed cell with `gridSpan` for column spans and `vMerge` restart /
continue for row spans (the continuation cells Word needs below a merged cell), header
rows marked `tblHeader`, every row `cantSplit`, and the rows of a merged run kept
with the next so a 一级指标 never loses its label at a page break. Building the
markup as text is ~50× faster than python-docx's cell API and says exactly what Word
will see.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from core.printed import Placed, PrintedTable
from core.visible import xml_safe

__all__ = ["paragraph_xml", "table_xml", "cell_widths"]

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_TWIPS_PER_CM = 567
_KEEP_RUN = 15  # merged runs up to this many rows are kept on one page


def _run(text: str, font: tuple[str, float], bold: bool = False, color: str | None = None) -> str:
    name, size = font
    half_points = int(round(size * 2))
    props = (f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}"/>'
             + ("<w:b/>" if bold else "") + (f'<w:color w:val="{color}"/>' if color else "")
             + f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _ppr(font: tuple[str, float], *, align: str = "left", indent: bool = False, keep_next: bool = False,
         spacing: float | None = 28.0, indent_chars: int = 0) -> str:
    jc = {"left": "left", "center": "center", "right": "right", "justify": "both"}[align]
    parts = []
    if keep_next:
        parts.append("<w:keepNext/>")
    if spacing is not None:
        parts.append(f'<w:spacing w:before="0" w:after="0" w:line="{int(spacing * 20)}" w:lineRule="exact"/>')
    else:
        parts.append('<w:spacing w:before="0" w:after="0"/>')
    first = int(font[1] * 20 * 2) if indent else 0
    left = int(font[1] * 20 * indent_chars)
    if first or left:
        parts.append(f'<w:ind w:left="{left}" w:firstLine="{first}"/>')
    parts.append(f'<w:jc w:val="{jc}"/>')
    return f"<w:pPr>{''.join(parts)}</w:pPr>"


def _paragraph_markup(text: str, font: tuple[str, float], *, bold: bool = False, color: str | None = None,
                      **options: Any) -> str:
    lines = xml_safe(text)[0].split("\n")
    out = []
    for line in lines:
        out.append(f"<w:p>{_ppr(font, **options)}" + (_run(line, font, bold, color) if line else "") + "</w:p>")
    return "".join(out)


def paragraph_xml(text: str, font: tuple[str, float], **options: Any) -> Any:
    """One paragraph (lines after the first become breaks within it)."""
    from docx.oxml import parse_xml

    bold = options.pop("bold", False)
    color = options.pop("color", None)
    lines = xml_safe(text)[0].split("\n")
    runs = []
    for i, line in enumerate(lines):
        if i:
            runs.append("<w:r><w:br/></w:r>")
        if line:
            runs.append(_run(line, font, bold, color))
    return parse_xml(f"<w:p {_W}>{_ppr(font, **options)}{''.join(runs)}</w:p>")


def _display_width(text: str) -> float:
    return max((sum(0.55 if ord(ch) < 128 else 1.0 for ch in line) for line in text.split("\n")), default=0.0)


def cell_widths(printed: PrintedTable, page_cm: float, font_size: float) -> list[float]:
    """Column widths in cm: the layout's widths, widened to fit short contents on one line.

    A row label of up to 14 characters and an entry of up to 10 (开展招商洽谈活动) get their
    full width; column headings wrap after 5, longer texts wrap in their column. The
    whole is scaled to the page's text width.
    """
    layout = list(printed.layout.widths)
    needed = [0.0] * len(layout)
    for cell in printed.cells:
        if cell.cols == 1 and cell.text:
            cap = 5.0 if cell.style == "head" else 14.0 if cell.kind == "label" else 10.0
            needed[cell.col] = max(needed[cell.col], min(_display_width(cell.text) + cell.indent, cap))
    char_cm = font_size * 0.0353 * 1.02
    natural = [max(width * char_cm * 0.5, chars * char_cm + 0.4) for width, chars in zip(layout, needed, strict=True)]
    weights = [max(n, w / sum(layout) * page_cm) for n, w in zip(natural, layout, strict=True)]
    scale = page_cm / sum(weights)
    return [w * scale for w in weights]


def table_xml(printed: PrintedTable, widths_cm: list[float], font: tuple[str, float],
              align: Callable[[Placed], str]) -> Any:
    from docx.oxml import parse_xml

    twips = [int(w * _TWIPS_PER_CM) for w in widths_cm]
    starts: dict[tuple[int, int], Placed] = {(cell.row, cell.col): cell for cell in printed.cells}
    continues: dict[tuple[int, int], Placed] = {}
    keep_rows: set[int] = set()
    for cell in printed.cells:
        for r in range(cell.row + 1, cell.row + cell.rows):
            continues[(r, cell.col)] = cell
        if 1 < cell.rows <= _KEEP_RUN:  # a whole table's label column may span pages; a run may not
            keep_rows.update(range(cell.row, cell.row + cell.rows - 1))
    keep_rows.update(printed.header_rows)  # a header row goes with the first row under it
    first_header = printed.header_rows[0] if printed.header_rows else None
    repeated = set(range(first_header + 1)) if first_header is not None and first_header <= 2 else (
        {0} if printed.header_rows else set())
    border = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = [f'<w:tbl {_W}><w:tblPr><w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="center"/>'
           f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/>'
           '<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
           '<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>'
           + "".join(f'<w:gridCol w:w="{t}"/>' for t in twips) + "</w:tblGrid>"]
    columns = len(twips)
    for r in range(printed.row_count):
        row = ["<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if r in repeated else "") + "</w:trPr>"]
        c = 0
        while c < columns:
            start = starts.get((r, c))
            if start is not None:
                cell = start
                width = sum(twips[c:c + cell.cols])
                span = f'<w:gridSpan w:val="{cell.cols}"/>' if cell.cols > 1 else ""
                merge = '<w:vMerge w:val="restart"/>' if cell.rows > 1 else ""
                bold = cell.style == "head"
                body = _paragraph_markup(cell.text, font, bold=bold, align=align(cell), spacing=None,
                                         keep_next=r in keep_rows, indent_chars=cell.indent)
                row.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}'
                           f'<w:vAlign w:val="center"/></w:tcPr>{body}</w:tc>')
                c += cell.cols
                continue
            above = continues.get((r, c))
            if above is not None:
                width = sum(twips[c:c + above.cols])
                span = f'<w:gridSpan w:val="{above.cols}"/>' if above.cols > 1 else ""
                row.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}<w:vMerge/></w:tcPr>'
                           f'<w:p>{_ppr(font, spacing=None, keep_next=r in keep_rows)}</w:p></w:tc>')
                c += above.cols
                continue
            row.append(f'<w:tc><w:tcPr><w:tcW w:w="{twips[c]}" w:type="dxa"/></w:tcPr><w:p/></w:tc>')
            c += 1
        row.append("</w:tr>")
        out.append("".join(row))
    out.append("</w:tbl>")
    return parse_xml("".join(out))
