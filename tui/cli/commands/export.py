"""`jixiao export FILE --to OUT...`: the same writers the editor's Ctrl+E uses.

Every output is checked before the report is even read: a known suffix, and a path
that is new or a regular file (never a FIFO, a device, a folder, a dangling link), so
a refusal leaves nothing behind.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tui.cli.common import add_verbose, load_report, say
from tui.cli.exits import CannotRun, status

__all__ = ["add_parser", "run", "check_output"]


def add_parser(sub: Any) -> None:
    p = sub.add_parser("export", help="导出：.toml（规范数据文件）、.md、.docx、.xlsx（附件1/2/5，公式实时计算）")
    p.add_argument("file", help="报告文件（.toml）")
    p.add_argument("--to", action="append", required=True, metavar="OUT", help="输出文件，可重复")
    p.add_argument("--quiet", action="store_true", help="不打印进度")
    p.add_argument("--final", action="store_true",
                   help="报告有错误时也导出为正式文件（不加“草稿”标记和检查结果表）")
    add_verbose(p)
    p.set_defaults(run=run)


def check_output(out: Path) -> None:
    """CannotRun unless `out` may be written: new, or a regular file (core.safe_read)."""
    from core.safe_read import FileRefused, check_output_target

    try:
        check_output_target(out)
    except FileRefused as exc:
        raise CannotRun(f"{exc}，未写入") from None


def run(args: argparse.Namespace) -> int:
    from core.evaluate import evaluate
    from core.storage import SaveError
    from exports.registry import WRITERS, writer_for
    from tui.cli.terminal import shown

    outs = [Path(p) for p in args.to]
    for out in outs:
        if out.suffix.lower() not in WRITERS:
            known = "、".join(sorted(WRITERS))
            raise CannotRun(f"不支持导出为 {shown(out.suffix) or '无后缀'} 文件：{shown(str(out))}（支持 {known}）")
        check_output(out)
    report = load_report(args.file)
    evaluation = evaluate(report)
    for out in outs:
        write = writer_for(out)
        assert write is not None
        try:
            write(report, evaluation, report.spec, out, final=args.final)
        except SaveError as exc:
            raise CannotRun(str(exc.strerror or exc)) from None
        if not args.quiet:
            say(f"已导出 {out}")
    if evaluation.errors and not args.quiet:
        mark = "已按正式文件导出" if args.final else "导出的文档标为草稿"
        say(f"注意：报告有 {evaluation.errors} 个错误，{mark}（jixiao check {args.file} 查看）")
    return status(evaluation)
