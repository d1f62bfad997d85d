"""What the sidebar marks and the status line say, judged only from core's evaluation.

One rule for a section's mark, so it can never disagree with the 必填 count or the
findings beside it: ✗ when it has an error, ⚠ a warning, ○ nothing filled, ◐ some of
its required keys filled, ✓ all of them. The 总分 is shown as core computes it, but its
grade is withheld while a scoring error stands (a weight or score finding of the scored
list), so a total over the maximum never reads as a plain grade.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal

from core.evaluate import section_present
from core.findings import Evaluation, Finding
from core.form import FormSpec, Section
from core.numbers import fmt_score
from core.report import Report
from core.values import value_word

__all__ = ["MARKS", "ASCII_MARKS", "marks", "section_marks", "required_progress", "score_text",
           "scoring_errors"]

MARKS = {"complete": "✓", "partial": "◐", "warning": "⚠", "error": "✗", "empty": "○"}
ASCII_MARKS = {"complete": "+", "partial": "~", "warning": "!", "error": "x", "empty": "o"}
_BLANK: tuple[object, ...] = (None, "", [], {})


def marks() -> dict[str, str]:
    """Symbols, or ASCII behind JIXIAO_ASCII=1 for terminals that draw these two cells wide."""
    return ASCII_MARKS if os.environ.get("JIXIAO_ASCII") else MARKS


def _filled(value: object) -> bool:
    if isinstance(value, list):
        return any(item not in _BLANK for item in value)
    return value not in _BLANK


def required_progress(report: Report, section: Section) -> tuple[int, int]:
    """How many of the section's required keys hold something (for `必填 n/N`)."""
    keys = list(section.required)
    filled = sum(1 for key in keys if _filled(report.get(key)))
    return filled, len(keys)


def section_marks(report: Report, evaluation: Evaluation) -> dict[str, str]:
    """complete / partial / warning / error / empty for every section."""
    present = section_present(report.spec, report.data)
    by_section: dict[str, set[str]] = {}
    for finding in evaluation.findings:
        if finding.section:
            by_section.setdefault(finding.section, set()).add(finding.severity)
    status: dict[str, str] = {}
    for section in report.spec.sections:
        severities = by_section.get(section.id, set())
        filled, required = required_progress(report, section)
        if "error" in severities:
            status[section.id] = "error"
        elif "warning" in severities:
            status[section.id] = "warning"
        elif not present.get(section.id, False) and not filled:
            status[section.id] = "empty"
        elif filled < required:
            status[section.id] = "partial"
        else:
            status[section.id] = "complete"
    return status


def scoring_errors(spec: FormSpec, evaluation: Evaluation) -> list[Finding]:
    """Errors about the scored list's weights and scores: while any stands, no grade is shown."""
    scored = spec.scored_list
    if scored is None:
        return []
    numeric = {col.key for col in scored.columns if col.type == "score"}
    pattern = re.compile(re.escape(scored.path) + r"\[\d+\]\.(?P<column>[^.]+)$")
    found = []
    for finding in evaluation.findings:
        if finding.severity != "error":
            continue
        if finding.path == scored.path:
            found.append(finding)
            continue
        match = pattern.match(finding.path)
        if match and match.group("column") in numeric:
            found.append(finding)
    return found


def _maximum(spec: FormSpec) -> Decimal | None:
    try:
        return spec.decimal("total_weight")
    except (KeyError, ArithmeticError, ValueError):
        return None


def score_text(spec: FormSpec, evaluation: Evaluation) -> str:
    """`总分 98 · 优`, or `总分 110（超过满分）· 等级 —` while scoring errors stand."""
    word = value_word(spec, "score.total", "分数")
    total = evaluation.total
    if total is None:
        return f"{word} — · 等级 —"
    shown = f"{word} {fmt_score(total)}"
    maximum = _maximum(spec)
    if maximum is not None and total > maximum:
        shown += "（超过满分）"
    joint = "· " if shown.endswith("）") else " · "
    if scoring_errors(spec, evaluation) or (maximum is not None and total > maximum):
        return f"{shown}{joint}等级 —"
    return f"{shown}{joint}{evaluation.grade or '—'}"
