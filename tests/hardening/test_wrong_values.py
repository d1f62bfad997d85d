"""Files that read but are wrong are findings (exit 1), never refusals; size is no reason to fail.

rules.md: negative and huge amounts and scores far above weights are the report's
errors, for the clerk to fix, so `check` lists them and exits 1. A valid report with
10,000 indicator rows is checked like any other (no timing asserted: machines differ).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from core.storage import save
from tests.conftest import run_jixiao

WRONG = [
    ("budget.total", Decimal("-194.72"), {"money.range", "budget.split"}),
    ("basic_data.costs.reception.final", Decimal("-7.96"), {"money.range"}),
    ("budget.personnel", Decimal("99999999999"), {"money.range", "budget.basic_split"}),
    ("budget.executed", Decimal("1E+12"), {"money.range", "budget.executed_split"}),
    ("basic_data.staffing.actual", -3, {"money.range"}),
    ("self_eval.indicators[0].score", Decimal("500"), {"indicator.score_range"}),
    ("self_eval.indicators[12].score", Decimal("-10"), {"indicator.score_range"}),
]


def _check_json(path: Path) -> tuple[int, dict[str, Any]]:
    result = run_jixiao("check", str(path), "--json")
    assert "Traceback" not in result.stderr
    return result.returncode, json.loads(result.stdout)


@pytest.mark.parametrize(("path", "value", "ids"), WRONG, ids=[w[0] for w in WRONG])
def test_wrong_values_are_findings(tmp_path: Path, reference: Any, path: str, value: Any, ids: set[str]) -> None:
    if "[" in path:
        table, rest = path.split("[", 1)
        index, key = rest.split("].")
        reference.get(table)[int(index)][key] = value
    else:
        reference.set(path, value)
    target = tmp_path / "wrong.toml"
    save(reference, target)
    code, out = _check_json(target)
    assert code == 1
    errors = {f["id"] for f in out["findings"] if f["severity"] == "error"}
    assert ids <= errors, out["findings"]
    assert all(f["message"] for f in out["findings"])


def test_ten_thousand_indicator_rows(tmp_path: Path, reference: Any) -> None:
    rows = []
    for level1, level2, count, weight in (("产出指标", "数量指标", 5000, Decimal("0.01")),
                                          ("效益指标", "社会效益指标", 3000, Decimal("0.01")),
                                          ("满意度指标", "服务对象满意度指标", 2000, Decimal("0.005"))):
        for index in range(count):
            rows.append({"level1": level1, "level2": level2, "name": f"{level2}{index}", "target": "≥80个",
                         "actual": "84个", "weight": weight, "score": weight, "deviation": "无偏差"})
    reference.data["self_eval"]["indicators"] = rows
    target = tmp_path / "big.toml"
    save(reference, target)
    assert target.stat().st_size < 10 * 1024 * 1024
    code, out = _check_json(target)
    assert code == 0
    assert (out["errors"], out["warnings"]) == (0, 4)  # the reference's own warnings
    score = run_jixiao("score", str(target), "--json")
    assert score.returncode == 0
    payload = json.loads(score.stdout)
    assert len(payload["indicators"]) == 10_000
    assert (payload["total"], payload["grade"]) == ("100", "优")
