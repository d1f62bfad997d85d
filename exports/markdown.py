"""The whole report as Markdown: 正文 一…十, generated sentences, attachments as tables.

A reviewer reads it top to bottom in any viewer; it is built from the same blocks as
`jixiao show` and the Word export (core.document), so the three never disagree.
"""

from __future__ import annotations

from pathlib import Path

from core.document import Heading, Paragraph, Table, build_document
from core.findings import Evaluation
from core.form import FormSpec
from core.report import Report

__all__ = ["render", "write"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def render(report: Report, evaluation: Evaluation, spec: FormSpec | None = None) -> str:
    """Markdown text of the report."""
    lines: list[str] = []
    from exports.blocks import with_attachment_list

    for block in with_attachment_list(report, build_document(report, evaluation)):
        if isinstance(block, Heading):
            marks = {0: "#", 1: "##", 2: "###", 3: "###"}[block.level]
            lines += [f"{marks} {block.text}", ""]
        elif isinstance(block, Paragraph):
            lines += [block.text, ""]
        elif isinstance(block, Table):
            lines.append("| " + " | ".join(_cell(c) for c in block.columns) + " |")
            aligns = [("---:" if i < len(block.numeric) and block.numeric[i] else "---") for i in range(len(block.columns))]
            lines.append("| " + " | ".join(aligns) + " |")
            for row in block.rows:
                lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write(report: Report, evaluation: Evaluation, spec: FormSpec, out: Path) -> Path:
    from core.storage import atomic_write_bytes

    atomic_write_bytes(out, render(report, evaluation, spec).encode("utf-8"))
    return out
