"""`jixiao check FILE [--json]`: every finding, grouped by section, with its figures."""

from __future__ import annotations

import argparse
from typing import Any

from tui.cli.common import add_verbose, load_report, print_json
from tui.cli.exits import status

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    p = sub.add_parser("check", help="检查报告，列出错误、警告和提示")
    p.add_argument("file", help="报告文件（.toml）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    add_verbose(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from core.evaluate import evaluate
    from core.summary import check_json

    report = load_report(args.file)
    evaluation = evaluate(report)
    if args.json:
        print_json({"file": args.file, **check_json(evaluation)})
    else:
        from tui.cli.views import print_check

        print_check(report, evaluation, args.file, args.verbose)
    return status(evaluation)
