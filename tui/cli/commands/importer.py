"""`jixiao import FILE -o FILE.toml`: a workbook jixiao exported, edited, back into a data file;
a Word report or a hand-filled official workbook read through the form (tui.cli.import_report).

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

from tui.cli.common import add_verbose, print_json, refusal, say
from tui.cli.exits import CannotRun

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    p = sub.add_parser("import", help="导入为数据文件：Word 报告（.docx）、手填的正式表格或 jixiao 导出的工作簿（.xlsx）")
    p.add_argument("book", metavar="FILE", help="Word 报告（.docx）或工作簿（.xlsx）")
    p.add_argument("-o", "--output", required=True, metavar="FILE.toml", help="要写入的报告文件")
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖（旧文件保留为 .bak）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出导入报告")
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
    if not _jixiao_workbook(Path(args.book)):
        from tui.cli.import_report import run_readback

        return run_readback(args)
    try:
        result = read_workbook(Path(args.book))
    except WorkbookRefused as exc:
        raise refusal(exc) from None
    for warning in result.warnings:
        say(f"警告：{warning}")
    for error in result.errors:
        say(f"错误：{error}")
    status, written = 1, False
    if result.errors or result.report is None:
        say(f"未导入：工作簿有 {len(result.errors)} 个错误，{out} 未写入")
    else:
        try:
            save(result.report, out)
        except SaveError as exc:
            raise CannotRun(str(exc.strerror or exc)) from None
        status, written = 0, True
        say(f"已导入 {shown(str(args.book))} → {shown(str(out))}"
            + (f"（{len(result.warnings)} 个警告）" if result.warnings else ""))
    if args.json:
        # a server's answer for a jixiao workbook too, beside the lines on stderr
        print_json({"file": str(args.book), "kind": "jixiao-xlsx",
                    "form": result.report.spec.id if result.report is not None else None, "status": status,
                    "errors": list(result.errors), "warnings": list(result.warnings), "output": str(out),
                    "written": written})
    return status


def _jixiao_workbook(book: Path) -> bool:
    """A workbook jixiao wrote (its `_jixiao` map) is read exactly; anything else through the form."""
    from exports.xlsx.template_read import WorkbookRefused, has_map

    if book.suffix.lower() != ".xlsx" or not book.is_file():
        return False
    try:
        return has_map(book)
    except WorkbookRefused as exc:
        raise CannotRun(str(exc)) from None
