"""The reference report: what check and score must say (report-schema.md, "Known findings")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.evaluate import evaluate
from tests.conftest import REFERENCE, ROOT

# The published transcription lives beside a developer's clone, never inside it: a
# user's clone has only the package's copy, and this test is skipped there.
PUBLISHED = ROOT.parent / "shared" / "reference" / "junshan-ccpit-2024.toml"


@pytest.mark.skipif(not PUBLISHED.is_file(), reason="published transcription not beside the clone")
def test_built_in_sample_is_the_published_report() -> None:
    assert REFERENCE.read_bytes() == Path(PUBLISHED).read_bytes()


def test_check_reference_exit_and_findings(jixiao, reference_path):
    result = jixiao("check", str(reference_path), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["errors"] == 0
    warnings = [f for f in payload["findings"] if f["severity"] == "warning"]
    assert sorted((f["id"], f["path"]) for f in warnings) == [
        ("cross.public", "budget.public"),
        ("text.signature", "unit.filled_by"),
        ("text.signature", "unit.head"),
        ("text.signature", "unit.phone"),
    ]
    public = next(f for f in warnings if f["id"] == "cross.public")
    assert public["values"] == {"left": "81.02", "right": "80.87", "diff": "0.15"}
    assert "81.02" in public["message"] and "80.87" in public["message"] and "差 0.15" in public["message"]
    infos = [f for f in payload["findings"] if f["severity"] == "info"]
    overshoot = [f for f in infos if f["id"] == "indicator.overshoot"]
    assert [f["path"] for f in overshoot] == ["self_eval.indicators[1].actual"]
    assert "投资过亿项目" in overshoot[0]["message"]
    assert {f["id"] for f in infos} <= {"indicator.overshoot", "assessment.pending"}


def test_score_reference_json(jixiao, reference_path):
    result = jixiao("score", str(reference_path), "--json")
    assert result.returncode == 0, result.stderr
    score = json.loads(result.stdout)
    assert score["execution_rate"] == "100.00"
    assert score["execution_score"] == "10"
    assert score["level1"]["产出指标"] == {"weight": "50", "score": "50"}
    assert score["level1"]["效益指标"] == {"weight": "30", "score": "28"}
    assert score["level1"]["满意度指标"] == {"weight": "10", "score": "10"}
    assert score["total"] == "98"
    assert score["grade"] == "优"
    assert score["staffing_rate"] == "87.50"
    assert len(score["indicators"]) == 13
    first = score["indicators"][0]
    assert first == {"level1": "产出指标", "level2": "数量指标", "name": "新签约项目", "weight": "5",
                     "score": "5", "suggested": "5", "suggested_range": None, "met": True}
    qualitative = score["indicators"][8]
    assert qualitative["name"] == "招商引资" and qualitative["met"] is None and qualitative["suggested"] is None
    items = {item["item"]: item for item in score["assessment"]}
    assert items["完整性 · 正文"]["score"] == "8"
    assert items["自评通知 印发"]["score"] is None
    assert score["assessment_partial"] is True


def test_reference_cost_rows(reference):
    evaluation = evaluate(reference)
    values = evaluation.values
    assert [values[f"costs.three_public.{c}"] for c in ("prev", "budget", "final")] == [
        __import__("decimal").Decimal(x) for x in ("11.64", "10", "7.96")
    ]
    assert [str(values[f"costs.project.{c}"]) for c in ("prev", "budget", "final")] == ["0", "20.62", "20.62"]
    assert str(values["three_public_change"].quantize(__import__("decimal").Decimal("0.01"))) == "-31.62"
