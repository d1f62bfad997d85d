"""Rebuild the department's published Word file from the seed text, as its clerk made it.

The importer will meet files like this one, so the builder works the way a clerk does
in Word: python-docx's own merge of cells (a vertical merge leaves `<w:vMerge/>` cells
holding one empty paragraph; a horizontal one leaves one `w:tc` with `w:gridSpan`),
headings typed with their broken numbers (`1、 `, `（1） 、`, `4、` beside `二、`), some in
Word heading styles and some as plain bold paragraphs, full-width spaces kept, blank
paragraphs pressed to reach the next page, 附件2 on a landscape section, 附件5 after 附件2.
Each table's geometry (which grid columns a cell spans, which empty cells continue a
vertical merge) is stated below; the seed gives every text, and the test reads the
result back with exports.docx.cells and compares it with the seed cell for cell.

VARIANTS, for the importer's robustness tests (each differs from "faithful" only so):
- merged_split: no vertical merge anywhere; 附件2's 一级/二级 labels (产出指标, 数量指标 …)
  repeated in every row of their run, every other merged-over cell left blank. The
  horizontal spans stay (a clerk who unmerges a column keeps the row shapes).
- rows_reordered: 附件1 rows `2、出国经费` and `3、公务接待` swapped; 附件2 rows 时效指标
  and 成本指标 (each a whole 二级 group of one row) swapped.
- row_missing: 附件1 row `2、出国经费` deleted; 附件2 row 加强廉政教育率 deleted (质量指标's
  merge then covers two rows).
- row_extra: 附件1 gets `          物业管理费 | 0 | 0 | 0` after 会议费、培训费; 附件2 gets
  举办招商推介会 (≥2次, 3次, weight 0) after 开展招商洽谈活动, inside the 数量指标 run.
- table_as_text: 附件1 pasted as paragraphs, one per row, cells joined by TAB (a cell's
  own line breaks become soft line breaks); a merged-over cell is an empty field.
"""

from __future__ import annotations

import copy
import io
import re
from typing import Any, NamedTuple

from tests.helpers.seed_text import Table, blocks, strip_markers

__all__ = ["VARIANTS", "GENUINELY_EMPTY", "GRID", "build", "model"]

VARIANTS = ("faithful", "merged_split", "rows_reordered", "row_missing", "row_extra",
            "table_as_text")
GRID = {"附件1": 7, "附件2": 9, "附件5": 4}
# Grid columns each cell spans, by the number of cells in its row.
SPANS = {"附件1": {4: [1, 2, 2, 2], 7: [1] * 7, 2: [1, 6]},
         "附件2": {2: [3, 6], 8: [1, 2, 1, 1, 1, 1, 1, 1], 3: [1, 4, 4], 9: [1] * 9,
                  4: [6, 1, 1, 1]},
         "附件5": {4: [1, 1, 1, 1], 3: [1, 1, 2]}}
# (row, cell) of empty cells that are not merged over; every other "" continues the cell above.
GENUINELY_EMPTY = {"附件1": set(), "附件2": {(1, 1), (6, 2), (7, 2)}, "附件5": set()}
WIDTHS_CM = {"附件1": [5.2] + [1.9] * 6, "附件5": [2.0, 2.3, 8.4, 4.2],
             "附件2": [1.1, 2.1, 2.4, 4.2, 2.8, 2.8, 1.3, 1.3, 5.5]}
EXTRA_ROWS = {"附件1": (18, ["          物业管理费", "0", "0", "0"]),
              "附件2": (14, ["", "", "", "举办招商推介会", "≥2次", "3次", "0", "0", "无偏差"])}
SWAPS = {"附件1": (7, 8), "附件2": (17, 18)}
DELETIONS = {"附件1": 7, "附件2": 16}
_H1 = re.compile(r"^(?:[一二三四五六七八九十]+|\d+)、")
_H2 = re.compile(r"^（(?:[一二三四五六七八九十]+|\d)）")
_FONTS = {"title": ("方正小标宋简体", 22.0), "h": ("黑体", 16.0), "body": ("仿宋_GB2312", 16.0),
          "attach_title": ("方正小标宋简体", 18.0),
          "table": ("宋体", 10.5), "note": ("仿宋_GB2312", 10.5)}


class Slot(NamedTuple):
    text: str
    span: int
    merge: str  # "" | "restart" | "continue"


def model(name: str, table: Table) -> list[list[Slot]]:
    """The seed table with each cell's span and vertical-merge state."""
    rows: list[list[Slot]] = []
    for r, row in enumerate(table):
        spans = SPANS[name][len(row)]
        rows.append([Slot(text, spans[c], "continue" if text == "" and (r, c) not in
                          GENUINELY_EMPTY[name] else "") for c, text in enumerate(row)])
    for r, slots in enumerate(rows):
        for c, slot in enumerate(slots):
            if slot.merge != "continue":
                continue
            above = rows[r - 1] if r else []
            a_c = next((i for i in range(len(above)) if _col(above, i) == _col(slots, c)), None)
            assert a_c is not None and above[a_c].span == slot.span, (name, r, c)
            if above[a_c].merge == "":
                above[a_c] = above[a_c]._replace(merge="restart")
    return rows


def _col(row: list[Slot], c: int) -> int:
    return sum(slot.span for slot in row[:c])


def _at(row: list[Slot], col: int) -> Slot | None:
    return next((s for i, s in enumerate(row) if _col(row, i) == col), None)


def _variant(name: str, rows: list[list[Slot]], variant: str) -> list[list[Slot]]:
    rows = [list(row) for row in rows]
    if variant == "rows_reordered" and name in SWAPS:
        a, b = SWAPS[name]
        rows[a], rows[b] = rows[b], rows[a]
    elif variant == "row_missing" and name in DELETIONS:
        del rows[DELETIONS[name]]
    elif variant == "row_extra" and name in EXTRA_ROWS:
        at, cells = EXTRA_ROWS[name]
        spans = SPANS[name][len(cells)]
        rows.insert(at, [Slot(t, spans[c], "continue" if t == "" else "")
                         for c, t in enumerate(cells)])
    elif variant == "merged_split":
        for r, row in enumerate(rows):
            for c, slot in enumerate(row):
                label = name == "附件2" and len(row) == 9 and c in (1, 2)
                repeated = label and slot.merge == "continue"
                row[c] = Slot(rows[r - 1][c].text if repeated else slot.text, slot.span, "")
    return rows


def _font(run: Any, kind: str, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    family, size = _FONTS[kind]
    run.font.name, run.font.size, run.font.bold = family, Pt(size), bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), family)


def _cell(cell: Any, text: str) -> None:
    from docx.enum.table import WD_ALIGN_VERTICAL
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    for i, line in enumerate(text.split("\n")):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        if len(text) < 24 and not text[:1].isspace():  # leading spaces indent a label
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if line:
            _font(paragraph.add_run(line), "table")


def _table(document: Any, name: str, rows: list[list[Slot]], merged: bool) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml.ns import qn
    from docx.shared import Cm
    from docx.table import _Cell

    grid = GRID[name]
    table = document.add_table(rows=len(rows), cols=grid)
    table.style, table.alignment = "Table Grid", WD_TABLE_ALIGNMENT.CENTER
    trs = table._tbl.tr_lst
    for col, width in zip(table.columns, WIDTHS_CM[name], strict=True):
        col.width = Cm(width)
        for tr in trs:
            tr.tc_lst[col._index].width = Cm(width)
    # Merge as Word's 合并单元格 does (python-docx's tc.merge; table.cell() is quadratic).
    for tr, row in zip(trs, rows, strict=True):
        assert sum(s.span for s in row) == grid, (name, [s.text for s in row])
        for c, slot in enumerate(row):
            if slot.span > 1:
                start = _col(row, c)
                tr.tc_at_grid_offset(start).merge(tr.tc_at_grid_offset(start + slot.span - 1))
    for r, row in enumerate(rows):
        for c, slot in enumerate(row):
            if slot.merge == "restart":
                col, end = _col(row, c), r
                while end + 1 < len(rows) and (_at(rows[end + 1], col) or slot).merge == "continue":
                    end += 1
                trs[r].tc_at_grid_offset(col).merge(trs[end].tc_at_grid_offset(col + slot.span - 1))
    for tr, row in zip(trs, rows, strict=True):
        assert len(tr.tc_lst) == len(row), (name, [s.text for s in row])
        for tc, slot in zip(tr.tc_lst, row, strict=True):
            if slot.merge != "continue":
                _cell(_Cell(tc, table), slot.text)
    for mark in table._tbl.iter(qn("w:vMerge")):  # Word writes a continuation bare
        if mark.get(qn("w:val")) == "continue":
            del mark.attrib[qn("w:val")]
    assert merged or not any(True for _ in table._tbl.iter(qn("w:vMerge")))


def _paragraph(document: Any, text: str, kind: str, style: str | None = None) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph = document.add_paragraph(style=style)
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if kind != "note":
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(28)
    elif not text:  # the Enters pressed under a table to reach the next page
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(8)
    if kind in ("title", "attach_title"):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif kind == "body":
        fmt.first_line_indent = Pt(32)
    for piece in re.split(r"(\[bookmark: [^\]]*\])", text):
        marks = strip_markers(piece)[1]
        if marks:  # a collapsed bookmark where the extractor printed it
            for tag in ("w:bookmarkStart", "w:bookmarkEnd"):
                element = OxmlElement(tag)
                element.set(qn("w:id"), "0")
                if tag == "w:bookmarkStart":
                    element.set(qn("w:name"), marks[0])
                paragraph._p.append(element)
        elif piece:
            font = {"h1": "h", "h2": "h",
                    "attach": "h"}.get(kind, kind)
            _font(paragraph.add_run(piece), font, bold=kind in ("h1", "h2", "attach"))
    return paragraph


def _kind(i: int, text: str, after_table: bool, previous: str) -> tuple[str, str | None]:
    """What a paragraph is and its Word style: the digit-numbered headings (whose automatic
    numbering broke) use Heading 1/2, those typed 二、（一） are plain bold paragraphs."""
    shown = strip_markers(text)[0]
    if i in (2, 3):
        return "title", None
    if re.fullmatch(r"附件\d", shown):
        return "attach", None
    if re.fullmatch(r"附件\d", previous):
        return "attach_title", None
    if after_table:
        return "note", None
    if len(shown) <= 40 and "。" not in shown and (_H1.match(shown) or _H2.match(shown)):
        level = "h1" if _H1.match(shown) else "h2"
        digits = bool(re.match(r"^（?\d", shown))
        return level, (f"Heading {level[1]}" if digits else None)
    return "body", None


def _page(section: Any, part: str) -> None:
    """A4; 正文 with the GB/T 9704 margins, attachments with narrow ones, 附件2 landscape."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Cm

    section.start_type = WD_SECTION.NEW_PAGE
    short, long = Cm(21.0), Cm(29.7)
    landscape = part == "附件2"
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    margins = [Cm(3.7), Cm(3.5), Cm(2.8), Cm(2.6)] if part == "正文" else [Cm(2.0)] * 4
    (section.top_margin, section.bottom_margin, section.left_margin,
     section.right_margin) = margins


def _styles(document: Any) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    for style_name, kind in (("Normal", "body"), ("Heading 1", "h"), ("Heading 2", "h")):
        style = document.styles[style_name]
        family, size = _FONTS[kind]
        style.font.name, style.font.size, style.font.color.rgb = family, Pt(size), RGBColor(0, 0, 0)
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), family)


def build(variant: str = "faithful") -> bytes:
    """The Word file (bytes) of one of VARIANTS; see the module docstring for each."""
    from docx import Document
    from docx.section import Section

    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; one of {VARIANTS}")
    document = Document()
    _styles(document)
    seed = blocks()
    label, previous, after_table = "", "", False
    ends = {}  # the blank paragraph before each 附件 label ends a section
    for i, block in enumerate(seed):
        if isinstance(block, str):
            shown = strip_markers(block)[0]
            if re.fullmatch(r"附件\d", shown):
                label, after_table = shown, False
            kind, style = _kind(i, block, after_table, previous)
            paragraph = _paragraph(document, block, kind, style)
            if i + 1 < len(seed) and isinstance(seed[i + 1], str) and \
                    re.fullmatch(r"附件\d", strip_markers(str(seed[i + 1]))[0]):
                ends[paragraph] = label or "正文"
            previous = shown
            continue
        rows = _variant(label, model(label, block), variant)
        if variant == "table_as_text" and label == "附件1":
            for row in rows:
                _paragraph(document, "\t".join(slot.text for slot in row), "note")
        else:
            _table(document, label, rows, merged=variant != "merged_split")
        after_table = True
    for paragraph, part in ends.items():
        sect_pr = copy.deepcopy(document.sections[-1]._sectPr)
        paragraph._p.get_or_add_pPr().append(sect_pr)
        _page(Section(sect_pr, document.part), part)
    _page(document.sections[-1], label)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
