"""The terminal table of `jixiao batch`: one line per report, worst first in the eye.

Rows stay in path order (so a clerk finds a file where the folder lists it); errors
are coloured, an unreadable file shows its reason in place of the figures. Plain
words, no ambiguous-width symbols (style.md), so columns stay aligned on CJK terminals.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from core.batch import BatchRow

__all__ = ["print_batch"]


def _dash(value: object) -> str:
    return "—" if value is None else str(value)


def print_batch(rows: list[BatchRow], summary: dict[str, Any]) -> None:
    console = Console(highlight=False)
    if not console.is_terminal:
        # piped to a file or a pager: one long line per report reads and greps better
        console = Console(highlight=False, width=max(console.width, 200))
    # Below 140 columns the two amounts give way (they are in --json and the workbook),
    # or the columns that wrap (file, unit, message) would be squeezed to nothing.
    wide = console.width >= 140
    table = Table(box=box.SIMPLE_HEAD, title="批量检查", title_justify="left")
    for name, justify in (("文件", "left"), ("单位", "left"), ("年度", "right"),
                          ("全年预算数", "right"), ("全年执行数", "right"), ("执行率", "right"),
                          ("总分", "right"), ("等级", "center"), ("错误", "right"),
                          ("警告", "right"), ("说明", "left")):
        if not wide and name in ("全年预算数", "全年执行数"):
            continue
        wraps = name in ("文件", "单位", "说明")
        table.add_column(name, justify=justify, no_wrap=not wraps,  # type: ignore[arg-type]
                         ratio=(2 if name == "说明" else 1) if wraps else None)
    for row in rows:
        amounts = [_dash(row.budget_total), _dash(row.executed)] if wide else []
        if not row.readable:
            blanks = [""] * (len(amounts) + 6)
            table.add_row(row.file, Text("无法读取", style="bold red"), *blanks,
                          Text(row.message or "", style="red"))
            continue
        rate = f"{row.execution_rate}%" if row.execution_rate is not None else "—"
        errors = Text(str(row.errors), style="bold red" if row.errors else "dim")
        table.add_row(row.file, _dash(row.unit), _dash(row.year), *amounts, rate,
                      _dash(row.total), _dash(row.grade), errors, str(row.warnings),
                      row.message or "")
    console.print(table)
    line = Text()
    line.append(f"共 {summary['files']} 个文件：")
    line.append(f"无法读取 {summary['unreadable']}", style="bold red" if summary["unreadable"] else "dim")
    line.append("，")
    line.append(f"有错误 {summary['with_errors']}", style="bold red" if summary["with_errors"] else "dim")
    line.append(f"，无错误 {summary['clean']}；错误合计 {summary['errors']}，警告合计 {summary['warnings']}")
    console.print(line)
