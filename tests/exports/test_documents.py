"""Markdown and Word: every 正文 section, all three attachments, key figures, table shapes.

The Word file is opened with python-docx (fonts, merged cells, page numbers) and
converted to PDF by LibreOffice to check the page count is sane.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from core.evaluate import evaluate
from tests.conftest import ROOT, run_jixiao
from tests.exports.conftest import convert


def _section_labels(report: Any) -> list[str]:
    return [s.label for s in report.spec.sections if s.number]


def _attachments(report: Any) -> list[str]:
    return list(dict.fromkeys(s.attachment for s in report.spec.sections if s.attachment))


def test_markdown_has_every_section_and_attachment(reference: Any) -> None:
    from exports.markdown import render

    text = render(reference, evaluate(reference))
    for label in _section_labels(reference):
        assert f"## {label}\n" in text, label
    for name in _attachments(reference):
        assert f"## {name}\n" in text, name
    assert [label[0] for label in _section_labels(reference)] == list("一二三四五六七八九十")
    assert "附件：\n\n1.部门整体支出绩效评价基础数据表\n\n2.部门整体支出绩效自评表\n\n3.部门整体支出绩效自评工作考核评分表" in text
    assert "### （一）单位职能" in text and "（1）根据区委" in text and "1.招大引强" in text
    for figure in ("194.72", "自评得分98分", "“优”", "87.50%", "100.00%"):
        assert figure in text, figure
    tables = [block for block in re.split(r"\n\n", text) if block.startswith("|")]
    shapes = [(len(t.splitlines()), t.splitlines()[0].count(" | ") + 1) for t in tables]
    indicators = next(t for t in tables if "三级指标" in t.splitlines()[0])
    assert len(indicators.splitlines()) == 2 + 13 + 1  # header, rule, 13 rows, 总分
    assert "| 总分 |" in indicators and "| 100 | 98 |" in indicators
    assessment = next(t for t in tables if t.splitlines()[0].startswith("| 一级指标 | 二级指标 | 分值"))
    assert len(assessment.splitlines()) == 2 + 12 + 1
    assert len(shapes) >= 10


@pytest.fixture(scope="module")
def word(tmp_path_factory: pytest.TempPathFactory, _reference_loaded: Any) -> tuple[Path, Path]:
    from exports.docx.write import write

    base = tmp_path_factory.mktemp("docx")
    report = _reference_loaded
    path = base / "report.docx"
    write(report, evaluate(report), report.spec, path)
    return path, base


@pytest.fixture(scope="module")
def word_pdf(word: tuple[Path, Path]) -> Path:
    path, base = word
    return convert([path], base / "pdf", "pdf", base / "profile")[0]


def _east_asia(paragraph: Any) -> tuple[str | None, float | None]:
    from docx.oxml.ns import qn

    run = paragraph.runs[0]
    fonts = run._element.rPr.rFonts
    return fonts.get(qn("w:eastAsia")), run.font.size.pt if run.font.size else None


def test_docx_sections_fonts_and_figures(word: tuple[Path, Path], reference: Any) -> None:
    from docx import Document

    document = Document(str(word[0]))
    paragraphs = {p.text: p for p in document.paragraphs if p.text}
    title = document.paragraphs[0]
    assert title.text == "2024年度中国国际贸易促进委员会岳阳市君山区委员会部门整体支出绩效自评报告"
    assert _east_asia(title) == ("方正小标宋简体", 22.0)
    assert "中国国际贸易促进委员会岳阳市君山区委员会" in paragraphs
    for label in _section_labels(reference):
        assert label in paragraphs, label
        assert _east_asia(paragraphs[label]) == ("黑体", 16.0)
    for name in _attachments(reference):
        assert name in paragraphs, name
    assert "3.部门整体支出绩效自评工作考核评分表" in paragraphs
    body = next(p for text, p in paragraphs.items() if text.startswith("2024年本单位部门预算资金194.72万元"))
    assert _east_asia(body) == ("仿宋_GB2312", 16.0)
    assert body.paragraph_format.first_line_indent is not None
    full = "\n".join(paragraphs) + "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    for figure in ("194.72", "自评得分98分", "“优”", "87.50%"):
        assert figure in full, figure
    footer = document.sections[0].footer._element.xml
    assert 'w:instr="PAGE"' in footer


def test_docx_attachment_tables_have_merged_cells(word: tuple[Path, Path]) -> None:
    from docx import Document

    document = Document(str(word[0]))
    tables = document.tables
    assert len(tables) >= 10
    indicators = next(t for t in tables if len(t.columns) > 2 and t.cell(0, 2).text == "三级指标")
    assert (len(indicators.rows), len(indicators.columns)) == (15, 8)
    assert indicators.cell(1, 0)._tc is indicators.cell(8, 0)._tc  # 产出指标 over 8 rows
    assert indicators.cell(1, 0).text == "产出指标"
    assert indicators.cell(1, 1)._tc is indicators.cell(3, 1)._tc  # 数量指标 over 3 rows
    assert indicators.cell(14, 0)._tc is indicators.cell(14, 4)._tc  # 总分 across
    assert [indicators.cell(14, 5).text, indicators.cell(14, 6).text] == ["100", "98"]
    staffing = next(t for t in tables if t.cell(0, 0).text == "财政供养人员情况（人）")
    assert staffing.cell(0, 0)._tc is staffing.cell(1, 0)._tc
    assessment = next(t for t in tables if t.cell(0, 0).text == "一级指标" and len(t.columns) == 4)
    assert assessment.cell(1, 0)._tc is assessment.cell(3, 0)._tc  # 布置工作 over 3 items
    sections = document.sections
    assert len(sections) == 4 and sections[2].page_width > sections[2].page_height  # 附件2 landscape


@pytest.mark.libreoffice
def test_docx_converts_to_a_sane_pdf(word_pdf: Path) -> None:
    pages = len(re.findall(rb"/Type\s*/Page[^s]", word_pdf.read_bytes()))
    assert 5 <= pages <= 30, pages


def test_several_targets_at_once(tmp_path: Path, reference_path: Path) -> None:
    outs = [tmp_path / name for name in ("a.xlsx", "a.md", "a.docx", "a.toml")]
    args = ["export", str(reference_path)]
    for out in outs:
        args += ["--to", str(out)]
    done = run_jixiao(*args)
    assert done.returncode == 0, done.stderr
    for out in outs:
        assert out.stat().st_size > 1000, out
        assert f"已导出 {out}" in done.stderr


def test_markdown_and_toml_exports_load_no_office_library(tmp_path: Path, reference_path: Path) -> None:
    code = (
        "import sys\nfrom tui.cli import main\n"
        f"main(['export', {str(reference_path)!r}, '--to', {str(tmp_path / 'a.md')!r}, '--to', "
        f"{str(tmp_path / 'a.toml')!r}, '--quiet'])\n"
        "print(sorted(m for m in ('openpyxl', 'docx') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
