"""Every shipped form goes through every command and every format, from the same code.

Parametrised over `installed_forms()`: the Hunan department form and the national
项目支出绩效自评表 today, any form added to forms/ tomorrow. Each form's built-in sample
is checked, scored, shown and exported to all four formats; its workbook is imported
back; a blank report of the form is made with `new --form`, and next year's with
`new --from`. Nothing here names a form.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from core.form import installed_forms
from core.newreport import sample_path

FORMS = [spec.id for spec in installed_forms()]


def _spec(form_id: str) -> Any:
    return next(spec for spec in installed_forms() if spec.id == form_id)


def test_both_forms_are_shipped() -> None:
    assert len(FORMS) >= 2 and all(_spec(form_id).sample for form_id in FORMS)


@pytest.mark.parametrize("form_id", FORMS)
def test_sample_checks_and_scores(jixiao: Any, form_id: str) -> None:
    sample = sample_path(_spec(form_id))
    checked = jixiao("check", str(sample), "--json")
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout)["errors"] == 0
    done = jixiao("score", str(sample), "--json")
    assert done.returncode == 0, done.stderr
    score = json.loads(done.stdout)
    spec = _spec(form_id)
    computed = {c.id for c in spec.computed if not c.each}
    assert computed <= set(score) and score["total"] is not None and score["grade"] is not None
    extra = set(score) - computed - {"file", "level1", "indicators", "total", "grade", "grade_withheld",
                                     "assessment", "assessment_total", "assessment_partial"}
    assert not extra  # no key of another form (no staffing_rate where the form has none)
    text = jixiao("score", str(sample), env={"COLUMNS": "100", "PATH": "/usr/bin:/bin"})
    assert text.returncode == 0 and score["total"] in text.stdout and f"等级 {score['grade']}" in text.stdout


@pytest.mark.parametrize("form_id", FORMS)
def test_show_every_section(jixiao: Any, form_id: str) -> None:
    spec = _spec(form_id)
    sample = sample_path(spec)
    whole = jixiao("show", str(sample), env={"COLUMNS": "80", "PATH": "/usr/bin:/bin"})
    assert whole.returncode == 0, whole.stderr
    for table in spec.tables:
        assert table.title.split("{")[0].split("\n")[0] in whole.stdout
    for section in spec.sections:
        one = jixiao("show", str(sample), "--section", section.id)
        assert one.returncode == 0 and "Traceback" not in one.stderr, (section.id, one.stderr)


@pytest.mark.parametrize("form_id", FORMS)
def test_every_format_and_back(jixiao: Any, form_id: str, tmp_path: Path) -> None:
    from core.storage import load

    sample = sample_path(_spec(form_id))
    outs = [tmp_path / f"out.{suffix}" for suffix in ("toml", "md", "docx", "xlsx")]
    done = jixiao("export", str(sample), *(arg for out in outs for arg in ("--to", str(out))))
    assert done.returncode == 0, done.stderr
    assert all(out.stat().st_size > 0 for out in outs)
    assert load(outs[0]).data == load(sample).data
    from docx import Document

    assert Document(str(outs[2])).tables
    back = tmp_path / "back.toml"
    imported = jixiao("import", str(outs[3]), "-o", str(back))
    assert imported.returncode == 0, imported.stderr
    assert load(back).data == load(sample).data


@pytest.mark.parametrize("form_id", FORMS)
def test_blank_and_next_year(jixiao: Any, form_id: str, tmp_path: Path) -> None:
    from core.storage import load

    spec = _spec(form_id)
    blank = tmp_path / "blank.toml"
    made = jixiao("new", str(blank), "--form", form_id, "--unit", "某单位", "--year", "2025")
    assert made.returncode == 0, made.stderr
    report = load(blank)
    assert report.spec.id == form_id and report.year == 2025
    for command in (("check",), ("score", "--json"), ("score",), ("show",)):
        done = jixiao(*command, str(blank))
        assert done.returncode in (0, 1) and "Traceback" not in done.stderr, (command, done.stderr)
    outs = [tmp_path / f"blank.{suffix}" for suffix in ("md", "docx", "xlsx")]
    exported = jixiao("export", str(blank), *(arg for out in outs for arg in ("--to", str(out))))
    assert exported.returncode in (0, 1) and "Traceback" not in exported.stderr, exported.stderr
    nxt = tmp_path / "next.toml"
    carried = jixiao("new", str(nxt), "--from", str(sample_path(spec)))
    assert carried.returncode == 0, carried.stderr
    following = load(nxt)
    last = load(sample_path(spec))
    assert following.year == (last.year or 0) + 1
    assert all(following.get(path) == last.get(path) for path in spec.new_year)
    scored = spec.scored_list
    assert scored is None or following.get(scored.path) is None  # last year's scores are not this year's
