"""`jixiao show FILE [--section S]`: the whole report, or one section, readable in a terminal."""

from __future__ import annotations

import argparse
from typing import Any

from tui.cli.common import load_report
from tui.cli.exits import CannotRun, status

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    p = sub.add_parser("show", help="在终端中阅读报告（正文和附件）")
    p.add_argument("file", help="报告文件（.toml）")
    p.add_argument("--section", help="只显示一节：s1…s10、att1、附件1、附件2、附件5")
    p.set_defaults(run=run)


def _section_known(report: Any, name: str) -> bool:
    return any(name in (s.id, s.attachment) for s in report.spec.sections)


def run(args: argparse.Namespace) -> int:
    from core.evaluate import evaluate
    from tui.cli.show_view import print_document

    report = load_report(args.file)
    evaluation = evaluate(report)
    if args.section and not _section_known(report, args.section):
        ids = "、".join(s.id for s in report.spec.sections)
        raise CannotRun(f"没有这一节：{args.section}（可选：{ids}，或 附件1、附件2、附件5）")
    print_document(report, evaluation, args.section)
    return status(evaluation)
