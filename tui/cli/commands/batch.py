"""`jixiao batch PATH... [--summary OUT.xlsx] [--json] [--save-toml DIR]`: a finance bureau's day in one command.

Data files (.toml), Word reports (.docx) and workbooks (.xlsx: jixiao's own, or a
hand-filled official template) are checked in one run; the Word files and workbooks
are read through the form (exports.importing, the same reader as `jixiao import`), and
`--save-toml DIR` keeps the data files read from them (a file there is never replaced).
Every report is checked even when some cannot be read: an unreadable file is a row
with its reason, never the end of the run. Exit 1 when any report has errors or
cannot be read, 0 when all are clean, 2 only when nothing could be run (a path that
does not exist, no report found, a summary that cannot be written). `--json` imports
no rich; the progress bar appears only on a terminal.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tui.cli.common import add_verbose, print_json, say
from tui.cli.exits import CannotRun

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    p = sub.add_parser("batch", help="批量检查：多个报告文件或文件夹（其下所有 .toml、.docx、.xlsx），可汇总为 Excel")
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或文件夹")
    p.add_argument("--summary", metavar="OUT.xlsx", help="写出汇总表（按错误数、总分排序，另列全部问题）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--save-toml", metavar="DIR",
                   help="把由 Word 报告和工作簿导入的数据文件保存到此文件夹（已有的文件不覆盖）")
    p.add_argument("--jobs", type=_jobs, default=None, metavar="N", help="并行进程数（默认：全部 CPU）")
    add_verbose(p)
    p.set_defaults(run=run, long_running=True)


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是有效的整数：{text!r}") from None
    if not 1 <= value <= 512:
        raise argparse.ArgumentTypeError(f"应在 1 至 512 之间：{value}")
    return value


def run(args: argparse.Namespace) -> int:
    import os

    from core.batch import REPORT_SUFFIXES, check_files, collect_files, plan_saves, summarise
    from exports.importing import IMPORTABLE, import_file
    from tui.cli.terminal import shown

    missing = [name for name in args.paths if not os.path.lexists(name)]
    if missing:
        raise CannotRun("路径不存在：" + "、".join(shown(name) for name in missing))
    summary_out = Path(args.summary) if args.summary else None
    if summary_out is not None and summary_out.suffix.lower() != ".xlsx":
        raise CannotRun(f"汇总表应为 .xlsx 文件：{shown(str(summary_out))}")
    if summary_out is not None:
        from tui.cli.commands.export import check_output

        check_output(summary_out)
    save_dir = _save_dir(args.save_toml) if args.save_toml else None
    files = collect_files(args.paths, REPORT_SUFFIXES + IMPORTABLE)
    if not files:
        raise CannotRun("没有找到报告文件（.toml、.docx、.xlsx）：" + "、".join(shown(name) for name in args.paths))
    with_findings = summary_out is not None
    targets = plan_saves(files, save_dir) if save_dir is not None else None
    rows_iter = check_files(files, with_findings, args.jobs, reader=import_file, save_to=targets)
    if args.json or not sys.stdout.isatty():
        rows = list(rows_iter)
    else:
        rows = _with_progress(rows_iter, len(files))
    skipped = [row for row in rows if row.kind == "batch-summary"]
    rows = [row for row in rows if row.kind != "batch-summary"]
    if not rows:
        raise CannotRun("没有找到报告文件（只有 jixiao 汇总表）：" + "、".join(shown(name) for name in args.paths))
    summary = summarise(rows)
    if skipped:
        summary["skipped_summaries"] = len(skipped)
    if summary_out is not None:
        _write_summary(rows, summary, summary_out)
    if args.json:
        print_json({"reports": [row.as_json() for row in rows], "summary": summary})
    else:
        from tui.cli.batch_table import print_batch

        print_batch(rows, summary)
    if skipped and not args.json:
        say(f"已跳过 {len(skipped)} 个 jixiao 汇总表：" + "、".join(shown(row.file) for row in skipped))
    if summary_out is not None and not args.json:
        say(f"已写出汇总表 {summary_out}")
    return 1 if summary["unreadable"] or summary["with_errors"] else 0


def _save_dir(name: str) -> str:
    """The folder for --save-toml, made if it is not there; refuse a path that is not a folder."""
    import os

    from tui.cli.terminal import shown

    if os.path.lexists(name) and not os.path.isdir(name):
        raise CannotRun(f"--save-toml 应为文件夹：{shown(name)} 不是文件夹")
    try:
        os.makedirs(name, exist_ok=True)
    except OSError as exc:
        raise CannotRun(f"无法创建文件夹 {shown(name)}：{exc.strerror or exc}") from None
    return name


def _with_progress(rows_iter: Any, count: int) -> list[Any]:
    """A rich progress bar on stderr's terminal; the rows come back in path order."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    # Take the first row before the bar's refresh thread starts: that starts the worker
    # pool, so its processes are forked while this process still has a single thread.
    rows: list[Any] = [next(rows_iter)]
    columns = (TextColumn("检查报告"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("batch", total=count, completed=1)
        for row in rows_iter:
            rows.append(row)
            progress.advance(task)
    return rows


def _write_summary(rows: list[Any], summary: dict[str, Any], out: Path) -> None:
    from core.storage import SaveError
    from exports.batch_summary import write_summary

    try:
        write_summary(rows, summary, out)
    except SaveError as exc:
        raise CannotRun(str(exc.strerror or exc)) from None
