"""A form that shares nothing with the Hunan form goes through every command and format.

tests/data/forms/village-fund.toml has its own ids, paths, labels, grid, list,
scoring and printed table; it reaches jixiao the way a province's own form would
(`JIXIAO_FORMS`, a folder of forms). Every command and writer must handle it from the
same code — the proof that a new form is a data file.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from core.evaluate import evaluate
from tests.conftest import DATA, run_jixiao

FORMS = DATA / "forms"
SAMPLE = FORMS / "village-fund-sample.toml"
HUNAN_WORDS = ("部门整体支出", "附件1", "万元", "绩效", "预算")


@pytest.fixture
def village(monkeypatch: pytest.MonkeyPatch) -> Any:
    from core.form import load_form
    from core.storage import load

    monkeypatch.setenv("JIXIAO_FORMS", str(FORMS))
    load_form.cache_clear()
    yield load(SAMPLE)
    load_form.cache_clear()


def _env() -> dict[str, str]:
    return {**os.environ, "JIXIAO_FORMS": str(FORMS)}


def test_check_and_score(village: Any) -> None:
    done = run_jixiao("check", str(SAMPLE), "--json", env=_env())
    assert done.returncode == 0 and json.loads(done.stdout)["errors"] == 0
    score = json.loads(run_jixiao("score", str(SAMPLE), "--json", env=_env()).stdout)
    assert (score["total"], score["grade"], score["use_rate"]) == ("96.6", "甲", "98.00")
    assert "staffing_rate" not in score and "execution_rate" not in score


def test_show_prints_its_table(village: Any) -> None:
    done = run_jixiao("show", str(SAMPLE), env={**_env(), "COLUMNS": "80"})
    assert done.returncode == 0, done.stderr
    for words in ("2025年清水村公益金使用情况", "2025年钱和事", "办成的事（80", "路灯亮灯", "96.6"):
        assert words in done.stdout, words
    assert not any(word in done.stdout for word in HUNAN_WORDS)


def test_every_format_from_the_same_code(village: Any, tmp_path: Path) -> None:
    outs = [tmp_path / f"v.{suffix}" for suffix in ("toml", "md", "docx", "xlsx")]
    done = run_jixiao("export", str(SAMPLE), *(arg for out in outs for arg in ("--to", str(out))), env=_env())
    assert done.returncode == 0, done.stderr
    markdown = outs[1].read_text(encoding="utf-8")
    assert "| 办成的事（80分） | 件数 | 修路 |" in markdown and "附：" in markdown
    assert not any(word in markdown for word in HUNAN_WORDS)
    from docx import Document

    document = Document(str(outs[2]))
    assert document.paragraphs[0].text.startswith("2025年") and len(document.tables) == 1
    assert document.tables[0].cell(0, 2).text == "清水村"
    from openpyxl import load_workbook

    book = load_workbook(outs[3])
    assert book.sheetnames[0] == "表一 钱和事" and "正文" in book.sheetnames


def test_workbook_formulas_and_import(village: Any, tmp_path: Path) -> None:
    from exports.xlsx.read import derived_cells, derived_value, read_workbook
    from exports.xlsx.write import render
    from tests.exports.conftest import matches
    from tests.helpers.recalc import CompiledWorkbook, as_saved

    ev = evaluate(village)
    data = render(village, ev)
    compiled = CompiledWorkbook(data)
    values = compiled.calculate()
    cells = derived_cells(compiled.workbook)
    assert {key for key, *_ in cells} >= {"calc.use_rate", "calc.use_points", "score.total", "score.grade"}
    wrong = [(key, values.get(sheet, cell), derived_value(key, village, ev)) for key, sheet, cell, _, _ in cells
             if not matches(as_saved(values.get(sheet, cell)), derived_value(key, village, ev))]
    assert not wrong
    path = tmp_path / "v.xlsx"
    path.write_bytes(data)
    result = read_workbook(path)
    assert result.errors == [] and result.report is not None
    assert result.report.data == village.data


def test_new_from_last_year(village: Any, tmp_path: Path) -> None:
    out = tmp_path / "next.toml"
    done = run_jixiao("new", str(out), "--from", str(SAMPLE), env=_env())
    assert done.returncode == 0, done.stderr
    from core.storage import load

    nxt = load(out)
    assert nxt.get("village.title") == "清水村" and nxt.year == 2026 and nxt.get("goals") is None


def test_markdown_in_memory(village: Any) -> None:
    from exports.markdown import render

    text = render(village, evaluate(village))
    assert io.StringIO(text).readline().startswith("# 2025年清水村公益金使用情况")
