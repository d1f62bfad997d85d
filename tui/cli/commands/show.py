"""`jixiao show FILE [--section S]`: the whole report, or one section, readable in a terminal.

A section is named as a clerk names it: its Chinese name (封面, 附件2), its number in the
正文 (二), its sidebar label, or its id; every name comes from the form, so a second form
brings its own.
"""

from __future__ import annotations

import argparse
from typing import Any

from tui.cli.common import add_verbose, load_report
from tui.cli.exits import CannotRun, status

__all__ = ["add_parser", "run", "section_names", "resolve_section", "inert_report"]


def add_parser(sub: Any) -> None:
    p = sub.add_parser("show", help="在终端中阅读报告（正文和附件）")
    p.add_argument("file", help="报告文件（.toml）")
    p.add_argument("--section", metavar="节", help="只显示一节：节的名称、序号或编号（写错时列出全部可选的）")
    add_verbose(p)
    p.set_defaults(run=run)


def _key(name: str) -> str:
    return "".join(name.split()).casefold()


def section_names(spec: Any) -> dict[str, str]:
    """Every way a section or printed table may be named → the name the document builder
    takes: a section's id, number, sidebar label, label, attachment; a table's id and heading."""
    names: dict[str, str] = {}
    for table in spec.tables:
        for name in (table.id, table.heading):
            if name:
                names.setdefault(_key(name), table.heading or table.id)
    for section in spec.sections:
        target = section.attachment if section.attachment and _key(section.attachment) in names else section.id
        for name in (section.id, section.number, section.nav, section.label, section.attachment):
            if name:
                names.setdefault(_key(name), target)
    return names


def resolve_section(spec: Any, name: str) -> str | None:
    return section_names(spec).get(_key(name))


def _choices(spec: Any) -> str:
    shown: list[str] = []
    for section in spec.sections:
        name = section.attachment or section.number or section.label
        if name not in shown:
            shown.append(name)
    return "、".join(shown)


def _inert(value: Any) -> tuple[Any, bool]:
    """`value` with every string made inert for a terminal (core.visible), and whether
    anything changed; the value itself when nothing needs it (the usual case, no copy)."""
    from core.visible import has_controls, visible

    if isinstance(value, str):
        return (visible(value), True) if has_controls(value) else (value, False)
    if isinstance(value, dict):
        pairs = [(key, _inert(item)) for key, item in value.items()]
        if any(changed for _, (_, changed) in pairs):
            return {key: item for key, (item, _) in pairs}, True
        return value, False
    if isinstance(value, list):
        items = [_inert(item) for item in value]
        if any(changed for _, changed in items):
            return [item for item, _ in items], True
        return value, False
    return value, False


def inert_report(report: Any) -> Any:
    """The report with control, escape and bidi characters in its text shown escaped, so
    `show` (which prints the text as the document lays it out) cannot drive the terminal.

    A report with no such character (core.visible.may_hold_controls) is not walked."""
    from core.visible import may_hold_controls

    if not may_hold_controls(report.data):
        return report
    data, changed = _inert(report.data)
    return type(report)(data, report.spec, report.source) if changed else report


def run(args: argparse.Namespace) -> int:
    from core.evaluate import evaluate
    from tui.cli.show_view import print_document
    from tui.cli.terminal import shown

    report = inert_report(load_report(args.file))
    only = None
    if args.section:
        only = resolve_section(report.spec, args.section)
        if only is None:
            raise CannotRun(f"没有这一节：{shown(args.section)}（可选：{_choices(report.spec)}）")
    evaluation = evaluate(report)
    print_document(report, evaluation, only)
    return status(evaluation)
