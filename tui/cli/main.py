"""Parsing the command line and running one command, with its exit status.

Headless commands import neither textual nor openpyxl, and `--json` runs import no
rich either: a server checking hundreds of files pays only for what it uses.
Only the invoked command's parser is built for a run (importing every command module and
building ten parsers cost a fifth of `jixiao check --json`); whatever argparse would print
(help, usage, an error) is printed by the full parser, so every word stays the same.
Exceptions at the edges (a file that cannot be read or written) arrive here as
`CannotRun` and become a message and exit status 2.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from tui.cli.argparse_zh import ChineseArgumentParser, add_version
from tui.cli.commands import COMMAND_MODULES, COMMAND_OF_WORD
from tui.cli.exits import EXIT_CANNOT, EXIT_INTERRUPTED, EXIT_OK, CannotRun

__all__ = ["main", "script", "build_parser"]

_one_shot = False  # the last main() ran a one-shot command (not edit, not batch)


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("jixiao")
    except Exception:  # running from a checkout that was never installed
        return "未安装版本"


def build_parser(modules: Sequence[str] = COMMAND_MODULES,
                 parser_class: type[ChineseArgumentParser] = ChineseArgumentParser) -> argparse.ArgumentParser:
    """The parser of every command, or of those in `modules` (each module adds its own)."""
    parser = parser_class(
        prog="jixiao",
        description="绩效：部门整体支出绩效自评报告的终端工作台",
        epilog="退出码：0 无错误，1 有错误，2 无法运行（文件无法读取、参数错误）",
    )
    add_version(parser, lambda: f"jixiao {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name in modules:
        importlib.import_module(f"tui.cli.commands.{name}").add_parser(sub)
    return parser


def _verbose(argv: Sequence[str] | None) -> bool:
    words = sys.argv[1:] if argv is None else list(argv)
    return "-v" in words or "--verbose" in words


class _Speaks(Exception):
    """The one-command parser was about to print something (help, usage, an error)."""


class _OneCommandParser(ChineseArgumentParser):
    """A parser of the invoked command alone, for the usual run that parses cleanly: the
    first thing it would print or any exit stops it, and the full parser says it instead
    (a usage line or an error may name things only the full parser has)."""

    def _print_message(self, message: str, file: Any = None) -> None:
        raise _Speaks

    def _get_formatter(self) -> argparse.HelpFormatter:
        # What it formats is never printed, so any width will do: argparse's own choice
        # imports shutil to ask the terminal, milliseconds on every run.
        return self.formatter_class(prog=self.prog, width=80)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise _Speaks


def _parse(argv: Sequence[str] | None) -> tuple[argparse.ArgumentParser, argparse.Namespace]:
    words = sys.argv[1:] if argv is None else list(argv)
    module = COMMAND_OF_WORD.get(words[0]) if words else None
    if module is not None:
        parser = build_parser((module,), _OneCommandParser)
        try:
            return parser, parser.parse_args(words)
        except _Speaks:
            pass
    parser = build_parser()
    return parser, parser.parse_args(words)


def main(argv: Sequence[str] | None = None) -> int:
    global _one_shot
    try:
        parser, args = _parse(argv)
    except SystemExit as exc:  # argparse's usage errors: exit 2, help: exit 0
        return int(exc.code or 0)
    if not args.command:
        parser.print_help()
        return EXIT_CANNOT
    collecting = gc.isenabled()
    _one_shot = not getattr(args, "long_running", False)
    if collecting and _one_shot:
        # one report in, one answer out: what a command builds lives until it exits, so the
        # cycle collector would only re-walk a growing heap (a third of the time of a
        # 100,000-row export); the editor and batch, which run on, keep it
        gc.disable()
    try:
        return _run(args, argv)
    finally:
        if collecting:
            gc.enable()


def script() -> NoReturn:
    """The `jixiao` script and `python -m tui.cli`: main(), and after a one-shot command an
    exit that skips tearing its objects down. The answer is written and flushed by then;
    freeing a 100,000-row export's gigabyte of small objects one by one took over a second
    more. The editor and batch, and a failed flush, exit the way Python does."""
    code = main()
    if _one_shot:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            sys.exit(code)
        os._exit(code)
    sys.exit(code)


def _run(args: argparse.Namespace, argv: Sequence[str] | None) -> int:
    verbose = bool(getattr(args, "verbose", False))
    try:
        code: int = args.run(args)
        return code
    except CannotRun as exc:
        _say(f"jixiao: {exc.verbose if verbose else exc}")
        return EXIT_CANNOT
    except KeyboardInterrupt:
        _say("jixiao: 已中断")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `jixiao check x | head`: the reader left; nothing to say
        _silence_stdout()
        return EXIT_OK
    except MemoryError:
        _say("jixiao: 内存不足，无法完成")
        return EXIT_CANNOT
    except Exception as exc:  # a bug: a plain sentence, the traceback only with --verbose
        if verbose or _verbose(argv):
            import traceback

            traceback.print_exc()
        _say(f"jixiao: 程序内部错误（{type(exc).__name__}），未完成；加 --verbose 可查看详情，请报告此问题")
        return EXIT_CANNOT


def _say(message: str) -> None:
    from core.visible import visible

    sys.stderr.write(visible(message) + "\n")


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
