"""`jixiao new FILE`: a blank report, the built-in sample, or next year's from last year's."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tui.cli.common import load_report
from tui.cli.exits import EXIT_OK, CannotRun

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    p = sub.add_parser("new", help="新建报告：空白、内置示例，或由上年报告结转")
    p.add_argument("file", help="要创建的报告文件（.toml），已存在则不覆盖")
    p.add_argument("--unit", help="单位名称")
    p.add_argument("--year", type=int, help="年度（默认为上一年）")
    p.add_argument("--sample", action="store_true", help="用内置示例（君山区贸促会 2024）")
    p.add_argument("--from", dest="from_file", metavar="LAST.toml", help="由上年报告结转")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import datetime as dt
    import shutil

    from core.newreport import blank_report, next_year_report, sample_path
    from core.storage import SaveError, save

    target = Path(args.file)
    if target.exists():
        raise CannotRun(f"{target}：文件已存在，不会覆盖")
    if args.sample and args.from_file:
        raise CannotRun("--sample 与 --from 只能选一个")
    try:
        if args.sample:
            shutil.copyfile(sample_path(), target)
            message = f"已用内置示例创建 {target}"
        elif args.from_file:
            last = load_report(args.from_file)
            report = next_year_report(last)
            if args.unit:
                report.set("unit.name", args.unit)
            save(report, target)
            message = f"已根据 {args.from_file} 创建 {report.year} 年度报告 {target}"
        else:
            year = args.year or dt.date.today().year - 1
            report = blank_report(args.unit, year)
            save(report, target)
            message = f"已创建空白报告 {target}（{year} 年度）"
    except (SaveError, OSError) as exc:
        raise CannotRun(f"{target}：无法创建（{exc.strerror or exc}）") from None
    sys.stderr.write(message + "\n")
    return EXIT_OK
