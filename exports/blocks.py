"""Additions to core.document's blocks that only the submitted documents print.

The published report closes its 正文 with the list of attachments (附件：1.… 2.… 3.…)
before the attachments themselves; Markdown and Word both print it, from the form's
section labels, so a renamed attachment is renamed everywhere.
"""

from __future__ import annotations

from core.document import Block, Heading, Paragraph
from core.report import Report

__all__ = ["with_attachment_list", "attachment_names"]


def attachment_names(report: Report) -> list[str]:
    """Each attachment's name without its number: `部门整体支出绩效评价基础数据表`."""
    names: dict[str, str] = {}
    for section in report.spec.sections:
        if section.attachment and section.attachment not in names:
            label = section.label.removeprefix(section.attachment).strip()
            names[section.attachment] = label.split(" · ")[0]
    return list(names.values())


def with_attachment_list(report: Report, blocks: list[Block]) -> list[Block]:
    """The blocks with `附件：` and the numbered names inserted before the first attachment."""
    attachments = {s.attachment for s in report.spec.sections if s.attachment}
    for index, block in enumerate(blocks):
        if isinstance(block, Heading) and block.level == 1 and block.text in attachments:
            listing: list[Block] = [Paragraph(report.spec.words.get("report_attachments", "附件："))]
            listing += [Paragraph(f"{i}.{name}") for i, name in enumerate(attachment_names(report), 1)]
            return blocks[:index] + listing + blocks[index:]
    return blocks
