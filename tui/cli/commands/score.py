"""`jixiao score FILE [--json]`: 执行率, 一级 subtotals, indicators, 总分, 等级, 附件5."""

from __future__ import annotations

import argparse
from typing import Any

from tui.cli.common import add_verbose, load_report, print_json
from tui.cli.exits import status

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    p = sub.add_parser("score", help="计算得分：预算执行率、各级指标、总分、等级、附件5")
    p.add_argument("file", help="报告文件（.toml）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    add_verbose(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from core.evaluate import evaluate
    from core.summary import score_json

    report = load_report(args.file)
    evaluation = evaluate(report)
    if args.json:
        print_json({"file": args.file, **score_json(report, evaluation)})
    else:
        from tui.cli.views import print_score

        print_score(report, evaluation)
    return status(evaluation)
