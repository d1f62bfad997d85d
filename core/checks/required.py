"""Presence: figures the form requires, 正文 sections, the signature line, explanations.

A blank is absent, never 0 (report-schema.md), so a missing figure is said, not
guessed: an error where a score or a required sum depends on it, else a warning.
"""

from __future__ import annotations

from collections.abc import Iterator

from core.checks.context import Context, finding
from core.findings import Finding
from core.form import CheckSpec, ColumnSpec, FormSpec, ListSpec
from core.form.memo import per_form
from core.numbers import fmt_money
from core.paths import get_path

__all__ = ["check_required", "check_text_missing", "check_signature", "check_other_unexplained"]


def _required_fields(spec: FormSpec) -> list[tuple[str, str | None]]:
    """(path, severity) of each field the form requires, in form order."""
    return [(path, field.required) for path, field in spec.fields.items() if field.required]


def _required_columns(spec: FormSpec) -> list[tuple[ListSpec, list[ColumnSpec]]]:
    """Each list with a required column, and those columns, in form order."""
    found = [(table, [col for col in table.columns if col.required]) for table in spec.lists.values()]
    return [(table, required) for table, required in found if required]


def check_required(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    for path, severity in per_form(ctx.spec, "required fields", _required_fields):
        if get_path(ctx.data, path) in (None, "", []):
            yield finding(ctx, check, path, {}, severity=severity)
    for table, required in per_form(ctx.spec, "required columns", _required_columns):
        rows = get_path(ctx.data, table.path)
        if not rows:
            yield finding(ctx, check, table.path, {}, severity=required[0].required)
            continue
        for index, row in enumerate(rows):
            for col in required:
                if row.get(col.key) in (None, ""):
                    yield finding(ctx, check, f"{table.path}[{index}].{col.key}", {}, severity=col.required)


def check_text_missing(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    for section in ctx.spec.sections:
        if not section.required or section.generated or section.attachment:
            continue
        if not ctx.sections.get(section.id, False):
            yield finding(ctx, check, section.required[0], {"section": section.label})


def check_signature(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    for path in check.raw.get("fields", []):
        if get_path(ctx.data, path) in (None, ""):
            yield finding(ctx, check, path, {})


def check_other_unexplained(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    for amount_path, note_path in check.raw.get("pairs", []):
        amount = get_path(ctx.data, amount_path)
        if amount is not None and not isinstance(amount, bool) and amount > 0:
            if not str(get_path(ctx.data, note_path) or "").strip():
                yield finding(ctx, check, note_path, {"value": fmt_money(amount)})
