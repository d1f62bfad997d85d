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
    for table in reference.spec.tables:
        assert f"## {table.heading}\n" in text, table.heading
    assert [label[0] for label in _section_labels(reference)] == list("一二三四五六七八九十")
    assert ("附件：\n\n附件1 部门整体支出绩效评价基础数据表\n\n附件2 部门整体支出绩效自评表\n\n"
            "附件5 部门整体支出绩效自评工作考核评分表") in text
    assert "### （一）单位职能" in text and "（1）根据区委" in text and "1.招大引强" in text
    for figure in ("194.72", "自评得分98分", "“优”", "87.5%", "预算执行率100%"):
        assert figure in text, figure
    tables = [block for block in re.split(r"\n\n", text) if block.startswith("|")]
    assert len(tables) == 3
    indicators = tables[1].splitlines()
    assert any("| 产出指标（50分） | 数量指标 | 新签约项目 |" in line for line in indicators)
    assert any(line.startswith("| 总分 |") and "| 100 | 98 |" in line for line in indicators)
    assert not text.startswith("> **草稿")


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
    lines = [p.text for p in document.paragraphs[:2]]
    assert lines == ["2024年度中国国际贸易促进委员会岳阳市", "君山区委员会部门整体支出绩效自评报告"]  # never inside 君山区
    assert _east_asia(document.paragraphs[0]) == ("方正小标宋简体", 22.0)
    for label in _section_labels(reference):
        assert label in paragraphs, label
        assert _east_asia(paragraphs[label]) == ("黑体", 16.0)
        assert paragraphs[label].paragraph_format.keep_with_next
    for table in reference.spec.tables:
        assert table.heading in paragraphs, table.heading
    body = next(p for text, p in paragraphs.items() if text.startswith("2024年本单位部门预算资金194.72万元"))
    assert _east_asia(body) == ("仿宋_GB2312", 16.0)
    assert body.paragraph_format.first_line_indent is not None
    assert document.core_properties.title == "".join(lines)
    assert document.core_properties.language == "zh-CN"
    assert 'w:eastAsia="zh-CN"' in document.styles.element.xml
    footer = document.sections[0].footer._element.xml
    assert 'w:instr="PAGE"' in footer


def test_docx_attachment_tables(word: tuple[Path, Path]) -> None:
    """One Word table per attachment: merged label cells, header rows repeated, rows never split."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(str(word[0]))
    tables = document.tables
    assert len(tables) == 3
    att2 = tables[1]._tbl
    rows = att2.tr_lst
    assert all(tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)
    assert sum(1 for tr in rows if tr.trPr.find(qn("w:tblHeader")) is not None) >= 1
    first = tables[1].cell(1, 0)
    assert first.text.replace("\n", "") == "年度预算申请（万元）"
    assert tables[1].cell(1, 0)._tc is tables[1].cell(7, 0)._tc  # merged down its 7 rows
    indicators_top = next(i for i, tr in enumerate(rows) if "产出指标" in "".join(tr.itertext()))
    assert tables[1].cell(indicators_top, 1)._tc is tables[1].cell(indicators_top + 7, 1)._tc  # 产出 over 8
    sections = document.sections
    assert len(sections) == 4 and sections[2].page_width > sections[2].page_height  # 附件2 landscape
    widths = [int(col.get(qn("w:w"))) for col in att2.tblGrid.findall(qn("w:gridCol"))]
    assert widths[3] > widths[0]  # the 三级指标 column wider than the vertical label column


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
