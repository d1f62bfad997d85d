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


def _computed_label(report: Report, name: str | None) -> str:
    """The form's label of a calc.* name (预算执行率得分), or the name itself."""
    key = name[5:] if name and name.startswith("calc.") else name
    return next((c.label for c in report.spec.computed if c.id == key), key or "")


def _rate_text(report: Report, values: dict[str, Any], computed: Any) -> str:
    value = values.get(computed.id)
    return fmt_percent(value) if computed.format == "percent" else fmt_score(value)


def print_score(report: Report, evaluation: Evaluation) -> None:
    """The score as the form makes it: its base (预算执行率), its 一级, 总分 and 等级, the rows."""
    from core.values import over_full_mark

    console = _console()
    values = evaluation.values
    spec = report.spec
    rules = spec.scoring
    head = RichTable(box=box.SIMPLE_HEAD, show_header=True, title="自评得分", title_justify="left")
    head.add_column("项目")
    head.add_column("分值", justify="right")
    head.add_column("得分", justify="right")
    head.add_column("说明")
    if rules.base:
        rate_name = spec.role("execution_rate")
        rate = next((c for c in spec.computed if rate_name and c.id == rate_name[5:]), None)
        note = f"{rate.label} {_rate_text(report, values, rate)}" if rate is not None else ""
        head.add_row(_computed_label(report, rules.base), fmt_score(spec.scoring_number(rules.base_weight)),
                     fmt_score(values.get(rules.base[5:])), note)
    for name, (weight, score) in evaluation.level1.items():
        head.add_row(name, fmt_score(weight), fmt_score(score), "")
    total = fmt_score(evaluation.total) + (over_full_mark(spec, evaluation) if evaluation.total is not None else "")
    head.add_row(Text("总分", style="bold"), "", Text(total, style="bold"),
                 Text(f"等级 {evaluation.grade or '—'}", style="bold"))
    console.print(head)
    scored = spec.scored_list
    if scored is not None:
        rows = RichTable(box=box.SIMPLE_HEAD, title=scored.label, title_justify="left")
        columns = {col.key: col.label for col in scored.columns}
        for column, justify in ((columns.get("level1", "一级"), "left"), (columns.get("name", "名称"), "left"),
                                (columns.get("weight", "分值"), "right"), (columns.get("score", "得分"), "right"),
                                ("建议", "right"), ("达成", "center")):
            rows.add_column(column, justify=justify)  # type: ignore[arg-type]
        for row in evaluation.indicators:
            if row.suggested_range:
                suggested = f"{fmt_score(row.suggested_range[0])}–{fmt_score(row.suggested_range[1])}"
            else:
                suggested = fmt_score(row.suggested) if row.suggested is not None else "—"
            met: Text = {True: Text("是"), False: Text("否", style="red"), None: Text("—")}[row.met]
            rows.add_row(row.level1, row.name, fmt_score(row.weight), fmt_score(row.score), suggested, met)
        console.print(rows)
    shown = {rules.base[5:] if rules.base else "", (spec.role("execution_rate") or "")[5:]}
    for computed in spec.computed:
        if not computed.each and computed.format == "percent" and computed.id not in shown:
            console.print(f"{computed.label} {_rate_text(report, values, computed)}")
    if not spec.assessment:
        return
    items = RichTable(box=box.SIMPLE_HEAD, title=spec.sections[-1].label if spec.sections else "",
                      title_justify="left")
    items.add_column("项目")
    items.add_column("满分", justify="right")
    items.add_column("得分", justify="right")
    pending = spec.words.get("pending", "待评")
    for item in evaluation.assessment:
        items.add_row(item.item, fmt_score(item.max),
                      fmt_score(item.score) if item.score is not None else Text(pending, style="dim"))
    partial = spec.words.get("partial", "") if evaluation.assessment_partial else ""
    items.add_row(Text("合计", style="bold"), "", Text(fmt_score(evaluation.assessment_total) + partial, style="bold"))
    console.print(items)
