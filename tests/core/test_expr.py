"""The form's formula language: exact Decimal, absent in → absent out, Excel translation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.form.expr import ExprError, compile_expr, evaluate, names_in, to_excel

D = Decimal
DATA = {"a": D("194.72"), "b": D("174.1"), "c": D("20.62"), "zero": D("0"), "rows": [D("1.5"), None, D("2")]}


def run(text: str):
    return evaluate(compile_expr(text), DATA.get)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("b + c", D("194.72")),
        ("b + c == a", True),
        ("a - b - c", D("0")),
        ("a × 2 ÷ 4", D("97.36")),
        ("-c + 1", D("-19.62")),
        ("round(b / a * 100, 2)", D("89.41")),
        ("min(a, 100)", D("100")),
        ("max(b, c)", D("174.1")),
        ("abs(c - b)", D("153.48")),
        ("sum(rows)", D("3.5")),
        ("sum(missing, c)", D("20.62")),
        ("coalesce(missing, c)", D("20.62")),
        ("c ≤ b", True),
        ("c ≠ c", False),
        ("0.1 + 0.2 == 0.3", True),
    ],
)
def test_evaluates_exactly(text, value):
    assert run(text) == value


@pytest.mark.parametrize("text", ["missing + 1", "a / zero", "min(missing, 100)", "sum(missing)", "-missing"])
def test_absent_stays_absent(text):
    assert run(text) is None


@pytest.mark.parametrize("text", ["a +", "(a", "foo(a)", "a $ b", "a b", "__import__('os')", ""])
def test_refuses_bad_formulas(text):
    with pytest.raises(ExprError):
        compile_expr(text)


def test_translates_to_excel():
    cells = {"budget.executed": "D5", "budget.total": "C5"}
    node = compile_expr("budget.executed / budget.total * 100")
    assert to_excel(node, cells.get) == "D5/C5*100"
    assert names_in(node) == ["budget.executed", "budget.total"]
    assert to_excel(compile_expr("10 * min(x, 100) / 100"), {"x": "G5"}.get) == "10*MIN(G5,100)/100"
    assert to_excel(compile_expr("(a - b) / b"), {"a": "A1", "b": "B1"}.get) == "(A1-B1)/B1"


def test_unicode_minus_is_minus() -> None:
    assert evaluate(compile_expr("5 − 3 − 1"), lambda name: None) == 1
    assert evaluate(compile_expr("−2 × 3"), lambda name: None) == -6


def test_coalesce_of_three_is_nested_in_excel() -> None:
    cells = {"a": "A1", "b": "B1", "c": "C1"}
    assert to_excel(compile_expr("coalesce(a, b, c)"), cells.get) == "IF(ISBLANK(A1),IF(ISBLANK(B1),C1,B1),A1)"
    assert to_excel(compile_expr("coalesce(a, b)"), cells.get) == "IF(ISBLANK(A1),B1,A1)"
