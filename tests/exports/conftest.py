"""Helpers for the export tests: report variants and one LibreOffice run for many files.

LibreOffice costs seconds per start, so every file a test module needs converted is
converted in a single `soffice` call with a private profile. Tests that need it carry
the `libreoffice` marker: tests/conftest.py skips them where soffice is missing (and
fails them under CI=true).
"""

from __future__ import annotations

import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

CENT = Decimal("0.01")
INJECTIONS = ["=1+1", "+1", "-1+1", "@SUM(A1)", '=HYPERLINK("http://x")']


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    assert path is not None, "a test that runs soffice must carry the libreoffice marker"
    return path


def convert(files: list[Path], outdir: Path, target: str, profile: Path) -> list[Path]:
    """Convert every file in one soffice run; returns the converted paths in order."""
    outdir.mkdir(parents=True, exist_ok=True)
    command = [soffice(), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
               "--convert-to", target, "--outdir", str(outdir), *map(str, files)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    suffix = "." + target.split(":")[0]
    outs = [outdir / (f.stem + suffix) for f in files]
    missing = [str(p) for p in outs if not p.exists()]
    assert not missing, f"soffice did not write {missing}: {done.stdout} {done.stderr}"
    return outs


def variants(reference: Any) -> dict[str, Any]:
    """The reference and reports that exercise other branches of every formula."""
    out: dict[str, Any] = {"reference": reference.copy()}
    under = reference.copy()
    under.set("budget.executed", Decimal("150.37"))
    under.set("budget.executed_basic", Decimal("140.1"))
    under.set("budget.executed_project", Decimal("10.27"))
    out["under_executed"] = under
    deducted = reference.copy()
    rows = deducted.get("self_eval.indicators")
    rows[0]["score"] = Decimal("3.5")
    rows[0]["deviation"] = "完成率未达标"
    rows[6]["score"] = Decimal("7.25")
    rows[6]["deviation"] = "部分任务延期"
    deducted.set("basic_data.costs.reception.final", Decimal("12.5"))
    deducted.set("disclosure.text", None)  # 九 absent: 完整性 · 正文 loses 2
    out["deducted"] = deducted
    good = reference.copy()
    rows = good.get("self_eval.indicators")
    for i, score in ((0, "2"), (1, "3"), (8, "8"), (9, "9.5")):
        rows[i]["score"] = Decimal(score)
        rows[i]["deviation"] = "未完全达成"
    good.set("basic_data.buildings", [{"name": "办公楼维修", "approved_area": Decimal("1200"),
                                       "actual_area": Decimal("1150.5"), "budget_investment": Decimal("300"),
                                       "actual_investment": Decimal("287.66")}])
    good.set("basic_data.costs.project_specials", [{"name": "专项甲", "prev": 1, "budget": Decimal("2.5"),
                                                   "final": Decimal("2.25")}])
    good.set("basic_data.costs.project_business", None)
    good.set("basic_data.costs.project", {"prev": 5, "budget": Decimal("23.12"), "final": Decimal("22.87")})
    for key, value in (("notice_issued", True), ("notice_missing_items", 2), ("working_group", False),
                       ("units_without_selfcheck", 1), ("indicator_quality", Decimal("8.5")),
                       ("problems_score", 17), ("suggestions_score", Decimal("12"))):
        good.set(f"assessment.{key}", value)
    good.set("assessment.due", __import__("datetime").date(2025, 4, 30))
    good.set("assessment.submitted", __import__("datetime").date(2025, 5, 7))
    good.set("unit.filled_by", "张三")
    good.set("unit.filled_on", __import__("datetime").date(2025, 4, 28))
    out["good_grade"] = good
    return out


def injected(reference: Any, payload: str) -> Any:
    report = reference.copy()
    report.get("self_eval.indicators")[8]["deviation"] = payload
    report.set("basic_data.frugality", payload)
    report.set("remarks.text", payload)
    return report


def matches(value: Any, expected: Any) -> bool:
    """A recalculated cell against core: numbers to the cent, blank for absent, text equal.

    The one rule both recalculations (LibreOffice, the `formulas` engine) are held to.
    """
    if isinstance(expected, Decimal):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        return (Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)  # float-ok: a spreadsheet's result
                == expected.quantize(CENT, rounding=ROUND_HALF_UP))
    if expected is None:
        return value in (None, "")
    return value == expected
