"""Every figure a printed cell or a sentence may name, and the text it prints as.

The layout and the sentence templates of a form name what they show the way the
formulas do: a data key (`a.b`, `rows[2].score`), a computed
value (`calc.execution_rate`, `calc.costs.project.final`), a score (`score.total`,
`score.grade`, `score.weights_total`, `score.level1.<一级>`), an item of the review
(`review.<item>`, `review.total`), a number of the profile (`form.execution_weight`),
or a role every form fills (`year`, `prev_year`, `unit`, `short_name`). One resolver
here serves every writer, so a figure prints the same in Word, the workbook,
Markdown and the terminal.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from core.findings import Evaluation
from core.form import FormSpec
from core.numbers import fmt_money, fmt_percent, fmt_score
from core.paths import get_path
from core.report import Report

__all__ = ["value_of", "kind_of", "display", "shown", "fill", "placeholders", "ROLE_NAMES", "chinese_date",
           "over_full_mark", "value_word"]

ROLE_NAMES = ("year", "prev_year", "unit", "short_name")
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_INDEX = re.compile(r"\[\d+\]")


def placeholders(template: str) -> list[str]:
    """The names a template fills in, in order."""
    return _PLACEHOLDER.findall(template)


def fill(template: str, lookup: Callable[[str], str]) -> str:
    """Replace each `{name}` by what `lookup` says (it decides how an absent value shows)."""
    return _PLACEHOLDER.sub(lambda match: lookup(match.group(1)), template)


def _role(report: Report, name: str) -> Any:
    year = report.year
    if name == "year":
        return year
    if name == "prev_year":
        return year - 1 if year is not None else None
    path = report.spec.role(name)
    return report.get(path) if path else None


def value_of(name: str, report: Report, evaluation: Evaluation) -> Any:
    """The value behind a name, or None when it is absent or cannot be computed."""
    spec = report.spec
    if name in ROLE_NAMES:
        return _role(report, name)
    if name.startswith("calc."):
        return evaluation.values.get(name[5:])
    if name.startswith("form."):
        return spec.decimal(name[5:])
    if name.startswith("score."):
        return _score(name[6:], spec, evaluation)
    if name.startswith("review."):
        return _review(name[7:], spec, evaluation)
    return get_path(report.data, name)


def _score(key: str, spec: FormSpec, evaluation: Evaluation) -> Any:
    if key == "total":
        return evaluation.total
    if key == "grade":
        # a withheld grade prints as the form's word for it (—), never as a blank to fill in
        return spec.words.get("grade_withheld", "—") if evaluation.grade_withheld else evaluation.grade
    if key == "weights_total":
        weights = [row.weight for row in evaluation.indicators if row.weight is not None]
        base = spec.scoring.base_weight
        base_weight = spec.decimal(base[5:]) if base and base.startswith("form.") else Decimal(0)
        return sum(weights, Decimal(0)) + base_weight if weights else None
    if key.startswith("level1."):
        return evaluation.level1.get(key[7:], (Decimal(0), None))[1]
    return None


def _review(key: str, spec: FormSpec, evaluation: Evaluation) -> Any:
    pending = spec.words.get("pending", "")
    if key == "total":
        total = fmt_score(evaluation.assessment_total)
        return total + spec.words.get("partial", "") if evaluation.assessment_partial else evaluation.assessment_total
    item = next((result for result in evaluation.assessment if result.id == key), None)
    if item is None:
        return None
    return item.score if item.score is not None else pending


def kind_of(name: str, spec: FormSpec) -> str:
    """What a name holds, for formatting: money · percent · score · count · text · textlist · date · bool."""
    if name in ("year", "prev_year"):
        return "count"
    if name in ROLE_NAMES:
        return "text"
    if name.startswith("calc."):
        key = _INDEX.sub("", name[5:])
        computed = next((c for c in spec.computed if c.id == key), None)
        return computed.format if computed is not None else "money"
    if name.startswith(("form.", "review.")):
        return "score"
    if name.startswith("score."):
        return "text" if name == "score.grade" else "score"
    if name in spec.fields:
        return spec.fields[name].type
    grid = spec.grid_of_path(name)
    if grid is not None:
        return "text" if name.endswith(".name") else "money"
    table_path, _, column = _INDEX.sub("", name).rpartition(".")
    table = spec.list_by_path(table_path)
    if table is not None:
        return next((c.type for c in table.columns if c.key == column), "text")
    return "text"


def over_full_mark(spec: FormSpec, evaluation: Evaluation) -> str:
    """What follows a 总分 above the 满分 wherever it prints (`110（超过满分）`), else ""."""
    from core.scoring.grades import OVER_FULL

    return spec.words.get("over_full", "（超过满分）") if evaluation.grade_withheld == OVER_FULL else ""


def shown(name: str, report: Report, evaluation: Evaluation, fmt: str | None = None) -> str:
    """The text a name prints as: its value displayed, a 总分 above the 满分 marked so."""
    text = display(value_of(name, report, evaluation), kind_of(name, report.spec), fmt)
    if name == "score.total" and text:
        text += over_full_mark(report.spec, evaluation)
    return text


def chinese_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def display(value: Any, kind: str, fmt: str | None = None) -> str:
    """A value as printed: `plain` 174.1, `fixed` 174.10, `percent` 87.5%, `percent_fixed` 87.50%.

    Absent prints as "" (a blank cell); the caller decides whether a gap shows.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return chinese_date(value)
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    if isinstance(value, str):
        return value
    if not isinstance(value, (int, Decimal)):
        return str(value)
    number = Decimal(value)
    style = fmt or ("percent" if kind == "percent" else "count" if kind in ("count", "year") else "plain")
    if style == "fixed":
        return fmt_money(number)
    if style == "percent":
        return fmt_score(number) + "%"
    if style == "percent_fixed":
        return fmt_percent(number)
    if style == "count" and number == number.to_integral_value():
        return str(int(number))
    return fmt_score(number)


def value_word(spec: FormSpec, name: str, fallback: str) -> str:
    """The form's word for a computed value: its `[words]` entry, else the label printed
    beside that value in the form's own table (`总分` beside score.total), else `fallback`."""
    if spec.words.get(name):
        return spec.words[name]
    for table in spec.tables:
        for row in table.rows:
            if any(cell.value == name for cell in row.cells):
                label = next((cell.text for cell in row.cells if cell.text and "{" not in cell.text), None)
                if label:
                    return label.strip()
    return fallback
