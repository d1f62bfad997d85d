"""The built-in sample with its 绩效指标 replaced by many rows, for tests and benches of scale."""

from __future__ import annotations

from collections.abc import Iterable


def with_indicators(sample_text: str, rows: Iterable[str]) -> str:
    """`sample_text` with its `[[self_eval.indicators]]` tables (the last part of the sample)
    replaced by `rows`, inline tables in one array: 100,000 rows stay within the 10 MB cap."""
    head = sample_text[: sample_text.index("[[self_eval.indicators]]")].rstrip()
    body = ",\n".join(rows)
    return f"{head}\nindicators = [\n{body}\n]\n"
