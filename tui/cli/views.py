"""What `jixiao check` and `jixiao score` print: readable at 80 columns, on a terminal or piped.

Lines are laid out here (tui.cli.terminal), not by rich: a figure never breaks, no line
starts with `，` or `）`, a wrapped message keeps its hanging indent under the text.
Rich only colours. Severity marks are words (错误/警告/提示), not symbols: the East-Asian
ambiguous symbols (✗ ⚠ ※) are drawn two cells wide by some CJK terminals and break
alignment. Internal ids and paths (`text.signature`, `unit.filled_by`) appear only with
`--verbose`; the message names the field in the form's own words. Every string from the
report is made inert first (`shown`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.text import Text

from core.findings import Evaluation, Finding
from core.numbers import fmt_percent, fmt_score
from core.report import Report
from core.values import display, over_full_mark, value_of, value_word
from tui.cli.terminal import Column, shown, table_lines, wrap

__all__ = ["print_check", "print_score", "SEVERITY_WORDS", "check_lines", "score_lines"]

SEVERITY_WORDS = {"error": ("错误", "bold red"), "warning": ("警告", "yellow"), "info": ("提示", "cyan")}
_INDENT = 8  # "  错误  ": where a finding's text starts, and its continuation lines


def _console() -> Console:
    return Console(highlight=False)


def _emit(console: Console, lines: Iterable[Text]) -> None:
    for line in lines:
        console.print(line, soft_wrap=True)  # laid out already: rich must not wrap again


def summary_line(evaluation: Evaluation) -> Text:
    line = Text()
    for severity, count in (("error", evaluation.errors), ("warning", evaluation.warnings),
                            ("info", evaluation.infos)):
        word, style = SEVERITY_WORDS[severity]
        line.append(f"{word} {count}", style=style if count else "dim")
        line.append("  ")
    line.rstrip()
    return line


def _finding_lines(finding: Finding, width: int, verbose: bool) -> list[Text]:
    word, style = SEVERITY_WORDS[finding.severity]
    text = wrap(shown(finding.message, multiline=True), width, first=_INDENT, indent=_INDENT)
    head = Text("  ")
    head.append(word, style=style)
    head.append("  " + text[0])
    lines = [head, *(Text(line) for line in text[1:])]
    if verbose:
        where = f"{finding.id} · {shown(finding.path) or '（整体）'}"
        lines += [Text(line, style="dim") for line in _prefixed(" " * _INDENT, where, width, _INDENT)]
    return lines


def _prefixed(prefix: str, text: str, width: int, indent: int) -> list[str]:
    """`prefix` then `text`, wrapped, continuation lines at `indent`."""
    lines = wrap(text, width, first=len(prefix), indent=indent)
    return [prefix + lines[0], *lines[1:]]


def check_lines(report: Report, evaluation: Evaluation, name: str, width: int,
                verbose: bool = False) -> list[Text]:
    """The lines of `jixiao check`: findings grouped by section, in the form's order."""
    lines = [Text(f"检查 {shown(name)}", style="bold")]
    order = {section.id: i for i, section in enumerate(report.spec.sections)}
    groups: dict[str | None, list[Finding]] = {}
    for finding in evaluation.findings:
        groups.setdefault(finding.section, []).append(finding)
    for section_id in sorted(groups, key=lambda s: order.get(s, -1) if s else -1):
        label = report.spec.section(section_id).label if section_id else "整体"
        lines += [Text(""), Text(label, style="bold underline")]
        for finding in groups[section_id]:
            lines += _finding_lines(finding, width, verbose)
    if not evaluation.findings:
        lines.append(Text("没有发现问题。"))
    return lines + [Text(""), summary_line(evaluation)]


def print_check(report: Report, evaluation: Evaluation, name: str, verbose: bool = False) -> None:
    console = _console()
    _emit(console, check_lines(report, evaluation, name, console.width, verbose))


def _table(title: str, columns: list[Column], rows: list[list[str]], width: int) -> list[Text]:
    laid = table_lines(columns, rows, width)
    if laid is None:  # too narrow for columns: one row a line, `heading value` pairs
        laid = []
        for row in rows:
            pairs = "  ".join(f"{c.heading} {v}" for c, v in zip(columns, row, strict=True) if v)
            laid += _prefixed("  ", pairs, width, 4)
    return [Text(title, style="bold"), *(Text(line) for line in laid), Text("")]


def score_lines(report: Report, evaluation: Evaluation, width: int) -> list[Text]:
    """The lines of `jixiao score`: 总分 and its parts, the indicator rows, other rates, 附件5."""
    spec = report.spec
    values = evaluation.values
    words = spec.words
    weight_word, score_word = words.get("item_max", "分值"), words.get("item_score", "得分")
    lines: list[Text] = []
    rules = spec.scoring
    computed = {f"calc.{c.id}": c for c in spec.computed if not c.each}
    rate = computed.get(spec.role("execution_rate") or "")
    base = computed.get(rules.base or "")
    head_rows: list[list[str]] = []
    if base is not None:
        note = f"{rate.label} {_rate_text(report, values, rate)}" if rate is not None else ""
        head_rows.append([_computed_label(report, rules.base), fmt_score(spec.scoring_number(rules.base_weight)),
                          fmt_score(values.get(base.id)), note])
    for name, (weight_value, score) in evaluation.level1.items():
        head_rows.append([shown(name), fmt_score(weight_value), fmt_score(score), ""])
    total = fmt_score(evaluation.total) + (over_full_mark(spec, evaluation) if evaluation.total is not None else "")
    grade_word = value_word(spec, "score.grade", "等级")
    head_rows.append([value_word(spec, "score.total", "分数"), "", total, f"{grade_word} {evaluation.grade or '—'}"])
    lines += _table("自评得分", [Column("项目"), Column(weight_word, "right"), Column(score_word, "right"),
                                 Column("说明", wraps=True)], head_rows, width)
    scored = spec.scored_list
    if scored is not None and evaluation.indicators:
        short = {level.name: level.short for level in spec.level1}
        rows = []
        for row in evaluation.indicators:
            if row.suggested_range:
                suggested = f"{fmt_score(row.suggested_range[0])}–{fmt_score(row.suggested_range[1])}"
            else:
                suggested = fmt_score(row.suggested)
            met = {True: "是", False: "否", None: "—"}[row.met]
            rows.append([shown(short.get(row.level1, row.level1)), shown(row.name), fmt_score(row.weight),
                         fmt_score(row.score), suggested, met])
        group, name_word = (_column_label(scored, key) for key in (scored.row_group, scored.row_name))
        lines += _table(scored.label, [Column(group), Column(name_word, wraps=True), Column(weight_word, "right"),
                                       Column(score_word, "right"), Column("建议", "right"), Column("达成")],
                        rows, width)
    shown_ids = {rate.id if rate else None, base.id if base else None}
    others = [c for c in computed.values() if c.id not in shown_ids and c.format == "percent"]
    for other in others:
        lines += [Text(line) for line in wrap(f"{other.label} {fmt_percent(values.get(other.id))}", width, indent=2)]
    if others:
        lines.append(Text(""))
    if evaluation.assessment:
        # the items as every printed 附件5 shows them (core.values: 待评, （部分待评）)
        section = next((s for s in spec.sections if s.kind == "assessment"), None)
        items = [[item.item, fmt_score(item.max), display(value_of(f"review.{item.id}", report, evaluation), "score")]
                 for item in evaluation.assessment]
        items.append([words.get("sum_row", "合计"), "", display(value_of("review.total", report, evaluation), "score")])
        lines += _table(section.label if section else "", [Column("项目", wraps=True), Column(weight_word, "right"),
                                                          Column(score_word, "right")], items, width)
    return lines


def _column_label(table: Any, key: str | None) -> str:
    if key is None:
        return ""
    return next((column.label for column in table.columns if column.key == key), key)


def _computed_label(report: Report, name: str | None) -> str:
    """The form's label of a calc.* name (预算执行率得分), or the name itself."""
    key = name[5:] if name and name.startswith("calc.") else name
    return next((c.label for c in report.spec.computed if c.id == key), key or "")


def _rate_text(report: Report, values: dict[str, Any], computed: Any) -> str:
    value = values.get(computed.id)
    return fmt_percent(value) if computed.format == "percent" else fmt_score(value)


def print_score(report: Report, evaluation: Evaluation) -> None:
    """The score as the form makes it: its base (预算执行率), its 一级, 总分 and 等级, the rows."""
    console = _console()
    _emit(console, score_lines(report, evaluation, console.width))
