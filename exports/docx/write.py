"""`jixiao export FILE --to OUT.docx`: the report as a department submits it, in Word.

Built from the same blocks as Markdown and `jixiao show` (core.document), so the three
never disagree on a figure or a heading. The look follows the usual rules for
official documents (GB/T 9704): title in 小标宋 二号, 一、 headings in 黑体 三号, （一）
in 楷体 三号, body in 仿宋 三号 with a two-character indent and 28 pt lines, page
numbers centred in the footer. Attachments start on a new page (附件2, eight columns
wide, on a landscape page) as real Word tables whose label cells are merged the way
the printed tables merge them: 一级/二级 runs, the 总分/合计 row, and a group label over
the blank cells below it.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from core.document import Heading, Paragraph, Table, build_document
from core.findings import Evaluation
from core.form import FormSpec
from core.report import Report
from core.storage import atomic_write_bytes

__all__ = ["write", "render", "FONTS"]

FONTS = {
    "title": ("方正小标宋简体", 22.0),
    "heading1": ("黑体", 16.0),
    "heading2": ("楷体_GB2312", 16.0),
    "body": ("仿宋_GB2312", 16.0),
    "attachment": ("黑体", 16.0),
    "attachment_title": ("方正小标宋简体", 18.0),
    "table": ("仿宋_GB2312", 10.5),
    "footer": ("宋体", 14.0),
}


def _font(run: Any, kind: str, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    name, size = FONTS[kind]
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(container: Any, text: str, kind: str, *, align: str = "left", indent: bool = False,
               bold: bool = False) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    paragraph = container.add_paragraph()
    paragraph.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                           "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    fmt = paragraph.paragraph_format
    if kind != "table":
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(FONTS[kind][1] * 2)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        _font(run, kind, bold)
        if i < len(lines) - 1:
            run.add_break()
    return paragraph


def _page_number(section: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), "footer")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    _font(paragraph.add_run(" —"), "footer")


def _page(section: Any, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    width, height = Cm(21.0), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    if landscape:
        section.top_margin = section.bottom_margin = Cm(2.0)
        section.left_margin = section.right_margin = Cm(2.0)
    else:
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)


def _merge_plan(block: Table) -> list[tuple[int, int, int, int]]:
    """(row1, col1, row2, col2) ranges to merge; row 0 is the header row."""
    grid = [block.columns] + block.rows
    merges: list[tuple[int, int, int, int]] = []
    if block.rows and block.columns[0] and all(not row[0] for row in block.rows):
        merges.append((0, 0, len(block.rows), 0))  # a group label over blank cells
    if block.section in ("att2_indicators", "att5"):
        body = block.rows[:-1]
        for col in (0, 1):
            start = 0
            while start < len(body):
                end = start
                key = tuple(body[start][: col + 1])
                while end + 1 < len(body) and tuple(body[end + 1][: col + 1]) == key and key[-1]:
                    end += 1
                if end > start:
                    merges.append((start + 1, col, end + 1, col))
                start = end + 1
    last = grid[-1]
    if len(grid) > 1 and last[0] and len(last) > 2 and not last[1]:
        end = 1
        while end + 1 < len(last) and not last[end + 1]:
            end += 1
        merges.append((len(grid) - 1, 0, len(grid) - 1, end))
    return merges


def _table(document: Any, block: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT

    grid = [block.columns] + (block.rows if block.rows else [])
    table = document.add_table(rows=len(grid), cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    merges = _merge_plan(block)
    skip = {(r, c) for r1, c1, r2, c2 in merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)
            if (r, c) != (r1, c1)}
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            if (r, c) in skip:
                continue
            cell = table.cell(r, c)
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
            numeric = r > 0 and c < len(block.numeric) and block.numeric[c]
            _paragraph(cell, text, "table", align="right" if numeric else ("center" if r == 0 else "left"),
                       bold=r == 0)
    for r1, c1, r2, c2 in merges:
        table.cell(r1, c1).merge(table.cell(r2, c2))
    if not block.rows:
        table.rows[0].cells[0].paragraphs[0].runs[0].font.bold = True


def render(report: Report, evaluation: Evaluation) -> bytes:
    from docx import Document
    from docx.enum.section import WD_SECTION

    document = Document()
    _page(document.sections[0], landscape=False)
    _page_number(document.sections[0])
    in_attachments = False
    from exports.blocks import with_attachment_list

    for block in with_attachment_list(report, build_document(report, evaluation)):
        if isinstance(block, Heading):
            if block.level == 0:
                _paragraph(document, block.text, "title", align="center")
                unit = report.get("unit.name")
                if unit:
                    _paragraph(document, str(unit), "heading2", align="center")
                _paragraph(document, "", "body")
            elif block.level == 1 and block.text.startswith(_attachment_prefix(report)):
                section = document.add_section(WD_SECTION.NEW_PAGE)
                _page(section, landscape=block.section is not None and block.section.startswith("att2"))
                in_attachments = True
                _paragraph(document, block.text, "attachment")
            elif block.level == 3:
                _paragraph(document, block.text, "attachment_title", align="center")
            elif block.level == 1:
                _paragraph(document, block.text, "heading1", indent=True)
            else:
                _paragraph(document, block.text, "heading2", indent=True)
        elif isinstance(block, Paragraph):
            if in_attachments:
                _paragraph(document, block.text, "table")
            else:
                _paragraph(document, block.text, "body", indent=True, align="justify")
        elif isinstance(block, Table):
            _table(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _attachment_prefix(report: Report) -> tuple[str, ...]:
    return tuple(s.attachment for s in report.spec.sections if s.attachment)


def write(report: Report, evaluation: Evaluation, spec: FormSpec, out: Path) -> Path:
    """Write `out` atomically; the previous file, if any, is kept as `.bak`."""
    return atomic_write_bytes(Path(out), render(report, evaluation))
