"""A form with a mistake is refused, with the file, the line and the key, by load and by `form check`."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.form import forms_dir
from tests.conftest import run_jixiao

HUNAN = (forms_dir() / "hunan-department.toml").read_text(encoding="utf-8")

BROKEN = [
    ("misspelt path", 'total = "budget.total"\nparts = ["budget.basic", "budget.project"]',
     'total = "budget.totl"\nparts = ["budget.basic", "budget.project"]', "budget.totl 不存在"),
    ("unknown key", 'label = "年度"\ntype = "year"\nrequired = "error"',
     'label = "年度"\ntype = "year"\nrequried = "error"', "未知的键 requried"),
    ("string for a number", "max = 2100", 'max = "2100"', "应为数字"),
    ("unknown grid row", '{ grid = "costs.abroad", span = 2 }', '{ grid = "costs.abroadd", span = 2 }',
     "网格行 costs.abroadd 不存在"),
    ("unknown section kind", 'kind = "records"\nlist = "problems"', 'kind = "record"\nlist = "problems"',
     "“record”不是可用的值"),
]


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1 + needle.split("\n").index(
        next(line for line in needle.split("\n") if line not in HUNAN.split("\n")))


@pytest.mark.parametrize(("case", "old", "new", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_form_check_refuses_with_the_line(tmp_path: Path, case: str, old: str, new: str, message: str) -> None:
    assert old in HUNAN, case
    text = HUNAN.replace(old, new, 1)
    path = tmp_path / "hunan-department.toml"
    path.write_text(text, encoding="utf-8")
    done = run_jixiao("form", "check", str(path))
    assert done.returncode == 2
    line = _line_of(text, new)
    assert f"第 {line} 行" in done.stderr and message in done.stderr, done.stderr


def test_a_good_form_passes(tmp_path: Path) -> None:
    done = run_jixiao("form", "check", str(forms_dir() / "hunan-department.toml"))
    assert done.returncode == 0 and "表单定义无误" in done.stderr


def test_a_report_of_a_broken_form_is_refused_not_crashed(tmp_path: Path) -> None:
    import os
    import shutil

    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "hunan-department.toml").write_text(HUNAN.replace("max = 2100", 'max = "2100"', 1), encoding="utf-8")
    report = tmp_path / "r.toml"
    shutil.copy(forms_dir() / "sample-junshan-ccpit-2024.toml", report)
    done = run_jixiao("check", str(report), env={**os.environ, "JIXIAO_FORMS": str(folder)})
    assert done.returncode == 2 and "表单 hunan-department 的定义有误" in done.stderr
    assert "Traceback" not in done.stderr
