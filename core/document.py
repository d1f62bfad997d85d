"""The whole report as a list of blocks: the title, the 正文, the list of attachments, the tables.

`jixiao show`, the Markdown export and the Word export lay out the same report;
building it once here, from the form (its sections for the 正文, its `[[tables]]` for
the attachments, its `[document]` for what goes around them) and the evaluation,
keeps them in step: a figure, a heading or a cell is placed in one place. A report
with errors opens with a draft line, so an unfinished report never passes for final.
"""


import re
from collections.abc import Callable
from typing import NamedTuple

from core.findings import Evaluation
from core.form import FormSpec, Section
from core.paths import get_path
from core.printed import PrintedTable, label_text, print_table
from core.report import Report
from core.text import fill_heading, subsection_sentences
from core.values import fill

__all__ = ["Block", "Heading", "Paragraph", "TableBlock", "build_document", "chinese_ordinal",
           "draft_line", "section_tables", "title_lines"]

_DIGITS = "零一二三四五六七八九"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (how the 正文 numbers its parts)."""
    if n < 10:
        return _DIGITS[n]
    if n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


class Heading(NamedTuple):
    level: int  # 0 title, 1 一、 or an attachment's label, 2 （一）, 3 an attachment's title
    text: str
    section: str | None = None
    attachment: str | None = None  # the printed table's id, on an attachment's label and title


class Paragraph(NamedTuple):
    text: str
    section: str | None = None
    generated: bool = False
    role: str = "body"  # body · draft · attachments · signoff · note · fields


class TableBlock(NamedTuple):
    table: PrintedTable
    section: str | None = None


Block = Heading | Paragraph | TableBlock


def draft_line(evaluation: Evaluation) -> str:
    return f"草稿（{evaluation.errors} 个错误）"


def title_lines(report: Report, evaluation: Evaluation, width: int = 18) -> list[str]:
    """The title broken into lines of at most `width` characters, only where a break belongs.

    A break may fall where the template joins a figure to its words (after the unit's
    name) and after one of the form's `title_breaks` (年度, 市, 区, 委员会 …), so a name
    such as 君山区 is never cut; lines are filled greedily.
    """
    marks = report.spec.document.title_breaks
    pieces: list[str] = []
    for part in re.split(r"(\{[^{}]+\})", report.spec.title):
        text = fill_heading(part, report, evaluation) if part else ""
        start = 0
        for i in range(len(text)):
            if any(text.startswith(mark, i - len(mark) + 1) and i - len(mark) + 1 >= start for mark in marks):
                pieces.append(text[start:i + 1])
                start = i + 1
        if start < len(text):
            pieces.append(text[start:])
    lines: list[str] = []
    for piece in pieces:
        if lines and _width(lines[-1] + piece) <= width:
            lines[-1] += piece
        else:
            lines.append(piece)
    return lines


def _width(text: str) -> float:
    return sum(0.5 if ord(ch) < 128 else 1 for ch in text)


def section_tables(spec: FormSpec, name: str) -> list[str]:
    """The printed tables a section id, a table id or an attachment's label names."""
    found = []
    for table in spec.tables:
        sections = {s.id for s in spec.sections if table.heading and s.attachment == table.heading}
        if name in (table.id, table.heading, table.section) or name in sections:
            found.append(table.id)
    return found


def _lookup(values: dict[str, str]) -> Callable[[str], str]:
    return lambda name: values.get(name, "")


def _text_blocks(report: Report, section: Section, path: str, numbering: str | None) -> list[Block]:
    value = get_path(report.data, path)
    if value is None:
        return []
    if isinstance(value, list):
        return [Paragraph(fill(numbering, {"n": str(i), "value": str(item)}.__getitem__)
                          if numbering and "{value}" in numbering
                          else (fill(numbering, {"n": str(i)}.__getitem__) if numbering else "") + str(item),
                          section.id)
                for i, item in enumerate(value, 1)]
    return [Paragraph(line, section.id) for line in str(value).split("\n") if line.strip()]


def _records(report: Report, section: Section) -> list[Block]:
    assert section.list_id is not None
    table = report.spec.lists[section.list_id]
    template = section.record or "".join(f"{{{col.key}}}" for col in table.columns)
    blocks: list[Block] = []
    for i, row in enumerate(get_path(report.data, table.path) or [], 1):
        values = {"n": str(i), "ordinal": chinese_ordinal(i), **{col.key: str(row.get(col.key) or "")
                                                                 for col in table.columns}}
        text = fill(template, _lookup(values))
        blocks.append(Paragraph(text.replace("。。", "。"), section.id))
    return blocks


def _body_section(report: Report, ev: Evaluation, section: Section) -> list[Block]:
    blocks: list[Block] = [Heading(1, section.label, section.id)]
    if section.kind == "records" and section.list_id:
        return blocks + _records(report, section)
    subsections = section.subsections or tuple({"field": path} for path in section.fields)
    for sub in subsections:
        if sub.get("label"):
            blocks.append(Heading(2, fill_heading(sub["label"], report, ev), section.id))
        for text in subsection_sentences(report, ev, sub):
            blocks.append(Paragraph(text, section.id, generated=True))
        if sub.get("field"):
            blocks += _text_blocks(report, section, sub["field"], sub.get("numbering"))
    return blocks


def _field_lines(report: Report, ev: Evaluation, section: Section) -> list[Block]:
    """A section no table prints (the cover): its fields as `label：value` lines."""
    from core.values import display, kind_of

    blocks: list[Block] = [Heading(1, section.label, section.id)]
    for path in section.fields:
        field = report.spec.fields.get(path)
        if field is not None:
            shown = display(get_path(report.data, path), kind_of(path, report.spec)) or "（未填）"
            blocks.append(Paragraph(f"{field.label}：{shown}", section.id, role="fields"))
    return blocks


def _signoff(report: Report, ev: Evaluation) -> list[Block]:
    lines = [label_text(line, report, ev) for line in report.spec.document.signoff]
    return [Paragraph(line, role="signoff") for line in lines if line.strip()]


def _attachment_list(report: Report, ev: Evaluation) -> list[Block]:
    document = report.spec.document
    if not report.spec.tables or not document.attachments_label:
        return []
    blocks: list[Block] = [Paragraph(document.attachments_label, role="attachments")]
    for table in report.spec.tables:
        name = table.list_name or fill_heading(table.title, report, ev)
        item = {"heading": table.heading, "name": name, "id": table.id}
        blocks.append(Paragraph(fill(document.attachment_item, _lookup(item)), role="attachments"))
    return blocks


def _table_blocks(report: Report, ev: Evaluation, table_id: str) -> list[Block]:
    layout = next(table for table in report.spec.tables if table.id == table_id)
    printed = print_table(layout, report, ev)
    blocks: list[Block] = [Heading(1, layout.heading, layout.section, attachment=layout.id),
                           Heading(3, printed.title, layout.section, attachment=layout.id),
                           TableBlock(printed, layout.section)]
    return blocks + [Paragraph(text, layout.section, role="note") for text in printed.after]


def build_document(report: Report, ev: Evaluation, only: str | None = None, *, final: bool = False) -> list[Block]:
    """Blocks of the whole report, or of one section / printed table (`only`: an id or a label).

    A report with errors opens with the draft line unless `final` asks to leave it out.
    """
    spec: FormSpec = report.spec
    blocks: list[Block] = []
    if ev.errors and not final:
        blocks.append(Paragraph(draft_line(ev), role="draft"))
    if only is not None:
        tables = section_tables(spec, only)
        if tables:
            return blocks + [block for table_id in tables for block in _table_blocks(report, ev, table_id)]
        section = next((s for s in spec.sections if only in (s.id, s.nav, s.label, s.number)), None)
        if section is None:
            return blocks
        if section.number:
            return blocks + _body_section(report, ev, section)
        return blocks + _field_lines(report, ev, section)
    if spec.document.title:
        blocks.append(Heading(0, fill_heading(spec.title, report, ev)))
    for section in spec.sections:
        if section.number and not section.attachment:
            blocks += _body_section(report, ev, section)
    blocks += _signoff(report, ev)
    blocks += _attachment_list(report, ev)
    for table in spec.tables:
        blocks += _table_blocks(report, ev, table.id)
    return blocks

