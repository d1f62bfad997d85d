"""附件5: items waiting for a reviewer, scores outside the guidance bands, calendar gaps.

附件5 is the reviewer's table: what only a person can judge stays 待评 until entered,
and an entered score is clamped to its maximum by core.scoring. These checks say
what is still pending, where an entered score lies outside the form's guidance
bands (a warning: the bands are guidance), and when the statutory calendar does not
cover a year so 提交报告 cannot be counted.
"""

from __future__ import annotations

from collections.abc import Iterator

from core.checks.context import Context, finding
from core.findings import Finding
from core.form import CheckSpec
from core.paths import get_path

__all__ = ["check_assessment_pending", "check_assessment_band", "check_assessment_calendar"]


def check_assessment_pending(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    pending = [item.item for item in ctx.assessment if item.score is None]
    if pending:
        yield finding(ctx, check, "", {"items": "、".join(pending)})


def check_assessment_band(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    for item, note in ctx.assessment_notes:
        if note == "band":
            value = get_path(ctx.data, item.raw["input"])
            bands = " / ".join(str(lo) if lo == hi else f"{lo}–{hi}" for lo, hi in item.raw["bands"])
            yield finding(ctx, check, item.raw["input"], {"item": item.item, "score": str(value), "bands": bands})


def check_assessment_calendar(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    for item, note in ctx.assessment_notes:
        if note.startswith("calendar:"):
            yield finding(ctx, check, item.raw["submitted"], {"year": note.split(":", 1)[1]})
