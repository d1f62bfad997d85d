"""`jixiao export FILE --to OUT.docx`: the report as a department submits it, in Word.

Built from the same blocks as Markdown and `jixiao show` (core.document), so the three
never disagree. The look follows the rules for official documents (GB/T 9704): the
title in 小标宋 二号, broken only where the form allows; 一、 headings in 黑体 三号, （一）
in 楷体 三号, body in 仿宋 三号 with a two-character indent and 28 pt lines; headings
kept with what follows; page numbers in the footer. Each attachment starts a page
(landscape where its layout says so) with one Word table drawn from the form's
layout: merged label cells, columns sized to their content, header rows repeated,
rows that never split and merged runs kept on one page. A report with errors says
`草稿（N 个错误）` at the top of every page. Tables are written as WordprocessingML
directly: python-docx's cell API is quadratic in the table's size.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from core.document import Heading, Paragraph, TableBlock, build_document, draft_line, title_lines
from core.findings import Evaluation
from core.form import FormSpec
from core.printed import Placed, PrintedTable
from core.report import Report
from core.storage import atomic_write_bytes
from core.visible import xml_safe
from exports.docx.xml import cell_widths, paragraph_xml, table_xml

__all__ = ["write", "render", "FONTS"]

FONTS = {
    "title": ("方正小标宋简体", 22.0),
    "heading1": ("黑体", 16.0),
    "heading2": ("楷体_GB2312", 16.0),
    "body": ("仿宋_GB2312", 16.0),
    "attachment": ("黑体", 16.0),
    "attachment_title": ("方正小标宋简体", 18.0),
    "table": ("仿宋_GB2312", 10.5),
    "note": ("仿宋_GB2312", 12.0),
    "footer": ("宋体", 14.0),
    "draft": ("黑体", 12.0),
}
_PORTRAIT_TEXT_CM = 21.0 - 2.8 - 2.6
_LANDSCAPE_TEXT_CM = 29.7 - 2.0 - 2.0
_PROPERTY_CHARS = 255  # what a core property (title, subject) of a Word file holds


def _append(document: Any, element: Any) -> None:
    """Into the body before its closing section properties, where Word expects content."""
    document.element.body.sectPr.addprevious(element)


def _add(document: Any, text: str, kind: str, **options: Any) -> None:
    _append(document, paragraph_xml(text, FONTS[kind], **options))


def _page(section: Any, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    width, height = Cm(21.0), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    if landscape:
        section.top_margin = section.bottom_margin = section.left_margin = section.right_margin = Cm(2.0)
    else:
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)


def _page_number(section: Any) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    footer = section.footer.paragraphs[0]._p
    footer.getparent().replace(footer, parse_xml(
        f'<w:p {nsdecls("w")}><w:pPr><w:jc w:val="center"/></w:pPr>'
        f'<w:r><w:t xml:space="preserve">— </w:t></w:r><w:fldSimple w:instr="PAGE"><w:r><w:t>1</w:t></w:r>'
        f'</w:fldSimple><w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p>'))


def _draft_header(section: Any, line: str | None) -> None:
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph._p.getparent().replace(paragraph._p, paragraph_xml(line or "", FONTS["draft"], align="right",
                                                                 spacing=None, color="C00000"))


def _property(text: str) -> str:
    safe = xml_safe(text)[0]
    return safe if len(safe) <= _PROPERTY_CHARS else safe[:_PROPERTY_CHARS - 1] + "…"


def _properties(document: Any, report: Report, title: str) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    props = document.core_properties
    # Word's document properties hold 255 characters (python-docx refuses more): a unit
    # name of 40,000 characters is cut here, in the file's metadata only, never on the page
    props.title = _property(title)
    props.language = "zh-CN"
    props.subject = _property(report.spec.name)
    styles = document.styles.element
    defaults = styles.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rPrDefault")
    if defaults is not None:
        rpr = defaults[0]
        for old in rpr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang"):
            rpr.remove(old)
        rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="zh-CN" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'))


def _table(document: Any, printed: PrintedTable, landscape: bool) -> None:
    width_cm = _LANDSCAPE_TEXT_CM if landscape else _PORTRAIT_TEXT_CM
    widths = cell_widths(printed, width_cm, FONTS["table"][1])
    _append(document, table_xml(printed, widths, FONTS["table"], _cell_align))
    _add(document, "", "note", spacing=None)  # Word needs a paragraph after a table


def _cell_align(cell: Placed) -> str:
    return cell.align


def render(report: Report, evaluation: Evaluation, *, final: bool = False) -> bytes:
    from docx import Document
    from docx.enum.section import WD_SECTION

    document = Document()
    body = document.element.body
    for child in list(body):
        if child.tag.endswith("}p"):
            body.remove(child)
    section = document.sections[0]
    _page(section, landscape=False)
    _page_number(section)
    draft = draft_line(evaluation) if evaluation.errors and not final else None
    _draft_header(section, draft)
    title = "".join(title_lines(report, evaluation))
    _properties(document, report, title)
    landscape = False
    for block in build_document(report, evaluation, final=final):
        if isinstance(block, Heading):
            if block.level == 0:
                for line in title_lines(report, evaluation):
                    _add(document, line, "title", align="center", keep_next=True)
                _add(document, "", "body")
            elif block.level == 1 and block.attachment:
                layout = next(t for t in report.spec.tables if t.id == block.attachment)
                landscape = layout.orientation == "landscape"
                if len(document.element.body) > 1:  # the first thing in the document needs no new page
                    section = document.add_section(WD_SECTION.NEW_PAGE)
                _page(section, landscape=landscape)
                if block.text:
                    _add(document, block.text, "attachment", keep_next=True)
            elif block.level == 3:
                _add(document, block.text, "attachment_title", align="center", keep_next=True)
            elif block.level == 1:
                _add(document, block.text, "heading1", indent=True, keep_next=True)
            else:
                _add(document, block.text, "heading2", indent=True, keep_next=True)
        elif isinstance(block, Paragraph):
            if block.role == "draft":
                continue  # in the page header instead
            if block.role == "note":
                _add(document, block.text, "note", spacing=None)
            elif block.role == "signoff":
                _add(document, block.text, "body", align="right")
            elif block.role == "attachments":
                _add(document, block.text, "body", indent=True)
            else:
                _add(document, block.text, "body", indent=True, align="justify")
        elif isinstance(block, TableBlock):
            _table(document, block.table, landscape)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write(report: Report, evaluation: Evaluation, spec: FormSpec, out: Path, *, final: bool = False) -> Path:
    """Write `out` atomically; the previous file, if any, is kept as `.bak`."""
    return atomic_write_bytes(Path(out), render(report, evaluation, final=final))
