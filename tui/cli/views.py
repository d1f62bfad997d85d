"""Rich output of the headless commands: check, score and show, readable at 80 columns.

Severity marks are words (错误/警告/提示), not symbols: the East-Asian ambiguous
symbols (✗ ⚠ ※) are drawn two cells wide by some CJK terminals and break alignment.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from core.findings import Evaluation
from core.numbers import fmt_percent, fmt_score
from core.report import Report

__all__ = ["print_check", "print_score", "SEVERITY_WORDS"]

SEVERITY_WORDS = {"error": ("错误", "bold red"), "warning": ("警告", "yellow"), "info": ("提示", "cyan")}


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def summary_line(evaluation: Evaluation) -> Text:
    line = Text()
    for severity, count in (("error", evaluation.errors), ("warning", evaluation.warnings),
                            ("info", evaluation.infos)):
        word, style = SEVERITY_WORDS[severity]
        line.append(f"{word} {count}", style=style if count else "dim")
        line.append("  ")
    return line


def print_check(report: Report, evaluation: Evaluation, name: str) -> None:
    console = _console()
    console.print(Text(f"检查 {name}", style="bold"))
    order = {section.id: i for i, section in enumerate(report.spec.sections)}
    groups: dict[str | None, list[Any]] = {}
    for finding in evaluation.findings:
        groups.setdefault(finding.section, []).append(finding)
    for section_id in sorted(groups, key=lambda s: order.get(s, -1) if s else -1):
        label = report.spec.section(section_id).label if section_id else "整体"
        console.print(Text(f"\n{label}", style="bold underline"))
        for finding in groups[section_id]:
            word, style = SEVERITY_WORDS[finding.severity]
            line = Text("  ")
            line.append(word, style=style)
            line.append(f"  {finding.message}")
            line.append(f"  [{finding.id}]", style="dim")
            console.print(line)
    if not evaluation.findings:
        console.print("没有发现问题。")
    console.print()
    console.print(summary_line(evaluation))


def print_score(report: Report, evaluation: Evaluation) -> None:
    console = _console()
    values = evaluation.values
    spec = report.spec
    head = RichTable(box=box.SIMPLE_HEAD, show_header=True, title="自评得分", title_justify="left")
    head.add_column("项目")
    head.add_column("分值", justify="right")
    head.add_column("得分", justify="right")
    head.add_column("说明")
    head.add_row(spec.profile.get("execution_label", ""), fmt_score(spec.decimal("execution_weight")),
                 fmt_score(values.get("execution_score")), f"执行率 {fmt_percent(values.get('execution_rate'))}")
    for name, (weight, score) in evaluation.level1.items():
        head.add_row(name, fmt_score(weight), fmt_score(score), "")
    head.add_row(Text("总分", style="bold"), "", Text(fmt_score(evaluation.total), style="bold"),
                 Text(f"等级 {evaluation.grade or '—'}", style="bold"))
    console.print(head)
    rows = RichTable(box=box.SIMPLE_HEAD, title="三级指标", title_justify="left")
    for column, justify in (("一级", "left"), ("三级指标", "left"), ("分值", "right"), ("得分", "right"),
                            ("建议", "right"), ("达成", "center")):
        rows.add_column(column, justify=justify)  # type: ignore[arg-type]
    for row in evaluation.indicators:
        if row.suggested_range:
            suggested = f"{fmt_score(row.suggested_range[0])}–{fmt_score(row.suggested_range[1])}"
        else:
            suggested = fmt_score(row.suggested) if row.suggested is not None else "—"
        met: Text = {True: Text("是"), False: Text("否", style="red"), None: Text("—")}[row.met]
        rows.add_row(row.level1.replace("指标", ""), row.name, fmt_score(row.weight), fmt_score(row.score),
                     suggested, met)
    console.print(rows)
    staffing = fmt_percent(values.get("staffing_rate"))
    console.print(f"财政供养人员控制率 {staffing}")
    items = RichTable(box=box.SIMPLE_HEAD, title=spec.sections[-1].label if spec.sections else "",
                      title_justify="left")
    items.add_column("项目")
    items.add_column("满分", justify="right")
    items.add_column("得分", justify="right")
    for item in evaluation.assessment:
        items.add_row(item.item, fmt_score(item.max),
                      fmt_score(item.score) if item.score is not None else Text("待评", style="dim"))
    partial = "（部分待评）" if evaluation.assessment_partial else ""
    items.add_row(Text("合计", style="bold"), "", Text(fmt_score(evaluation.assessment_total) + partial, style="bold"))
    console.print(items)
