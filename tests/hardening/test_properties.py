"""Any input gives a value or the module's own clear error, never another exception.

Property tests (hypothesis, bounded and deterministic) for the places untrusted text
enters the core: numbers typed by a clerk, target texts, formulas, and whole files.
A crash in any of them is a traceback on a clerk's screen or a batch row lost, so
the only exceptions allowed are NumberError, ExprError and ReportError. Cases the
core once did not survive (deep formulas, huge figures, years outside 1–9999) keep their tests.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import tomllib
from decimal import Decimal
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.evaluate import evaluate
from core.findings import SEVERITIES
from core.form.expr import ExprError, compile_expr
from core.form.expr import evaluate as eval_expr
from core.numbers import NumberError, fmt_money, parse_count, parse_number
from core.report import ReportError
from core.storage import loads
from core.summary import check_json, score_json
from core.targets import Comparison, Deadline, Qualitative, parse_target
from tests.conftest import REFERENCE

FAST = settings(max_examples=300, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])

# Characters clerks actually produce, mixed with anything at all.
_TYPED = st.text(alphabet="0123456789０１２３４５６７８９.,，．-－—−+＋%％ 　万元负≥≤＝=<>≦≧年月日底前以上下个次定性", max_size=30)
_TEXT = st.one_of(_TYPED, st.text(max_size=40))


@FAST
@given(_TEXT)
@example("1e5")
@example("NaN")
@example("9" * 31)
def test_parse_number_total(text: str) -> None:
    try:
        value = parse_number(text)
    except NumberError as exc:
        assert str(exc)
    else:
        assert isinstance(value, Decimal) and value.is_finite()


@FAST
@given(_TEXT)
def test_parse_count_total(text: str) -> None:
    try:
        value = parse_count(text)
    except NumberError as exc:
        assert str(exc)
    else:
        assert isinstance(value, int) and value >= 0


@FAST
@given(st.decimals(min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"), places=2))
def test_money_round_trips(value: Decimal) -> None:
    assert parse_number(fmt_money(value)) == value


_YEARS = st.one_of(st.none(), st.integers(min_value=1, max_value=9999))


@FAST
@given(_TEXT, _YEARS)
@example("2024年12月31日前", 2024)
@example("12月底前", 2024)
@example("2024年2月30日前", None)
def test_parse_target_total(text: str, year: int | None) -> None:
    result = parse_target(text, year)
    assert isinstance(result, (Comparison, Deadline, Qualitative))


@pytest.mark.parametrize(("text", "year"), [("0000年12月31日前", None), ("12月底前", 10000)])
def test_parse_target_out_of_range_years(text: str, year: int | None) -> None:
    assert isinstance(parse_target(text, year), (Deadline, Qualitative))


_EXPR = st.text(alphabet="0123456789.+-*/×÷()<>=,≤≥≠ abcxyz_sumaxinroundcoalesce[]", max_size=40)


def _resolve(values: dict[str, Any]) -> Any:
    return lambda name: values.get(name)


@FAST
@given(st.one_of(_EXPR, st.text(max_size=30)),
       st.dictionaries(st.sampled_from(["a", "b", "x.y", "c"]),
                       st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=3),
                                 st.decimals(allow_nan=False, allow_infinity=False, places=2,
                                             min_value=-10**8, max_value=10**8)),
                       max_size=4))
def test_expr_total(text: str, values: dict[str, Any]) -> None:
    try:
        node = compile_expr(text)
    except ExprError as exc:
        assert str(exc)
        return
    result = eval_expr(node, _resolve(values))
    assert result is None or isinstance(result, (Decimal, bool, list))


@pytest.mark.parametrize(("text", "refused"), [
    ("(" * 3000 + "1" + ")" * 3000, True), ("-" * 5000 + "1", True), ("(" * 59 + "1" + ")" * 59, False),
    ("round(1, 99999999)", False),
], ids=["deep-parentheses", "5000-minus-signs", "59-parentheses", "round-to-1e8-places"])
def test_expr_pathological(text: str, refused: bool) -> None:
    """Past the parser's bounds a formula is refused in Chinese; within them it runs, and
    a rounding the context cannot carry is absent, not an exception."""
    if refused:
        with pytest.raises(ExprError, match="公式"):
            compile_expr(text)
        return
    result = eval_expr(compile_expr(text), lambda name: None)
    assert result is None if text.startswith("round") else result == 1


@SLOW
@given(st.text(max_size=200))
@example("schema = 1\nform = \"hunan-department\"\n")
@example("\ufeffschema = 1")
@example("schema = true")
@example("[unit]\nyear = 2024\n[unit]\n")
def test_loads_any_text(text: str) -> None:
    try:
        loads(text, "t.toml")
    except ReportError as exc:
        assert str(exc).startswith("t.toml：")


with REFERENCE.open("rb") as _handle:
    _BASE = tomllib.load(_handle, parse_float=Decimal)

_PATHS = [
    "unit.name", "unit.year", "budget.total", "budget.basic", "budget.executed", "budget.public",
    "budget.sources", "budget.sources.other", "basic_data.staffing.quota", "basic_data.costs.reception",
    "basic_data.costs.reception.final", "basic_data.costs.project_others", "self_eval.indicators",
    "self_eval.indicators.0.weight", "self_eval.indicators.0.score", "self_eval.indicators.0.target",
    "self_eval.indicators.6.actual", "self_eval.indicators.0", "profile.functions", "problems",
    "assessment.due", "assessment.submitted", "assessment.problems_score", "other_budgets.state_capital",
]
# Plausible and hostile values: wrong types, negatives, huge-but-typeable amounts, odd dates.
_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**12, max_value=10**12),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**12, max_value=10**12),
    st.text(max_size=12), st.sampled_from(["≥80个", "2024年12月31日前", "12月底前", "定性", "＝100%"]),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.lists(st.integers(0, 5), max_size=3),
    st.builds(dict), st.builds(lambda: [{}]), st.builds(lambda: {"name": 1}),  # fresh each draw
)


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    node: Any = data
    parts = path.split(".")
    for part in parts[:-1]:
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                return
            node = node[int(part)]
        else:
            node = node.setdefault(part, {})
        if not isinstance(node, (dict, list)):
            return
    last = parts[-1]
    if isinstance(node, list):
        if last.isdigit() and int(last) < len(node):
            node[int(last)] = value
    elif value is None:
        node.pop(last, None)
    else:
        node[last] = value


def _prune_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _prune_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_prune_none(v) for v in value if v is not None]
    return value


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_PATHS), _VALUES), min_size=1, max_size=4))
def test_load_and_evaluate_mutated_reports(changes: list[tuple[str, Any]]) -> None:
    """A file that loads is evaluated without an exception; one that does not, says why."""
    data = copy.deepcopy(_BASE)
    for path, value in changes:
        _set(data, path, value)
    text = tomli_w.dumps(_prune_none(data))
    try:
        report = loads(text, "m.toml")
    except ReportError as exc:
        assert str(exc).startswith("m.toml：")
        return
    evaluation = evaluate(report)
    check_ids = {check.id for check in report.spec.checks}
    for finding in evaluation.findings:
        assert finding.id in check_ids and finding.severity in SEVERITIES
        assert finding.message and "{" not in finding.message, finding  # every placeholder filled
    json.dumps(check_json(evaluation), ensure_ascii=False)  # what `check --json` prints
    json.dumps(score_json(report, evaluation), ensure_ascii=False)


def _with_executed(value: str) -> str:
    text, count = re.subn(r"^executed = 194\.72.*$", f"executed = {value}",
                          REFERENCE.read_text(encoding="utf-8"), count=1, flags=re.M)
    assert count == 1
    return text


@pytest.mark.parametrize("value", ["1e30", "1e400", "99999999999999999999999999999.99"])
def test_absurd_amounts_are_findings_or_refusals(value: str) -> None:
    try:
        report = loads(_with_executed(value), "h.toml")
    except ReportError:
        return
    evaluation = evaluate(report)
    assert any(f.id == "money.range" for f in evaluation.findings)


@pytest.mark.parametrize(("path", "value"), [
    ("self_eval.indicators.0.target", "≥0.0000000000000000000000000001个"),
    ("basic_data.staffing.actual", 10**30),
], ids=["tiny-target", "huge-staff-count"])
def test_extreme_ratios_do_not_crash(path: str, value: Any) -> None:
    data = copy.deepcopy(_BASE)
    _set(data, path, value)
    report = loads(tomli_w.dumps(data), "r.toml")
    evaluation = evaluate(report)
    if path == "basic_data.staffing.actual":
        finding = next(f for f in evaluation.findings if f.id == "staffing.over")
        assert finding.values["rate"].startswith("1.25E+")  # 10^30 of 8: shown, not overflowed
    else:
        assert evaluation.indicators[0].target == Comparison(">=", Decimal("1E-28"), "个", True)
        assert evaluation.total is not None
