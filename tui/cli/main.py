"""Parsing the command line and running one command, with its exit status.

Headless commands import neither textual nor openpyxl, and `--json` runs import no
rich either: a server checking hundreds of files pays only for what it uses.
Exceptions at the edges (a file that cannot be read or written) arrive here as
`CannotRun` and become a message and exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from tui.cli.argparse_zh import ChineseArgumentParser, add_version
from tui.cli.commands import COMMAND_MODULES
from tui.cli.exits import EXIT_CANNOT, EXIT_INTERRUPTED, CannotRun

__all__ = ["main", "build_parser"]


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("jixiao")
    except Exception:  # running from a checkout that was never installed
        return "未安装版本"


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="jixiao",
        description="绩效：部门整体支出绩效自评报告的终端工作台",
        epilog="退出码：0 无错误，1 有错误，2 无法运行（文件无法读取、参数错误）",
    )
    add_version(parser, f"jixiao {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name in COMMAND_MODULES:
        importlib.import_module(f"tui.cli.commands.{name}").add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse's usage errors: exit 2, help: exit 0
        return int(exc.code or 0)
    if not args.command:
        parser.print_help()
        return EXIT_CANNOT
    try:
        code: int = args.run(args)
        return code
    except CannotRun as exc:
        sys.stderr.write(f"jixiao: {exc}\n")
        return EXIT_CANNOT
    except KeyboardInterrupt:
        sys.stderr.write("jixiao: 已中断\n")
        return EXIT_INTERRUPTED
