"""forms/README.md stays true: its expression table and its complete example are run here."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from core.form.expr import compile_expr, evaluate
from tests.conftest import ROOT

README = (ROOT / "forms" / "README.md").read_text(encoding="utf-8")
DATA = {"a": Decimal(2), "b": Decimal(4)}
ROWS = re.findall(r"^\| `([^`]+)` \| (`[^`]*`|空|真|假) \|$", README, flags=re.M)


def _block(tag: str) -> str:
    match = re.search(rf"```toml {tag}\n(.*?)```", README, flags=re.S)
    assert match, tag
    return match.group(1)


def test_the_table_has_its_examples() -> None:
    assert len(ROWS) >= 10


@pytest.mark.parametrize(("formula", "expected"), ROWS)
def test_expression_examples(formula: str, expected: str) -> None:
    value = evaluate(compile_expr(formula), DATA.get)
    if expected == "空":
        assert value is None
    elif expected in ("真", "假"):
        assert value is (expected == "真")
    else:
        assert value == Decimal(expected.strip("`"))


def test_the_example_form_loads_checks_and_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.evaluate import evaluate as evaluate_report
    from core.form import check_form_file, load_form
    from core.storage import loads

    form = tmp_path / "readme-example.toml"
    form.write_text(_block("form"), encoding="utf-8")
    assert check_form_file(form) == []
    monkeypatch.setenv("JIXIAO_FORMS", str(tmp_path))
    load_form.cache_clear()
    try:
        report = loads(_block("report"))
        ev = evaluate_report(report)
        assert [f.id for f in ev.findings if f.severity == "error"] == ["club.sum"]
        assert "差 10.00" in ev.findings[0].message
        from exports.docx.write import render as word
        from exports.markdown import render as markdown
        from exports.xlsx.write import render as workbook

        assert "| 读书会 | 青藤 |" in markdown(report, ev) and "2025年经费" in markdown(report, ev)
        assert word(report, ev) and workbook(report, ev)
    finally:
        load_form.cache_clear()
