"""Every formula the xlsx export writes is one Excel accepts: at most 8,192 characters, 64
levels of nesting and 255 characters in a quoted text. LibreOffice, which the recalculation
tests use, takes longer ones; Excel reports the file as damaged and drops them. The 正文's
score sentence of the sample was 11,213 characters and the project form's 等级 8,298, each
repeating 总分's whole formula where its cell shows the same figure."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pytest

from core.evaluate import evaluate
from core.newreport import blank_report
from core.storage import load
from tests.conftest import ROOT

SAMPLES = [ROOT / "forms" / "sample-junshan-ccpit-2024.toml", ROOT / "forms" / "sample-project-2024.toml"]
_FORMULA = re.compile(r'<c r="([A-Z]+\d+)"[^>]*><f>(.*?)</f>', re.S)
_TEXT = re.compile(r'"((?:[^"]|"")*)"')


def _formulas(book: Path) -> list[tuple[str, str]]:
    out = []
    with zipfile.ZipFile(book) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode("utf-8")
                out += [(f"{name}!{m.group(1)}", html.unescape(m.group(2))) for m in _FORMULA.finditer(xml)]
    return out


def _depth(formula: str) -> int:
    depth = deepest = 0
    for char in _TEXT.sub('""', formula):
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth -= 1
    return deepest


@pytest.mark.parametrize("source", ["sample", "project sample", "blank", "blank project"])
def test_every_formula_is_within_excels_limits(source: str, tmp_path: Path) -> None:
    from exports.xlsx.write import write

    if source.startswith("blank"):
        report = blank_report(None, 2025, "project-expenditure" if "project" in source else "hunan-department")
    else:
        report = load(SAMPLES[source == "project sample"])
    book = write(report, evaluate(report), report.spec, tmp_path / "r.xlsx")
    formulas = _formulas(book)
    assert len(formulas) > 50
    too_long = [(where, len(f)) for where, f in formulas if len(f) + 1 > 8192]
    too_deep = [(where, _depth(f)) for where, f in formulas if _depth(f) > 64]
    long_text = [(where, len(t)) for where, f in formulas for t in _TEXT.findall(f) if len(t.replace('""', '"')) > 255]
    assert (too_long, too_deep, long_text) == ([], [], [])
