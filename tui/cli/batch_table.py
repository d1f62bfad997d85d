"""What `jixiao batch` prints: one line per report when the lines fit, else a card per report.

Rows stay in path order (so a clerk finds a file where the folder lists it). When every
column fits at its natural width the reports are a table, one line each; when they do
not (80 columns, long unit names), each report is a card: the file and the unit on the
first line, the figures and the first error below it with a hanging indent. Nothing is
ever squeezed to `reports…`: a column either has its width or the layout changes. Each
row names what the file was (数据文件, Word 报告, 手填工作簿, jixiao 工作簿) and, for a
file read through the form, how much of it was understood (已识别 159/160). Plain
words, no ambiguous-width symbols (style.md), so columns stay aligned on CJK terminals.
File names, units and messages are made inert before they are printed (`shown`).
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from core.batch import BatchRow
from tui.cli.terminal import Column, cell_width, pack, shown, table_lines, wrap

__all__ = ["print_batch", "batch_lines"]

_CARD_INDENT = 4


def _dash(value: object) -> str:
    return "—" if value is None else str(value)


def _figures(row: BatchRow) -> list[tuple[str, str]]:
    """(heading, value) of a readable row, in the table's order."""
    rate = f"{row.execution_rate}%" if row.execution_rate is not None else "—"
    return [("年度", _dash(row.year)), ("预算数", _dash(row.budget_total)), ("执行数", _dash(row.executed)),
            ("执行率", rate), ("总分", _dash(row.total)), ("等级", _dash(row.grade)),
            ("错误", str(row.errors)), ("警告", str(row.warnings)), ("已识别", _dash(row.understood))]


_HEADINGS = ["文件", "类型", "单位"] + [name for name, _ in _figures(BatchRow("", True))] + ["说明"]
_RIGHT = {"年度", "预算数", "执行数", "执行率", "总分", "错误", "警告", "已识别"}
_EMPTY = len(_HEADINGS) - 4  # the figures an unreadable row has none of


def _reason(row: BatchRow) -> str:
    """An unreadable row's message without the file name it starts with (shown beside it)."""
    message = shown(row.message or "")
    return message.removeprefix(shown(row.file) + "：")


def _note(row: BatchRow) -> str:
    """说明: the first error, then why an imported data file was not saved."""
    return "；".join(shown(text) for text in (row.message, row.save_problem) if text)


def _cells(row: BatchRow) -> list[str]:
    file = shown(row.file)
    if not row.readable:
        return [file, row.kind_name, "无法读取", *[""] * _EMPTY, _reason(row)]
    return [file, row.kind_name, shown(row.unit or "—"), *[value for _, value in _figures(row)], _note(row)]


def _styled(line: str, row: BatchRow) -> Text:
    style = "red" if not row.readable or row.errors else ""
    return Text(line, style=style)


_MESSAGE_MIN = 30  # below this, 说明 would wrap every few characters: cards instead


def _one_line_each(rows: list[BatchRow], width: int) -> list[Text] | None:
    """The table, one report a line (a long 说明 wraps under itself), or None when the
    columns before 说明 leave it fewer than _MESSAGE_MIN cells."""
    headings = list(_HEADINGS)
    table = [_cells(row) for row in rows]
    if not any(row.understood for row in rows):  # nothing read through the form: no 已识别 column
        drop = headings.index("已识别")
        headings.pop(drop)
        table = [cells[:drop] + cells[drop + 1:] for cells in table]
    columns = [Column(heading, "right" if heading in _RIGHT else "left", wraps=heading == "说明")
               for heading in headings]
    fixed = sum(max([cell_width(heading)] + [cell_width(cells[i]) for cells in table])
                for i, heading in enumerate(headings[:-1]))
    if width - fixed - 2 * len(headings) < _MESSAGE_MIN:
        return None
    laid = table_lines(columns, table, width, margin=0)
    if laid is None:
        return None
    out = [Text(laid[0], style="bold"), Text(laid[1])]
    body = laid[2:]
    # a row's wrapped 说明 lines follow it; colour them with it
    index = -1
    for line in body:
        if not line.startswith(" "):
            index += 1
        out.append(_styled(line, rows[max(index, 0)]))
    return out


def _card(row: BatchRow, width: int) -> list[Text]:
    """Two lines (more only when a name or the message is long): who, then what."""
    names = [shown(row.file), row.kind_name,
             shown(row.unit) if row.readable and row.unit else "无法读取" if not row.readable else ""]
    names = [name for name in names if name]
    if max(cell_width(name) for name in names) <= width - _CARD_INDENT:
        head = pack(names, width, indent=_CARD_INDENT)  # the unit whole on the next line, if need be
    else:
        head = wrap("  ".join(names), width, indent=_CARD_INDENT)
    lines = [Text(line, style="bold") for line in head]
    pad = " " * _CARD_INDENT
    if row.readable:
        units = [f"{name} {value}" for name, value in _figures(row) if name != "已识别" or row.understood]
        message = "；".join([f"首个错误：{shown(row.message)}"] * bool(row.message)
                           + [shown(row.save_problem)] * bool(row.save_problem))
        body = pack(units, width, first=_CARD_INDENT, indent=_CARD_INDENT, then=message)
    else:
        body = wrap(_reason(row), width, first=_CARD_INDENT, indent=_CARD_INDENT)
    lines += [_styled(pad + body[0], row), *(_styled(line, row) for line in body[1:])]
    return lines


def batch_lines(rows: list[BatchRow], summary: dict[str, Any], width: int) -> list[Text]:
    lines = [Text("批量检查", style="bold")]
    table = _one_line_each(rows, width)
    if table is not None:
        lines += table
    else:
        for row in rows:
            lines += _card(row, width)
    lines.append(Text(""))
    total = (f"共 {summary['files']} 个文件：无法读取 {summary['unreadable']}，有错误 {summary['with_errors']}，"
             f"无错误 {summary['clean']}；错误合计 {summary['errors']}，警告合计 {summary['warnings']}")
    style = "bold red" if summary["unreadable"] or summary["with_errors"] else ""
    lines += [Text(line, style=style) for line in wrap(total, width, indent=2)]
    return lines


def print_batch(rows: list[BatchRow], summary: dict[str, Any]) -> None:
    console = Console(highlight=False)
    for line in batch_lines(rows, summary, console.width):
        console.print(line, soft_wrap=True)
