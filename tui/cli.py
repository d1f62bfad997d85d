"""The `jixiao` command line: new · edit · check · score · show · export · import · batch · demo.

Exit status: 0 = no errors, 1 = errors found, 2 = cannot run (a file that cannot be
read, a missing file, bad arguments). Headless commands import neither textual nor
openpyxl, and `--json` runs import no rich either: a server checking hundreds of
files pays only for what it uses. Exceptions at the edges (a file that cannot be
read or written) are caught here once and turned into a message and an exit code.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["main", "build_parser", "COMMANDS"]

EXIT_OK, EXIT_FINDINGS, EXIT_CANNOT = 0, 1, 2

Command = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, Command] = {}


class CannotRun(Exception):
    """A reason the command cannot run at all (exit 2); the message is for the user."""


def command(name: str) -> Callable[[Command], Command]:
    def register(func: Command) -> Command:
        COMMANDS[name] = func
        return func

    return register


def _print_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def _load(path: str) -> Any:
    from core.model import ReportError, load

    try:
        return load(path)
    except ReportError as exc:
        raise CannotRun(str(exc)) from None


def _status(evaluation: Any) -> int:
    return EXIT_FINDINGS if evaluation.errors else EXIT_OK


@command("check")
def cmd_check(args: argparse.Namespace) -> int:
    from core.evaluate import evaluate
    from core.summary import check_json

    report = _load(args.file)
    evaluation = evaluate(report)
    if args.json:
        _print_json({"file": args.file, **check_json(evaluation)})
    else:
        from tui.console_views import print_check

        print_check(report, evaluation, args.file)
    return _status(evaluation)


@command("score")
def cmd_score(args: argparse.Namespace) -> int:
    from core.evaluate import evaluate
    from core.summary import score_json

    report = _load(args.file)
    evaluation = evaluate(report)
    if args.json:
        _print_json({"file": args.file, **score_json(report, evaluation)})
    else:
        from tui.console_views import print_score

        print_score(report, evaluation)
    return _status(evaluation)


@command("show")
def cmd_show(args: argparse.Namespace) -> int:
    from core.evaluate import evaluate
    from tui.console_views import print_document

    report = _load(args.file)
    evaluation = evaluate(report)
    if args.section and not _section_known(report, args.section):
        ids = "、".join(s.id for s in report.spec.sections)
        raise CannotRun(f"没有这一节：{args.section}（可选：{ids}，或 附件1、附件2、附件5）")
    print_document(report, evaluation, args.section)
    return _status(evaluation)


def _section_known(report: Any, name: str) -> bool:
    return any(name in (s.id, s.attachment) for s in report.spec.sections)


@command("export")
def cmd_export(args: argparse.Namespace) -> int:
    from core.evaluate import evaluate
    from core.model import SaveError
    from exports.registry import WRITERS, writer_for

    outs = [Path(p) for p in args.to]
    for out in outs:
        if writer_for_suffix_missing(out, WRITERS):
            known = "、".join(sorted(WRITERS))
            raise CannotRun(f"不支持导出为 {out.suffix or '无后缀'} 文件：{out}（支持 {known}）")
    report = _load(args.file)
    evaluation = evaluate(report)
    for out in outs:
        write = writer_for(out)
        assert write is not None
        try:
            write(report, evaluation, report.spec, out)
        except SaveError as exc:
            raise CannotRun(str(exc.strerror or exc)) from None
        if not args.quiet:
            sys.stderr.write(f"已导出 {out}\n")
    if evaluation.errors and not args.quiet:
        sys.stderr.write(f"注意：报告有 {evaluation.errors} 个错误（jixiao check {args.file} 查看）\n")
    return _status(evaluation)


def writer_for_suffix_missing(out: Path, writers: dict[str, str]) -> bool:
    return out.suffix.lower() not in writers


@command("new")
def cmd_new(args: argparse.Namespace) -> int:
    import datetime as dt
    import shutil

    from core.model import SaveError, save
    from core.newreport import blank_report, next_year_report, sample_path

    target = Path(args.file)
    if target.exists():
        raise CannotRun(f"{target}：文件已存在，不会覆盖")
    choices = sum(bool(x) for x in (args.sample, args.from_file))
    if choices > 1:
        raise CannotRun("--sample 与 --from 只能选一个")
    try:
        if args.sample:
            shutil.copyfile(sample_path(), target)
            message = f"已用内置示例创建 {target}"
        elif args.from_file:
            last = _load(args.from_file)
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jixiao",
        description="绩效：部门整体支出绩效自评报告的终端工作台",
        epilog="退出码：0 无错误，1 有错误，2 无法运行（文件无法读取、参数错误）",
    )
    sub = parser.add_subparsers(dest="command", metavar="命令")

    p = sub.add_parser("new", help="新建报告：空白、内置示例，或由上年报告结转")
    p.add_argument("file", help="要创建的报告文件（.toml），已存在则不覆盖")
    p.add_argument("--unit", help="单位名称")
    p.add_argument("--year", type=int, help="年度（默认为上一年）")
    p.add_argument("--sample", action="store_true", help="用内置示例（君山区贸促会 2024）")
    p.add_argument("--from", dest="from_file", metavar="LAST.toml", help="由上年报告结转")

    p = sub.add_parser("check", help="检查报告，列出错误、警告和提示")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="输出 JSON")

    p = sub.add_parser("score", help="计算得分：预算执行率、各级指标、总分、等级、附件5")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="输出 JSON")

    p = sub.add_parser("show", help="在终端中阅读报告（正文和附件）")
    p.add_argument("file")
    p.add_argument("--section", help="只显示一节：s1…s10、att1、附件1、附件2、附件5")

    p = sub.add_parser("export", help="导出：.toml（规范数据文件）、.md、.docx、.xlsx（附件1/2/5，公式实时计算）")
    p.add_argument("file")
    p.add_argument("--to", action="append", required=True, metavar="OUT", help="输出文件，可重复")
    p.add_argument("--quiet", action="store_true", help="不打印进度")

    for extend in _EXTENSIONS:
        extend(sub)
    return parser


# Commands that live in their own modules (edit, demo, import, batch) add themselves here.
_EXTENSIONS: list[Callable[[Any], None]] = []


def _load_extensions() -> None:
    import importlib

    for module in ("tui.cli_edit", "tui.cli_import", "tui.cli_batch"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def extension(add_parser: Callable[[Any], None]) -> Callable[[Any], None]:
    """Register a function that adds a sub-command's parser."""
    _EXTENSIONS.append(add_parser)
    return add_parser


def main(argv: Sequence[str] | None = None) -> int:
    _load_extensions()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse's usage errors: exit 2, help: exit 0
        return int(exc.code or 0)
    if not args.command:
        parser.print_help()
        return EXIT_CANNOT
    try:
        return COMMANDS[args.command](args)
    except CannotRun as exc:
        sys.stderr.write(f"jixiao: {exc}\n")
        return EXIT_CANNOT
    except KeyboardInterrupt:
        sys.stderr.write("jixiao: 已中断\n")
        return 130


if __name__ == "__main__":
    # Run as `python -m tui.cli`, this file is `__main__`, a second copy of the module;
    # extensions (tui.cli_batch, …) register with `tui.cli`, so hand over to that copy.
    from tui.cli import main as _canonical_main

    sys.exit(_canonical_main())
