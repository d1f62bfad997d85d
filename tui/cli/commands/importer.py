"""`jixiao import BOOK.xlsx -o FILE.toml`: a workbook jixiao exported, edited, back into a data file.

The reading lives in exports.xlsx.read (the only place that imports openpyxl); this
module turns its result into messages and an exit status: 0 imported (warnings are
printed), 1 errors in the workbook (nothing written), 2 cannot run (not a jixiao
workbook, unsafe or unreadable file, an output file that exists without --force, an
output that is not a regular file).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tui.cli.common import add_verbose, refusal, say
from tui.cli.exits import CannotRun

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    p = sub.add_parser("import", help="从 jixiao 导出的 Excel 工作簿（修改后）导入为数据文件")
    p.add_argument("book", metavar="BOOK.xlsx", help="jixiao export 导出的工作簿")
    p.add_argument("-o", "--output", required=True, metavar="FILE.toml", help="要写入的报告文件")
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖（旧文件保留为 .bak）")
    add_verbose(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from core.storage import SaveError, save
    from exports.xlsx.read import WorkbookRefused, read_workbook
    from tui.cli.commands.export import check_output
    from tui.cli.terminal import shown

    out = Path(args.output)
    if out.suffix.lower() != ".toml":
        raise CannotRun(f"输出文件应为 .toml：{shown(str(out))}")
    check_output(out)
    if out.exists() and not args.force:
        raise CannotRun(f"{shown(str(out))}：文件已存在，不会覆盖（要覆盖请加 --force）")
    try:
        result = read_workbook(Path(args.book))
    except WorkbookRefused as exc:
        raise refusal(exc) from None
    for warning in result.warnings:
        say(f"警告：{warning}")
    for error in result.errors:
        say(f"错误：{error}")
    if result.errors or result.report is None:
        say(f"未导入：工作簿有 {len(result.errors)} 个错误，{out} 未写入")
        return 1
    try:
        save(result.report, out)
    except SaveError as exc:
        raise CannotRun(str(exc.strerror or exc)) from None
    say(f"已导入 {args.book} → {out}" + (f"（{len(result.warnings)} 个警告）" if result.warnings else ""))
    return 0
