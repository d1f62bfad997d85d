"""Every check kind of the form language, and run_checks().

A check in the form names its kind; this package maps each kind to the function that
applies it (one module per family, each with its rule and its reason) and runs them
in the form's order, so adding a check of a known kind to a form is a data change,
and the findings come out in a stable order. Every finding is made by
`core.checks.context.finding`.

| kind | module | rule |
|---|---|---|
| required | required | a figure the form requires is filled |
| sum | sums | a total equals its parts (尾差 allowance) |
| compare | compare | one formula relates to another as `expect` says |
| money.range | ranges | amounts ≥ 0 and < money_max; counts whole, ≥ 0 |
| bounds | ranges | a field or list column with `min`/`max` in the form lies within them |
| ratio.undefined | ratio | a rate's denominator is neither 0 nor blank |
| grid.parent_parts | sums | a stored parent row equals its given parts |
| text.missing / text.signature / other_budgets.unexplained | required | presence of text |
| indicator.* | indicators | 附件2 rows: ranges, weights, catalog, deviations, judgements |
| assessment.* | assessment | 附件5: pending items, bands, calendar |
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from core.checks.assessment import (
    check_assessment_band,
    check_assessment_calendar,
    check_assessment_pending,
)
from core.checks.compare import check_compare
from core.checks.context import Context, finding, resolver
from core.checks.indicators import INDICATOR_CHECKS
from core.checks.ranges import check_bounds, check_money_range
from core.checks.ratio import check_ratio_undefined
from core.checks.required import (
    check_other_unexplained,
    check_required,
    check_signature,
    check_text_missing,
)
from core.checks.sums import check_parent_parts, check_sum
from core.findings import Finding
from core.form import CheckSpec

__all__ = ["run_checks", "CHECK_KINDS", "Context", "finding", "resolver"]

CHECK_KINDS: dict[str, Callable[[Context, CheckSpec], Iterator[Finding]]] = {
    "required": check_required,
    "sum": check_sum,
    "compare": check_compare,
    "money.range": check_money_range,
    "bounds": check_bounds,
    "ratio.undefined": check_ratio_undefined,
    "grid.parent_parts": check_parent_parts,
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
