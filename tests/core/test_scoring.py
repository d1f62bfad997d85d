"""Scores as a reviewer checks them: 总分 exact, 等级 from the displayed 总分, 附件5 items."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.evaluate import evaluate
from core.numbers import fmt_score

D = Decimal


def test_grade_follows_the_displayed_total(reference):
    # 19.95% executed → 执行率得分 1.995; with the indicators' 88 the exact 总分 is 89.995
    reference.set("budget.executed", D("38.84664"))
    evaluation = evaluate(reference)
    assert evaluation.total == D("89.995")
    assert fmt_score(evaluation.total) == "90"
    assert evaluation.grade == "优"
    reference.set("budget.executed", D("38.84"))
    evaluation = evaluate(reference)
    assert fmt_score(evaluation.total) == "89.99"
    assert evaluation.grade == "良"


def test_under_executed_budget_scores_in_proportion(reference):
    reference.set("budget.executed", D("150"))
    evaluation = evaluate(reference)
    assert fmt_score(evaluation.values["execution_rate"]) == "77.03"
    assert fmt_score(evaluation.values["execution_score"]) == "7.7"
    assert fmt_score(evaluation.total) == "95.7"


def test_over_execution_is_capped_at_the_weight(reference):
    reference.set("budget.executed", D("210"))
    assert evaluate(reference).values["execution_score"] == D("10")


def test_grade_bands(reference):
    rows = reference.data["self_eval"]["indicators"]
    for row, score in zip(rows, [5, 5, 5, 5, 5, 5, 10, 10, 13, 15, 0, 0, 10], strict=True):
        row["score"] = score
    rows[9]["score"] = D("5.5")
    rows[12]["score"] = 0
    evaluation = evaluate(reference)
    assert fmt_score(evaluation.total) == "78.5"
    assert evaluation.grade == "中"
    assert evaluation.level1["效益指标"] == (D("30"), D("18.5"))


def test_assessment_items_and_total(reference):
    for key, value in {
        "notice_issued": True, "notice_missing_items": 2, "working_group": False, "units_without_selfcheck": 12,
        "due": dt.date(2025, 4, 28), "submitted": dt.date(2025, 4, 30), "indicator_quality": D("9"),
        "problems_score": D("17"), "suggestions_score": D("13"),
    }.items():
        reference.set(f"assessment.{key}", value)
    evaluation = evaluate(reference)
    scores = {item.id: item.score for item in evaluation.assessment}
    assert scores == {
        "notice_issued": D(2), "notice_content": D(4), "working_group": D(0), "self_check": D(0),
        "submission": D(8), "completeness_text": D(8), "completeness_attachments": D(7), "weights": D(5),
        "levels": D(5), "indicator_quality": D(9), "problems": D(17), "suggestions": D(13),
    }
    assert evaluation.assessment_total == D(78)
    assert evaluation.assessment_partial is False


def test_assessment_completeness_counts_absent_parts(reference):
    for key in ("disclosure", "remarks", "basic_data"):
        reference.delete(key)
    scores = {item.id: item.score for item in evaluate(reference).assessment}
    assert scores["completeness_text"] == D(4)
    assert scores["completeness_attachments"] == D(5)


def test_assessment_clamps_to_its_maximum(reference):
    reference.set("assessment.indicator_quality", D("12"))
    reference.set("assessment.notice_missing_items", 9)
    scores = {item.id: item.score for item in evaluate(reference).assessment}
    assert scores["indicator_quality"] == D(10)
    assert scores["notice_content"] == D(0)
