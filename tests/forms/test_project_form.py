"""The national 项目支出绩效自评表 (forms/project-expenditure.toml) and its built-in sample.

The sample is illustrative (its figures are made up); it must check clean, score as its
table prints, recalculate in the workbook to core's figures, and carry over to next year.
A real table once printed its 年度资金总额 as 0 while the parts held 90 / 89.97 / 89.97:
that must be three sum errors and an undefined 执行率, never a traceback.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from core.evaluate import evaluate
from core.numbers import fmt_score
from tests.conftest import ROOT, run_jixiao

FORM = "project-expenditure"
SAMPLE = ROOT / "forms" / "sample-project-2024.toml"
D = Decimal


@pytest.fixture(scope="module")
def sample() -> Any:
    from core.storage import load

    return load(SAMPLE)


def _printed(report: Any) -> dict[str, str]:
    """The text of every computed cell of the printed table, by name."""
    from core.printed import print_tables

    ev = evaluate(report)
    return {cell.name: cell.text for table in print_tables(report, ev) for cell in table.cells
            if cell.kind == "value" and cell.name}


def variants(sample: Any) -> dict[str, Any]:
    """The sample and reports that take the workbook's formulas down their other branches."""
    out = {"sample": sample.copy()}
    zero = sample.copy()
    zero.set("funds", {"all": {"initial": 0, "budget": 0, "executed": 0},
                       "fiscal": {"initial": 90, "budget": D("89.97"), "executed": D("89.97")}})
    out["total_zero"] = zero
    over = sample.copy()
    over.get("indicators")[0]["score"] = 20
    over.get("indicators")[1]["score"] = D("11.5")
    out["over_full"] = over
    weight = sample.copy()
    weight.get("indicators")[0]["score"] = D("10.5")
    weight.get("indicators")[3]["score"] = 4
    weight.get("indicators")[3]["deviation"] = "抽检一次不达标"
    out["over_weight"] = weight
    under = sample.copy()
    under.set("funds.fiscal.executed", D("60.2"))
    under.set("funds.all", {"budget": D("126.5")})  # a stored 年度资金总额 that agrees with its parts
    out["under_executed"] = under
    from core.newreport import blank_report

    out["blank"] = blank_report("示例单位", 2024, FORM)
    return out


def test_sample_checks_clean() -> None:
    done = run_jixiao("check", str(SAMPLE), "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert (payload["errors"], payload["warnings"], payload["infos"]) == (0, 0, 0)


def test_sample_score_is_what_the_table_prints(sample: Any) -> None:
    done = run_jixiao("score", str(SAMPLE), "--json")
    assert done.returncode == 0, done.stderr
    score = json.loads(done.stdout)
    assert (score["total"], score["grade"], score["grade_withheld"]) == ("98.09", "优", None)
    assert (score["execution_rate"], score["execution_score"]) == ("95.94", "9.59")
    assert score["level1"]["产出指标"] == {"weight": "50", "score": "49.5"}
    assert "staffing_rate" not in score and "three_public_change" not in score
    printed = _printed(sample)
    assert (printed["score.total"], printed["score.grade"], printed["score.weights_total"]) == ("98.09", "优", "100")
    assert (printed["calc.execution_rate"], printed["calc.execution_score"]) == ("95.94%", "9.59")
    text = run_jixiao("score", str(SAMPLE))
    assert text.returncode == 0, text.stderr
    assert "98.09" in text.stdout and "优" in text.stdout


def test_total_printed_zero_while_parts_hold_money(sample: Any, tmp_path: Path) -> None:
    from core.storage import save

    report = variants(sample)["total_zero"]
    ev = evaluate(report)
    parts = [f for f in ev.findings if f.id == "funds.parts"]
    assert [(f.severity, f.path, f.values["stored"], f.values["sum"]) for f in parts] == [
        ("error", "funds.all.initial", "0.00", "90.00"),
        ("error", "funds.all.budget", "0.00", "89.97"),
        ("error", "funds.all.executed", "0.00", "89.97"),
    ]
    assert "项目资金 · 年度资金总额 · 全年预算数 填写 0.00，其中各项合计 89.97（差 89.97）" in parts[1].message
    [rate] = [f for f in ev.findings if f.id == "ratio.undefined"]
    assert (rate.severity, rate.path) == ("error", "funds.all.budget") and "执行率无法计算" in rate.message
    assert ev.values["execution_rate"] is None and ev.total is None and ev.grade is None
    path = tmp_path / "zero.toml"
    save(report, path)
    for command in (["check"], ["score", "--json"], ["score"], ["show"]):
        done = run_jixiao(*command, str(path))
        assert done.returncode == 1 and "Traceback" not in done.stderr, (command, done.stderr)
    outs = [tmp_path / f"zero.{suffix}" for suffix in ("md", "docx", "xlsx")]
    done = run_jixiao("export", str(path), *(arg for out in outs for arg in ("--to", str(out))))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert all(out.stat().st_size > 0 for out in outs)
    assert "草稿（4 个错误）" in outs[0].read_text(encoding="utf-8")


def test_grade_withheld_prints_everywhere(sample: Any) -> None:
    report = variants(sample)["over_full"]
    ev = evaluate(report)
    assert (fmt_score(ev.total), ev.grade, ev.grade_withheld) == ("110.09", None, "over_full")
    [withheld] = [f for f in ev.findings if f.id == "score.grade_withheld"]
    assert withheld.severity == "warning" and "总分 110.09 超过满分 100" in withheld.message
    printed = _printed(report)
    assert (printed["score.total"], printed["score.grade"]) == ("110.09（超过满分）", "—")
    from exports.markdown import render

    assert "| 110.09（超过满分） |" in render(report, ev) and "| 优 |" not in render(report, ev)
    from core.summary import score_json

    payload = score_json(report, ev)
    assert (payload["total"], payload["grade"], payload["grade_withheld"]) == ("110.09", None, "over_full")
    weight = variants(sample)["over_weight"]
    ev = evaluate(weight)
    assert ev.total is not None and ev.total < 100 and ev.grade is None and ev.grade_withheld == "over_weight"
    [withheld] = [f for f in ev.findings if f.id == "score.grade_withheld"]
    assert withheld.path == "indicators[0].score" and "10.5 超过分值 10" in withheld.message
    assert _printed(weight)["score.grade"] == "—"


@pytest.mark.parametrize("name", ["sample", "total_zero", "over_full", "over_weight", "under_executed", "blank"])
def test_workbook_recalculates_to_core(sample: Any, name: str) -> None:
    """The formulas engine recalculates every derived cell of the workbook to core's value."""
    from exports.xlsx.read import derived_cells, derived_value
    from exports.xlsx.write import render
    from tests.exports.conftest import matches
    from tests.helpers.recalc import CompiledWorkbook, as_saved

    report = variants(sample)[name]
    ev = evaluate(report)
    compiled = CompiledWorkbook(render(report, ev))
    values = compiled.calculate()
    cells = derived_cells(compiled.workbook)
    keys = {key for key, *_ in cells}
    assert {"calc.execution_rate", "calc.execution_score", "score.total", "score.grade"} <= keys
    wrong = [(key, sheet, cell, values.get(sheet, cell), derived_value(key, report, ev))
             for key, sheet, cell, _, _ in cells
             if not matches(as_saved(values.get(sheet, cell)), derived_value(key, report, ev))]
    assert not wrong


@pytest.mark.libreoffice
def test_libreoffice_recalculates_to_core(sample: Any, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from exports.xlsx.read import derived_cells, derived_value, read_workbook
    from exports.xlsx.write import write
    from tests.exports.conftest import convert, matches

    reports = variants(sample)
    paths = []
    for name, report in reports.items():
        path = tmp_path / f"{name}.xlsx"
        write(report, evaluate(report), report.spec, path)
        paths.append(path)
    converted = convert(paths, tmp_path / "recalculated", "xlsx", tmp_path / "profile")
    for (name, report), out in zip(reports.items(), converted, strict=True):
        ev = evaluate(report)
        workbook = load_workbook(out, data_only=True)
        cells = derived_cells(load_workbook(out))
        assert len(cells) >= 10, name
        wrong = [f"{sheet}!{cell} {key}: LibreOffice {workbook[sheet][cell].value!r}, "
                 f"core {derived_value(key, report, ev)!r}"
                 for key, sheet, cell, _, _ in cells
                 if not matches(workbook[sheet][cell].value, derived_value(key, report, ev))]
        assert not wrong, (name, wrong)
        if name in ("sample", "blank"):
            result = read_workbook(out)
            assert result.errors == [] and result.report is not None and result.report.data == report.data


@pytest.mark.libreoffice
def test_word_file_is_two_pages(sample: Any, tmp_path: Path) -> None:
    """The table on landscape pages: 项目资金 and 目标 on the first, the 绩效指标 and the signature on the second."""
    import subprocess

    from exports.docx.write import write
    from tests.exports.conftest import convert

    path = tmp_path / "sample.docx"
    write(sample, evaluate(sample), sample.spec, path)
    [pdf] = convert([path], tmp_path / "pdf", "pdf", tmp_path / "profile")
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) == 2
    assert "项目支出绩效自评表" in pages[0] and "95.94%" in pages[0] and "预期目标" in pages[0]
    assert "98.09" in pages[1] and "填表人：李明（示例）" in pages[1]


def test_new_with_the_form_and_next_year(sample: Any, tmp_path: Path) -> None:
    from core.storage import load

    blank = tmp_path / "blank.toml"
    done = run_jixiao("new", str(blank), "--form", FORM, "--unit", "某县水利局", "--year", "2025")
    assert done.returncode == 0, done.stderr
    made = load(blank)
    assert (made.spec.id, made.year, made.get("project.implementer")) == (FORM, 2025, "某县水利局")
    copied = tmp_path / "sample.toml"
    assert run_jixiao("new", str(copied), "--form", FORM, "--sample").returncode == 0
    assert copied.read_bytes() == SAMPLE.read_bytes()
    nxt = tmp_path / "next.toml"
    done = run_jixiao("new", str(nxt), "--from", str(SAMPLE))
    assert done.returncode == 0, done.stderr
    carried = load(nxt)
    assert carried.year == 2025 and carried.get("project.name") == sample.get("project.name")
    assert carried.get("project.implementer") == sample.get("project.implementer")
    assert carried.get("funds") is None and carried.get("indicators") is None
    helped = run_jixiao("new", "--help")
    assert "--form" in helped.stdout and FORM in helped.stdout and "项目支出绩效自评表" in helped.stdout
    assert "hunan-department" in helped.stdout and "湖南省部门整体支出绩效自评报告" in helped.stdout
    refused = run_jixiao("new", str(tmp_path / "x.toml"), "--form", "no-such-form")
    assert refused.returncode == 2 and "no-such-form" in refused.stderr


def test_form_lints_clean() -> None:
    done = run_jixiao("form", "check", str(ROOT / "forms" / f"{FORM}.toml"))
    assert done.returncode == 0, done.stdout + done.stderr
    listed = run_jixiao("form", "list")
    assert FORM in listed.stdout


def test_sample_round_trips_through_its_workbook(sample: Any, tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    assert run_jixiao("export", str(SAMPLE), "--to", str(path)).returncode == 0
    back = tmp_path / "back.toml"
    done = run_jixiao("import", str(path), "-o", str(back))
    assert done.returncode == 0, done.stderr
    from core.storage import load

    assert load(back).data == copy.deepcopy(sample.data)
