"""Target and actual texts as reports write them: the parse, met, and suggested score."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.form import load_form
from core.scoring import judge_indicators
from core.targets import Comparison, Deadline, Qualitative, parse_target

D = Decimal
SPEC = load_form("hunan-department")

# target, actual, weight, expected parse of the target, met, suggested (None = no suggestion)
CASES = [
    ("≥80个", "84个", 5, (">=", "80", "个"), True, "5"),
    ("≥8个", "19个", 5, (">=", "8", "个"), True, "5"),
    ("≥30次", "30次", 5, (">=", "30", "次"), True, "5"),
    ("　≥30次", "30次", 5, (">=", "30", "次"), True, "5"),
    ("＝100%", "＝100%", 5, ("=", "100", "%"), True, "5"),
    ("　　＝100%", "＝100%", 5, ("=", "100", "%"), True, "5"),
    ("≦100%", "≦100%", 10, ("<=", "100", "%"), True, "10"),
    ("≦100%", "　≦100%", 10, ("<=", "100", "%"), True, "10"),
    ("≥90%", "≥90%", 10, (">=", "90", "%"), True, "10"),
    ("　≥90%", "　≥90%", 10, (">=", "90", "%"), True, "10"),
    ("≥95%", "96%", 10, (">=", "95", "%"), True, "10"),
    ("≥95%", "76%", 10, (">=", "95", "%"), False, "8"),
    ("≧95%", "95%", 10, (">=", "95", "%"), True, "10"),
    (">=95%", "90%", 10, (">=", "95", "%"), False, "9.47"),
    ("不低于90%", "93%", 10, (">=", "90", "%"), True, "10"),
    ("不低于90%", "81%", 10, (">=", "90", "%"), False, "9"),
    ("不少于20次", "10次", 4, (">=", "20", "次"), False, "2"),
    ("≤100万元", "80万元", 5, ("<=", "100", "万元"), True, "5"),
    ("≤100万元", "125万元", 5, ("<=", "100", "万元"), False, "4"),
    ("不超过50万元", "40万元", 5, ("<=", "50", "万元"), True, "5"),
    ("不高于5%", "10%", 6, ("<=", "5", "%"), False, "3"),
    ("<3次", "2次", 5, ("<", "3", "次"), True, "5"),
    (">0家", "3家", 5, (">", "0", "家"), True, "5"),
    ("100%", "100%", 10, ("=", "100", "%"), True, "10"),
    ("100%", "80%", 10, ("=", "100", "%"), False, "8"),
    ("=12次", "15次", 10, ("=", "12", "次"), True, "10"),  # no direction: exceeded is met (at_least)
    ("１００％", "９８％", 5, ("=", "100", "%"), False, "4.9"),
    ("≥1,000人", "1，200人", 5, (">=", "1000", "人"), True, "5"),
    ("≥80个", "84家", 5, (">=", "80", "个"), None, None),
    ("≥80个", "有效推进", 5, (">=", "80", "个"), None, None),
    ("≥95%", "95", 5, (">=", "95", "%"), None, None),
    ("30天", "28天", 5, ("=", "30", "天"), False, "4.67"),
    ("90%以上", "92%", 5, (">=", "90", "%"), True, "5"),
    ("2024年12月31日前", "2024年12月20日前", 10, dt.date(2024, 12, 31), True, "10"),
    ("2024年12月31日前", "2025年1月15日", 10, dt.date(2024, 12, 31), False, None),
    ("2024-12-31前", "2024-11-30", 10, dt.date(2024, 12, 31), True, "10"),
    ("12月底前", "12月20日前", 10, dt.date(2024, 12, 31), True, "10"),
    ("6月底前", "2024年7月3日", 10, dt.date(2024, 6, 30), False, None),
    ("2024年底前", "2024年12月30日", 10, dt.date(2024, 12, 31), True, "10"),
    ("2024年6月30日之前", "2024年6月30日", 10, dt.date(2024, 6, 30), True, "10"),
    ("定性", "有效推进", 15, "定性", None, None),
    ("定性", "达成年度指标", 15, "定性", True, ("12", "15")),
    ("定性", "部分达成年度指标并具有一定效果", 15, "定性", False, ("9", "12")),
    ("定性", "未达成年度指标且效果较差", 10, "定性", False, ("0", "6")),
    ("有效推进", "有效推进", 15, "有效推进", None, None),
    ("无生态效益", "无生态效益", 0, "无生态效益", None, None),
    ("≥80个", "84个", 0, (">=", "80", "个"), None, None),
]


@pytest.mark.parametrize(("target", "actual", "weight", "parsed", "met", "suggested"), CASES)
def test_target_parse_met_and_suggestion(target, actual, weight, parsed, met, suggested):
    parsed_target = parse_target(target, 2024)
    if isinstance(parsed, tuple):
        assert isinstance(parsed_target, Comparison)
        assert (parsed_target.op, parsed_target.value, parsed_target.unit) == (parsed[0], D(parsed[1]), parsed[2])
    elif isinstance(parsed, dt.date):
        assert parsed_target == Deadline(parsed)
    else:
        assert parsed_target == Qualitative(parsed)
    [row] = judge_indicators(SPEC, [{"level1": "产出指标", "level2": "数量指标", "name": "x", "target": target,
                                     "actual": actual, "weight": weight, "score": weight}], 2024)
    assert row.met is met
    if isinstance(suggested, tuple):
        assert row.suggested is None
        assert row.suggested_range is not None
        assert tuple(str(x.normalize()) if x else "0" for x in row.suggested_range) == suggested
    elif suggested is None:
        assert row.suggested is None and row.suggested_range is None
    else:
        assert row.suggested is not None
        assert row.suggested.quantize(D("0.01")).normalize() == D(suggested).normalize()


def test_at_least_forty_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize("text", ["", "定性", "   ", "无", "达成年度指标"])
def test_texts_without_numbers_are_qualitative(text):
    assert isinstance(parse_target(text, 2024), Qualitative)


def test_month_end_needs_the_report_year():
    assert isinstance(parse_target("12月底前", None), Qualitative)
    assert parse_target("2月底前", 2024) == Deadline(dt.date(2024, 2, 29))
