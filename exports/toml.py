"""The canonical data file: the inputs as loaded, plus a generated `[results]` table.

Loading drops `[results]`, so it can never go stale; it is there for a person or a
script reading the TOML who wants 总分 and 等级 without running jixiao.
"""

from __future__ import annotations

from pathlib import Path

from core.findings import Evaluation
from core.form import FormSpec
from core.report import Report
from core.storage import save
from core.summary import results_table

__all__ = ["write"]


def write(report: Report, evaluation: Evaluation, spec: FormSpec, out: Path, *, final: bool = False) -> Path:
    """Write `out` atomically (the previous file, if any, is kept as `.bak`); a data file has
    no draft mark, so `final` changes nothing."""
    return save(report, out, results=results_table(report, evaluation))
