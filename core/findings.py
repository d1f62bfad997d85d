"""What evaluate() returns: findings, computed values, indicator judgements, scores.

Findings are data (architecture.md): an id, a severity, the path of the field, a
Chinese message with the figures, and the figures themselves as strings, so the TUI
can jump to the field, the CLI can print or emit JSON, and tests can assert on them.
"""


from decimal import Decimal
from typing import NamedTuple

from core.form import Band
from core.targets import Target

__all__ = ["Finding", "IndicatorResult", "AssessmentResult", "Evaluation", "SEVERITIES"]

SEVERITIES = ("error", "warning", "info")


class Finding(NamedTuple):
    id: str
    severity: str
    path: str
    message: str
    values: dict[str, str] = {}
    section: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "severity": self.severity,
            "path": self.path,
            "section": self.section,
            "message": self.message,
            "values": dict(self.values),
        }


class IndicatorResult(NamedTuple):
    """One 三级指标 row as judged: met or not, and the score the rules suggest."""

    index: int  # type: ignore[assignment]  # a field named like tuple.index, by design
    level1: str
    level2: str
    name: str
    weight: Decimal | None
    score: Decimal | None
    target: Target
    actual: Target
    met: bool | None
    suggested: Decimal | None
    suggested_range: tuple[Decimal, Decimal] | None = None
    band: Band | None = None
    incomparable: str | None = None
    op: str | None = None  # the comparison the rules applied (`90%` read as ">=" under at_least)


class AssessmentResult(NamedTuple):
    """One 附件5 item: its score, or None while it waits for a reviewer (待评)."""

    id: str
    group: str
    item: str
    max: Decimal
    score: Decimal | None


class Evaluation(NamedTuple):
    """Everything derived from one report; nothing here is ever stored in the file."""

    values: dict[str, Decimal | None]
    findings: list[Finding]
    indicators: list[IndicatorResult]
    level1: dict[str, tuple[Decimal, Decimal | None]]
    total: Decimal | None
    grade: str | None
    assessment: list[AssessmentResult]
    assessment_total: Decimal
    assessment_partial: bool
    grade_withheld: str | None = None  # why there is no grade: "over_full" (总分 > 满分) or "over_weight"

    def count(self, severity: str) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def warnings(self) -> int:
        return self.count("warning")

    @property
    def infos(self) -> int:
        return self.count("info")

    def findings_at(self, path: str) -> list[Finding]:
        """Findings about one field (the TUI shows them under it)."""
        return [finding for finding in self.findings if finding.path == path]

    def findings_in(self, section_id: str) -> list[Finding]:
        return [finding for finding in self.findings if finding.section == section_id]

    def value(self, key: str) -> Decimal | None:
        return self.values.get(key)
