"""The registry of check kinds, the report-level checks, and run_checks().

A check in the form names its kind; this module maps each kind to the function that
applies it and runs them in the form's order, so adding a check of a known kind to a
form is a data change, and the findings come out in a stable order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from core.findings import Finding
from core.indicator_rules import INDICATOR_CHECKS
from core.numbers import fmt_money
from core.paths import get_path
from core.rules import (
    Context,
    _finding,
    check_compare,
    check_money_range,
    check_parent_parts,
    check_ratio_undefined,
    check_required,
    check_sum,
)
from core.spec import CheckSpec

__all__ = ["run_checks", "CHECK_KINDS"]


def check_text_missing(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    for section in ctx.spec.sections:
        if not section.required or section.generated or section.attachment:
            continue
        if not ctx.sections.get(section.id, False):
            yield _finding(ctx, check, section.required[0], {"section": section.label})


def check_signature(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    for path in check.raw.get("fields", []):
        if get_path(ctx.data, path) in (None, ""):
            yield _finding(ctx, check, path, {})


def check_other_unexplained(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    for amount_path, note_path in check.raw.get("pairs", []):
        amount = get_path(ctx.data, amount_path)
        if amount is not None and not isinstance(amount, bool) and amount > 0:
            if not str(get_path(ctx.data, note_path) or "").strip():
                yield _finding(ctx, check, note_path, {"value": fmt_money(amount)})


def check_assessment_pending(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    pending = [item.item for item in ctx.assessment if item.score is None]
    if pending:
        yield _finding(ctx, check, "", {"items": "、".join(pending)})


def check_assessment_band(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    for item, note in ctx.assessment_notes:
        if note == "band":
            value = get_path(ctx.data, item.raw["input"])
            bands = " / ".join(lo if lo == hi else f"{lo}–{hi}" for lo, hi in item.raw["bands"])
            yield _finding(ctx, check, item.raw["input"], {"item": item.item, "score": str(value), "bands": bands})


def check_assessment_calendar(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    for item, note in ctx.assessment_notes:
        if note.startswith("calendar:"):
            yield _finding(ctx, check, item.raw["submitted"], {"year": note.split(":", 1)[1]})


CHECK_KINDS: dict[str, Callable[[Context, CheckSpec], Iterator[Finding]]] = {
    "required": check_required,
    "sum": check_sum,
    "compare": check_compare,
    "money.range": check_money_range,
    "ratio.undefined": check_ratio_undefined,
    "costs.parent_parts": check_parent_parts,
    "text.missing": check_text_missing,
    "text.signature": check_signature,
    "other_budgets.unexplained": check_other_unexplained,
    "assessment.pending": check_assessment_pending,
    "assessment.band": check_assessment_band,
    "assessment.calendar": check_assessment_calendar,
    **INDICATOR_CHECKS,
}


def run_checks(ctx: Context) -> list[Finding]:
    """Every check of the form, in the form's order; an unknown kind is a form error."""
    findings: list[Finding] = []
    for check in ctx.spec.checks:
        kind = CHECK_KINDS.get(check.kind)
        if kind is None:
            raise ValueError(f"form {ctx.spec.id}: unknown check kind {check.kind!r} ({check.id})")
        findings.extend(kind(ctx, check))
    return findings
