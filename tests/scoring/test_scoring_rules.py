"""The scoring rules as the documents state them, one table row per rule and per band edge.

Each rule is a setting of the form (`[scoring]`, `[[profile.qualitative_bands]]`); the
defaults are the national rules (财预〔2020〕10号 第十二条, 第二十五条). Every row runs the
project form's built-in sample with one indicator row replaced (or one setting changed)
through evaluate(), so the rule is checked where a clerk meets it: the suggestion, the
judgement, the findings, the grade.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from core.evaluate import evaluate
from core.form import parse_form
from core.form.load import read_form_file
from core.numbers import fmt_score
from core.report import Report
from core.scoring import grade_for
from tests.conftest import ROOT

D = Decimal
FORM = ROOT / "forms" / "project-expenditure.toml"
SAMPLE = ROOT / "forms" / "sample-project-2024.toml"
RAW = read_form_file(FORM)
ROW = 1  # 产出指标 · 数量指标 · 更换老旧供水管网, weight 10, in the sample
INDICATOR_IDS = ("indicator.proportional", "indicator.deviation", "indicator.qualitative_band",
                 "indicator.score_range", "indicator.incomparable", "indicator.overshoot")


def _spec(scoring: dict[str, Any] | None = None, bands: dict[str, Any] | None = None) -> Any:
    raw = copy.deepcopy(RAW)
    raw["scoring"].update(scoring or {})
    for band in raw["profile"]["qualitative_bands"]:
        band.update((bands or {}).get(band["words"], {}))
    return parse_form(raw)


def _sample(spec: Any) -> Report:
    from core.storage import load

    return Report(copy.deepcopy(load(SAMPLE).data), spec)


def _run(scoring: dict[str, Any] | None = None, bands: dict[str, Any] | None = None, **row: Any) -> Any:
    report = _sample(_spec(scoring, bands))
    report.data["indicators"][ROW].update(row)
    return report, evaluate(report, report.spec)


def _row_findings(ev: Any, index: int = ROW) -> set[str]:
    return {f.id for f in ev.findings if f.path.startswith(f"indicators[{index}].") and f.id in INDICATOR_IDS}


EXPLAINED = "征地协调未完成"

# rule, settings, target, actual, weight, score, met, suggested, findings on the row
QUANTITATIVE = [
    # a target with no direction sign is met when reached or exceeded (equal_target = at_least)
    ("no sign, reached", {}, "90%", "90%", 10, 10, True, "10", set()),
    ("no sign, exceeded: full marks, no warning", {}, "90%", "100%", 10, 10, True, "10", set()),
    ("＝ written, exceeded", {}, "＝100%", "105%", 10, 10, True, "10", set()),
    ("= written, exceeded", {}, "=100%", "101%", 10, 10, True, "10", set()),
    ("no sign, missed: in proportion", {}, "100%", "95%", 10, D("9.5"), False, "9.5", set()),
    ("exact: exceeded is missed", {"equal_target": "exact"}, "90%", "100%", 10, 9, False, "9", set()),
    ("exact: reached", {"equal_target": "exact"}, "90%", "90%", 10, 10, True, "10", set()),
    # 正向
    ("≥ reached at the edge", {}, "≥12公里", "12公里", 10, 10, True, "10", set()),
    ("≥ missed", {}, "≥12公里", "11.4公里", 10, D("9.5"), False, "9.5", set()),
    # 反向, ratio (the default): weight × target / actual
    ("≤ met at the edge", {}, "≤2.2万元", "2.2万元", 10, 10, True, "10", set()),
    ("≤ missed, ratio", {}, "≤100万元", "125万元", 10, 8, False, "8", set()),
    # 反向, linear: full at the target, 0 at reverse_zero_at × target
    ("≤ missed, linear", {"reverse": "linear"}, "≤100万元", "125万元", 10, D("7.5"), False, "7.5", set()),
    ("≤ linear at twice the target", {"reverse": "linear"}, "≤100万元", "200万元", 10, 0, False, "0", set()),
    ("≤ linear beyond twice", {"reverse": "linear"}, "≤100万元", "250万元", 10, 0, False, "0", set()),
    ("≤ linear, zero at 3×", {"reverse": "linear", "reverse_zero_at": 3}, "≤100万元", "150万元", 10,
     D("7.5"), False, "7.5", set()),
    # entered vs proportional score: a warning naming both beyond the tolerance (0.1 by default)
    ("within the tolerance, at its edge", {}, "≥12公里", "11.4公里", 10, D("9.6"), False, "9.5", set()),
    ("beyond the tolerance, above", {}, "≥12公里", "11.4公里", 10, D("9.61"), False, "9.5",
     {"indicator.proportional"}),
    ("beyond the tolerance, below", {}, "≥12公里", "11.4公里", 10, 9, False, "9.5", {"indicator.proportional"}),
    ("a wider tolerance", {"tolerance": D("0.5")}, "≥12公里", "11.4公里", 10, D("9.9"), False, "9.5", set()),
    ("full marks for a missed target", {}, "≥12公里", "11.4公里", 10, 10, False, "9.5", {"indicator.proportional"}),
    ("deducted although met", {}, "≥45处", "48处", 10, 9, True, "10", {"indicator.proportional"}),
    # a deadline: met → full, missed → no proportional figure, so no tolerance warning
    ("deadline met", {}, "2024年11月30日前", "2024年11月26日", 10, 10, True, "10", set()),
    ("deadline missed", {}, "2024年11月30日前", "2024年12月5日", 10, 6, False, None, set()),
    # qualitative rows are never held to a proportional figure
    ("定性, no band named", {}, "定性", "有效推进", 10, 7, None, None, set()),
]


@pytest.mark.parametrize(("rule", "settings", "target", "actual", "weight", "score", "met", "suggested", "found"),
                         QUANTITATIVE, ids=[row[0] for row in QUANTITATIVE])
def test_quantitative_rule(rule: str, settings: dict[str, Any], target: str, actual: str, weight: int,
                           score: Any, met: bool | None, suggested: str | None, found: set[str]) -> None:
    _, ev = _run(settings, target=target, actual=actual, weight=weight, score=score, deviation=EXPLAINED)
    result = ev.indicators[ROW]
    assert result.met is met
    assert (fmt_score(result.suggested) if result.suggested is not None else None) == suggested
    assert _row_findings(ev) == found
    for finding in ev.findings:
        if finding.id == "indicator.proportional":  # names both figures
            assert finding.values["score"] == fmt_score(D(str(score))) and finding.values["suggested"] == suggested


# 定性 bands on a weight of 15 (the issue's `得分应在 9 至 12 之间，实际 12`): band, score, met, range, warned
BANDS = [
    ("达成年度指标", 15, True, ("12", "15"), False),
    ("达成年度指标", 12, True, ("12", "15"), False),
    ("达成年度指标", D("11.99"), True, ("12", "15"), True),
    ("部分达成年度指标并具有一定效果", 12, False, ("9", "12"), False),
    ("部分达成年度指标并具有一定效果", D("12.01"), False, ("9", "12"), True),
    ("部分达成年度指标并具有一定效果", 9, False, ("9", "12"), False),
    ("部分达成年度指标并具有一定效果", D("8.99"), False, ("9", "12"), True),
    ("未达成年度指标且效果较差", 9, False, ("0", "9"), False),
    ("未达成年度指标且效果较差", D("9.01"), False, ("0", "9"), True),
    ("未达成年度指标且效果较差", 0, False, ("0", "9"), False),
    ("达成预期指标", 12, True, ("12", "15"), False),
    ("部分达成预期指标并具有一定效果", 12, False, ("9", "12"), False),
    ("部分达成预期指标并具有一定效果", D("12.5"), False, ("9", "12"), True),
    ("未达成预期指标且效果较差", 9, False, ("0", "9"), False),
]


def _banded(score: Any, words: str, bands: dict[str, Any] | None = None) -> Any:
    report = _sample(_spec(bands=bands))
    rows = report.data["indicators"]
    rows[7]["weight"], rows[7]["score"] = 5, 5  # 效益 still 30: 5 + 10 + 15
    rows[8].update(weight=15, score=score, actual=words)
    return evaluate(report, report.spec)


@pytest.mark.parametrize(("words", "score", "met", "bounds", "warned"), BANDS,
                         ids=[f"{row[0]}-{row[1]}" for row in BANDS])
def test_qualitative_band(words: str, score: Any, met: bool, bounds: tuple[str, str], warned: bool) -> None:
    ev = _banded(score, words)
    result = ev.indicators[8]
    assert result.met is met and result.suggested is None
    assert result.suggested_range is not None
    assert tuple(fmt_score(x) for x in result.suggested_range) == bounds
    found = [f for f in ev.findings if f.id == "indicator.qualitative_band"]
    assert bool(found) is warned
    assert "indicator.proportional" not in _row_findings(ev, 8)
    if warned:
        assert f"得分应在 {bounds[0]} 至 {bounds[1]} 之间" in found[0].message


def test_a_band_top_may_be_open_where_the_form_says_so() -> None:
    ev = _banded(12, "部分达成年度指标并具有一定效果", {"部分达成年度指标并具有一定效果": {"high_open": True}})
    assert [f.id for f in ev.findings if f.id == "indicator.qualitative_band"] == ["indicator.qualitative_band"]


def _weights(scoring: dict[str, Any], drop_satisfaction: bool, effect_weight: int) -> list[tuple[str, str, str]]:
    report = _sample(_spec(scoring))
    rows = report.data["indicators"]
    if drop_satisfaction:
        rows.pop()  # the 满意度 row
    rows[7]["weight"] = effect_weight  # 效益: 20 + effect_weight
    rows[7]["score"] = min(rows[7]["score"], effect_weight)
    ev = evaluate(report, report.spec)
    return [(f.severity, f.values.get("level1", ""), f.values.get("sum", ""))
            for f in ev.findings if f.id == "indicator.level1_weights"]


MOVES = {"satisfaction": "满意度指标", "satisfaction_to": ["产出指标", "效益指标"]}
# settings, no 满意度 row, 效益 row weight, level1_weights findings (severity, 一级, sum)
WEIGHTS = [
    ("all filled", {}, False, 10, []),
    ("效益 short, an error", {}, False, 9, [("error", "效益指标", "29"), ("error", "", "89")]),
    ("no 满意度, may not move: an error", {}, True, 20, [("error", "效益指标", "40"), ("error", "满意度指标", "0")]),
    ("no 满意度, moved where the form allows it", MOVES, True, 20, []),
    ("no 满意度, moved but short: an error", MOVES, True, 19, [("error", "产出指标、效益指标", "89"),
                                                           ("error", "", "89")]),
]


@pytest.mark.parametrize(("rule", "settings", "drop", "effect", "expected"), WEIGHTS, ids=[row[0] for row in WEIGHTS])
def test_weights_fill_the_level1_totals(rule: str, settings: dict[str, Any], drop: bool, effect: int,
                                        expected: list[tuple[str, str, str]]) -> None:
    assert _weights(settings, drop, effect) == expected


# total, grade (the grade is read from the total as displayed)
GRADES = [
    (D("100"), "优"), (D("90"), "优"), (D("89.995"), "优"), (D("89.99"), "良"), (D("80"), "良"),
    (D("79.99"), "中"), (D("60"), "中"), (D("59.99"), "差"), (D("0"), "差"),
]


@pytest.mark.parametrize(("total", "grade"), GRADES, ids=[str(row[0]) for row in GRADES])
def test_grade_band_edges(total: Decimal, grade: str) -> None:
    assert grade_for(_spec(), total) == grade


def _over(scoring: dict[str, Any], scores: dict[int, Any], executed_in_full: bool) -> Any:
    report = _sample(_spec(scoring))
    for index, score in scores.items():
        report.data["indicators"][index]["score"] = score
    if executed_in_full:  # 执行率 100%: 预算执行率得分 10
        report.data["funds"]["fiscal"]["executed"] = D("106.5")
    return evaluate(report, report.spec)


# settings, scores by row, 执行率 100%, total shown, grade, withheld
WITHHELD = [
    ("the sample", {}, {}, False, "98.09", "优", None),
    ("total exactly 100 is graded", {}, {1: 10, 8: 10}, True, "100", "优", None),
    ("a score above its weight, total under 100", {}, {0: D("10.5"), 3: 4}, False, "97.59", None, "over_weight"),
    ("total above 100", {}, {0: 20, 1: D("11.5")}, False, "110.09", None, "over_full"),
    ("total 100.01", {}, {1: 10, 8: D("10.01")}, True, "100.01", None, "over_full"),
    ("withhold_grade = false", {"withhold_grade": False}, {0: 20, 1: D("11.5")}, False, "110.09", "优", None),
]


@pytest.mark.parametrize(("rule", "settings", "scores", "full", "total", "grade", "withheld"), WITHHELD,
                         ids=[row[0] for row in WITHHELD])
def test_grade_withheld(rule: str, settings: dict[str, Any], scores: dict[int, Any], full: bool, total: str,
                        grade: str | None, withheld: str | None) -> None:
    ev = _over(settings, scores, full)
    assert (fmt_score(ev.total), ev.grade, ev.grade_withheld) == (total, grade, withheld)
    notes = [f for f in ev.findings if f.id == "score.grade_withheld"]
    assert len(notes) == (1 if withheld else 0)


def test_defaults_are_the_national_rules() -> None:
    """A form that writes none of the settings gets the rules the rows above call the defaults."""
    raw = copy.deepcopy(RAW)
    for key in ("equal_target", "reverse", "reverse_zero_at", "tolerance", "satisfaction"):
        raw["scoring"].pop(key, None)
    rules = parse_form(raw).scoring
    assert (rules.equal_target, rules.reverse, rules.reverse_zero_at, rules.tolerance) == (
        "at_least", "ratio", D(2), D("0.1"))
    assert rules.satisfaction_to == () and rules.withhold_grade
