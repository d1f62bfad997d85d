"""One reproducer per check of rules.md: break the reference in exactly that way and
assert the finding's id, severity, path and figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.evaluate import evaluate
from tests.conftest import findings_by_id, mutate

D = Decimal


def only(evaluation, finding_id):
    found = findings_by_id(evaluation, finding_id)
    assert len(found) == 1, [f.message for f in evaluation.findings]
    return found[0]


def test_field_missing_error_where_score_depends(reference):
    reference.delete("budget.total")
    finding = [f for f in findings_by_id(evaluate(reference), "field.missing") if f.path == "budget.total"][0]
    assert finding.severity == "error"
    assert "全年预算数" in finding.message and "未填" in finding.message


def test_field_missing_warning_elsewhere(reference):
    reference.delete("budget.initial")
    finding = only(evaluate(reference), "field.missing")
    assert (finding.severity, finding.path) == ("warning", "budget.initial")
    assert finding.message == "附件2 · 年初预算数未填"


def test_field_missing_indicator_score(reference):
    del reference.data["self_eval"]["indicators"][2]["score"]
    finding = only(evaluate(reference), "field.missing")
    assert (finding.severity, finding.path) == ("error", "self_eval.indicators[2].score")
    assert finding.message == "附件2 · 产出指标 · 开展招商洽谈活动 · 得分未填"


def test_budget_split_error(reference):
    finding = only(evaluate(mutate(reference, "budget.basic", D("175.1"))), "budget.split")
    assert (finding.severity, finding.path) == ("error", "budget.basic")
    assert finding.values["total"] == "194.72" and finding.values["sum"] == "195.72"
    assert finding.values["diff"] == "1.00"
    assert "差 1.00" in finding.message


def test_budget_split_rounding_tail_is_warning(reference):
    finding = only(evaluate(mutate(reference, "budget.project", D("20.63"))), "budget.split")
    assert finding.severity == "warning"
    assert finding.values["diff"] == "0.01"
    assert "尾差" in finding.message


def test_budget_executed_split(reference):
    finding = only(evaluate(mutate(reference, "budget.executed_basic", D("170"))), "budget.executed_split")
    assert (finding.severity, finding.values["diff"]) == ("error", "4.10")
    assert finding.path == "budget.executed_basic"


def test_budget_basic_split(reference):
    finding = only(evaluate(mutate(reference, "budget.personnel", D("90"))), "budget.basic_split")
    assert (finding.severity, finding.path) == ("error", "budget.personnel")
    assert (finding.values["total"], finding.values["sum"], finding.values["diff"]) == ("174.10", "171.02", "3.08")


def test_budget_sources(reference):
    finding = only(evaluate(mutate(reference, "budget.sources.general_public", D("190"))), "budget.sources")
    assert (finding.severity, finding.path) == ("error", "budget.sources")
    assert (finding.values["sum"], finding.values["diff"]) == ("190.16", "4.56")


def test_budget_sources_only_given_ones_count(reference):
    reference.delete("budget.sources.government_fund")
    assert not findings_by_id(evaluate(reference), "budget.sources")


def test_budget_rate_over(reference):
    report = mutate(reference, "budget.executed", D("200"))
    finding = only(evaluate(report), "budget.rate_over")
    assert (finding.severity, finding.path) == ("warning", "budget.executed")
    assert finding.values["rate"] == "102.71"
    assert "102.71%" in finding.message and "多 5.28" in finding.message


def test_ratio_undefined_budget_total_is_error(reference):
    evaluation = evaluate(mutate(reference, "budget.total", D("0")))
    finding = only(evaluation, "ratio.undefined")
    assert (finding.severity, finding.path) == ("error", "budget.total")
    assert "预算执行率" in finding.message and "为 0" in finding.message
    assert evaluation.values["execution_rate"] is None and evaluation.total is None


def test_ratio_undefined_quota_is_warning(reference):
    evaluation = evaluate(mutate(reference, "basic_data.staffing.quota", 0))
    finding = only(evaluation, "ratio.undefined")
    assert (finding.severity, finding.path) == ("warning", "basic_data.staffing.quota")
    assert evaluation.values["staffing_rate"] is None


def test_ratio_undefined_building_area(reference):
    reference.set("basic_data.buildings", [{"name": "办公楼", "approved_area": 0, "actual_area": D("100")}])
    finding = only(evaluate(reference), "ratio.undefined")
    assert (finding.severity, finding.path) == ("warning", "basic_data.buildings[0].approved_area")


def test_money_range_negative(reference):
    finding = only(evaluate(mutate(reference, "basic_data.costs.reception.final", D("-1"))), "money.range")
    assert (finding.severity, finding.path) == ("error", "basic_data.costs.reception.final")
    assert finding.values["value"] == "-1"
    assert "附件1 · 3、公务接待 · 本年决算数" in finding.message


def test_money_range_huge(reference):
    finding = only(evaluate(mutate(reference, "budget.initial", D("100000000"))), "money.range")
    assert (finding.severity, finding.path) == ("error", "budget.initial")


def test_money_range_negative_count(reference):
    finding = only(evaluate(mutate(reference, "basic_data.staffing.actual", -2)), "money.range")
    assert finding.path == "basic_data.staffing.actual" and finding.values["value"] == "-2"


def test_costs_parent_parts(reference):
    finding = only(evaluate(mutate(reference, "basic_data.costs.three_public.final", D("8.5"))),
                   "costs.parent_parts")
    assert (finding.severity, finding.path) == ("error", "basic_data.costs.three_public.final")
    assert (finding.values["stored"], finding.values["sum"], finding.values["diff"]) == ("8.50", "7.96", "0.54")


def test_costs_parent_alone_is_used(reference):
    for key in ("project_business", "project_operation", "project_others"):
        reference.delete(f"basic_data.costs.{key}")
    reference.set("basic_data.costs.project", {"prev": D("0"), "budget": D("20.62"), "final": D("20.62")})
    evaluation = evaluate(reference)
    assert not findings_by_id(evaluation, "costs.parent_parts")
    assert evaluation.values["costs.project.final"] == D("20.62")


def test_costs_subset(reference):
    finding = only(evaluate(mutate(reference, "basic_data.costs.office.final", D("70"))), "costs.subset")
    assert (finding.severity, finding.path) == ("error", "basic_data.costs.public.final")
    assert (finding.values["left"], finding.values["right"], finding.values["diff"]) == ("88.94", "80.87", "8.07")
    assert "本年决算数" in finding.message


def test_costs_three_public_over(reference):
    finding = only(evaluate(mutate(reference, "basic_data.costs.reception.final", D("12"))),
                   "costs.three_public_over")
    assert finding.severity == "warning"
    assert (finding.values["left"], finding.values["right"], finding.values["diff"]) == ("12.00", "10.00", "2.00")


def _row(reference, index, **changes):
    for key, value in changes.items():
        reference.data["self_eval"]["indicators"][index][key] = value
    return evaluate(reference)


def test_indicator_score_range(reference):
    finding = only(_row(reference, 0, score=6), "indicator.score_range")
    assert (finding.severity, finding.path) == ("error", "self_eval.indicators[0].score")
    assert finding.message.startswith("附件2 · 产出指标 · 新签约项目 · 得分 6")
    assert finding.values["diff"] == "1"


def test_indicator_level1_weights(reference):
    evaluation = _row(reference, 0, weight=6)
    found = findings_by_id(evaluation, "indicator.level1_weights")
    assert {f.severity for f in found} == {"error"}
    by_path = {f.path: f for f in found}
    assert by_path["self_eval.indicators[0].weight"].values["sum"] == "51"
    assert by_path["self_eval.indicators"].values["total"] == "101"


def test_indicator_level1_weights_satisfaction_moved(reference):
    # no 满意度 row: the form lets its 10 sit in 产出/效益, which then hold 90 between them
    rows = reference.data["self_eval"]["indicators"]
    reference.data["self_eval"]["indicators"] = rows[:12]
    rows[8]["weight"], rows[8]["score"] = 25, 23
    assert not findings_by_id(evaluate(reference), "indicator.level1_weights")
    rows[8]["weight"] = 24  # 89: weights that do not add up are an error, moved or not
    found = findings_by_id(evaluate(reference), "indicator.level1_weights")
    assert [(f.severity, f.values["level1"], f.values["sum"]) for f in found if "expected" in f.values
            and f.values["expected"] == "90"] == [("error", "产出指标、效益指标", "89")]


def test_indicator_levels(reference):
    finding = only(_row(reference, 3, level2="服务指标"), "indicator.levels")
    assert (finding.severity, finding.path) == ("error", "self_eval.indicators[3].level2")
    assert "服务指标" in finding.message and "质量指标" in finding.message


def test_indicator_deviation(reference):
    evaluation = _row(reference, 0, actual="70个", score=D("4.38"))
    finding = only(evaluation, "indicator.deviation")
    assert (finding.severity, finding.path) == ("error", "self_eval.indicators[0].deviation")
    assert finding.values["diff"] == "0.62"


def test_indicator_unexplained(reference):
    evaluation = _row(reference, 0, score=4, deviation="无")
    finding = only(evaluation, "indicator.unexplained")
    assert (finding.severity, finding.path) == ("warning", "self_eval.indicators[0].score")
    assert finding.values["actual"] == "84个" and finding.values["target"] == "≥80个"


def test_indicator_met_full(reference):
    evaluation = _row(reference, 0, actual="70个")
    finding = only(evaluation, "indicator.met_full")
    assert (finding.severity, finding.path) == ("warning", "self_eval.indicators[0].score")
    assert finding.values["suggested"] == "4.38"


def test_indicator_overshoot(reference):
    finding = only(evaluate(reference), "indicator.overshoot")
    assert (finding.severity, finding.path) == ("info", "self_eval.indicators[1].actual")
    assert finding.values["ratio"] == "2.38"


def test_indicator_qualitative_band(reference):
    evaluation = _row(reference, 8, actual="部分达成年度指标并具有一定效果")
    finding = only(evaluation, "indicator.qualitative_band")
    assert (finding.severity, finding.path) == ("warning", "self_eval.indicators[8].score")
    assert (finding.values["low"], finding.values["high"], finding.values["score"]) == ("9", "12", "13")


def test_indicator_incomparable_units(reference):
    finding = only(_row(reference, 0, actual="84家"), "indicator.incomparable")
    assert (finding.severity, finding.path) == ("info", "self_eval.indicators[0].actual")
    assert "个" in finding.message and "家" in finding.message


def test_staffing_over(reference):
    finding = only(evaluate(mutate(reference, "basic_data.staffing.actual", 9)), "staffing.over")
    assert (finding.severity, finding.path) == ("warning", "basic_data.staffing.actual")
    assert (finding.values["left"], finding.values["right"], finding.values["rate"]) == ("9", "8", "112.50")
    assert "控制率 112.50%" in finding.message


def test_cross_public(reference):
    finding = only(evaluate(reference), "cross.public")
    assert (finding.severity, finding.path) == ("warning", "budget.public")
    assert finding.values == {"left": "81.02", "right": "80.87", "diff": "0.15"}


def test_cross_project(reference):
    reference.set("basic_data.costs.project_business.final", D("20"))
    finding = only(evaluate(reference), "cross.project")
    assert (finding.severity, finding.path) == ("warning", "budget.executed_project")
    assert finding.values == {"left": "20.62", "right": "20.00", "diff": "0.62"}


def test_cross_basic(reference):
    finding = only(evaluate(mutate(reference, "basic_data.costs.basic_adjustment.budget", D("170"))),
                   "cross.basic")
    assert (finding.severity, finding.path, finding.values["diff"]) == ("warning", "budget.basic", "4.10")


def test_text_missing(reference):
    reference.delete("disclosure")
    finding = only(evaluate(reference), "text.missing")
    assert (finding.severity, finding.path) == ("error", "disclosure.text")
    assert "九、部门整体支出绩效自评结果拟应用和公开情况" in finding.message


def test_text_signature(reference):
    found = findings_by_id(evaluate(reference), "text.signature")
    assert [(f.severity, f.path) for f in found] == [
        ("warning", "unit.filled_by"), ("warning", "unit.phone"), ("warning", "unit.head")]
    reference.set("unit.filled_by", "张三")
    assert len(findings_by_id(evaluate(reference), "text.signature")) == 2


def test_other_budgets_unexplained(reference):
    finding = only(evaluate(mutate(reference, "other_budgets.government_fund", D("5"))),
                   "other_budgets.unexplained")
    assert (finding.severity, finding.path) == ("warning", "other_budgets.government_fund_note")
    assert finding.values["value"] == "5.00"


def test_assessment_band(reference):
    reference.set("assessment.problems_score", D("19"))
    finding = only(evaluate(reference), "assessment.band")
    assert (finding.severity, finding.path) == ("warning", "assessment.problems_score")
    assert "16–18" in finding.message


def test_assessment_calendar_gap(reference):
    reference.set("assessment.due", dt.date(2040, 3, 1))
    reference.set("assessment.submitted", dt.date(2040, 3, 5))
    evaluation = evaluate(reference)
    finding = only(evaluation, "assessment.calendar")
    assert finding.path == "assessment.submitted" and "2040" in finding.message
    assert next(i for i in evaluation.assessment if i.id == "submission").score is None


@pytest.mark.parametrize(
    ("due", "submitted", "score"),
    [
        (dt.date(2025, 4, 28), dt.date(2025, 4, 28), "10"),
        # 2025-04-29 and 04-30 are working days; 05-01…05-05 劳动节 holidays
        (dt.date(2025, 4, 28), dt.date(2025, 5, 6), "7"),
        # 2025-04-27 (a Sunday) is a 调休 working day
        (dt.date(2025, 4, 25), dt.date(2025, 4, 27), "9"),
        (dt.date(2025, 1, 2), dt.date(2025, 3, 31), "0"),
    ],
)
def test_submission_working_days(reference, due, submitted, score):
    reference.set("assessment.due", due)
    reference.set("assessment.submitted", submitted)
    item = next(i for i in evaluate(reference).assessment if i.id == "submission")
    assert str(item.score) == score


def test_assessment_pending_lists_what_waits_for_a_reviewer(reference):
    finding = only(evaluate(reference), "assessment.pending")
    assert (finding.severity, finding.path) == ("info", "")
    assert "指标内涵" in finding.message and "完整性" not in finding.message
    for key, value in {"notice_issued": True, "notice_missing_items": 0, "working_group": True,
                       "units_without_selfcheck": 0, "due": dt.date(2025, 4, 28),
                       "submitted": dt.date(2025, 4, 28), "indicator_quality": D("10"),
                       "problems_score": D("20"), "suggestions_score": D("15")}.items():
        reference.set(f"assessment.{key}", value)
    assert not findings_by_id(evaluate(reference), "assessment.pending")


def test_sum_messages_show_the_arithmetic(reference):
    """Every part with its figure, the sum, the total and the difference (issue 8)."""
    split = only(evaluate(mutate(reference, "budget.basic", D("175.1"))), "budget.split")
    assert split.message == "基本支出 175.10 + 项目支出 20.62 = 195.72，与全年预算数 194.72 差 1.00"
    assert split.values["budget.basic"] == "175.10" and "parts" not in split.values
    basic = only(evaluate(mutate(reference, "budget.personnel", D("90"))), "budget.basic_split")
    assert basic.message.startswith("人员经费 90.00 + 公用经费 81.02 = 171.02，与")
    sources = only(evaluate(mutate(reference, "budget.sources.general_public", D("190"))), "budget.sources")
    assert "一般公共预算 190.00 + 政府性基金拨款 0.00 + 其他资金 0.16 = 190.16" in sources.message
    parent = only(evaluate(mutate(reference, "basic_data.costs.vehicle.prev", D("1"))), "costs.parent_parts")
    assert parent.message == "附件1 · 1、公务用车购置和维护经费 · 上年决算数：公车购置 0.00 + 公车运行维护 0.00 = 0.00，与填写的 1.00 差 1.00"


def test_bounds_of_the_form_are_findings(reference):
    year = only(evaluate(mutate(reference, "unit.year", -5)), "field.bounds")
    assert (year.severity, year.path) == ("error", "unit.year")
    assert year.message == "封面 · 年度 -5 超出范围（应在 2000 至 2100 之间）"
    assert year.values == {"value": "-5", "min": "2000", "max": "2100"}
    huge = only(evaluate(mutate(reference, "unit.year", 10**30)), "field.bounds")
    assert huge.values["value"] == "1000000000000000000000000000000"
    score = only(evaluate(mutate(reference, "assessment.problems_score", D("25"))), "field.bounds")
    assert score.message.endswith("25 应不大于 20")
    reference.data["self_eval"]["indicators"][0]["weight"] = D("150")
    weight = [f for f in evaluate(reference).findings if f.id == "field.bounds"]
    assert [f.path for f in weight] == ["self_eval.indicators[0].weight"]


def test_an_absurd_count_is_a_finding(reference):
    finding = only(evaluate(mutate(reference, "basic_data.staffing.quota", 10**400)), "money.range")
    assert finding.message == "附件1 · 编制数 1E+400 超出合理范围（应小于 100000000）"
