"""Importing a department's Word report: the seed file and its variants, read through the form.

The Word files are built from the published report's text (tests/helpers/seed_docx.py)
with its quirks: headings `1、`/`4、` beside `二、`, `（1） 、单位职能`, some headings plain bold
paragraphs, full-width spaces in cells, real merged cells, 附件5 right after 附件2. The
faithful file must give the reference's inputs (except what a Word file cannot hold,
listed below with the reason) and so the reference's findings; every variant must say
what it lacks or did not understand, and never turn what it could not read into a 0.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest

from core.evaluate import evaluate
from core.form import installed_forms
from core.readback.model import ImportReport
from exports.docx.read import DocumentRefused, read_docx
from exports.xlsx.map import flatten
from tests.helpers import seed_docx, seed_text

# What the reference holds that the department's Word file cannot give back, and why.
CANNOT_HOLD = {
    "unit.short_name": "简称 is jixiao's own field (status bar, batch rows); the Word report has no place for it",
    "performance.summary": "the reference's transcription made the half-width ; of the Word text full-width ；",
    "performance.assets": "the reference's transcription made the half-width , of the Word text full-width ，",
    "basic_data.frugality": "the reference corrected the published typo 特神 to 精神; the Word file has 特神",
}


@pytest.fixture(scope="module")
def imported() -> dict[str, ImportReport]:
    return {variant: read_docx(seed_docx.build(variant), name=f"{variant}.docx")
            for variant in seed_docx.VARIANTS}


def _flat(report: Any) -> dict[str, Any]:
    return dict(flatten(report.data))


def _differing(a: dict[str, Any], b: dict[str, Any]) -> set[str]:
    return {key for key in set(a) | set(b) if a.get(key) != b.get(key)}


def test_faithful_equals_the_reference_but_for_what_word_cannot_hold(imported: dict[str, ImportReport],
                                                                      reference: Any) -> None:
    result = imported["faithful"]
    assert result.status == 0 and result.form == reference.spec.id
    assert result.report is not None
    differing = _differing(_flat(reference), _flat(result.report))
    assert differing == set(CANNOT_HOLD)  # and each listed item really differs
    assert result.report.get("basic_data.frugality").count("特神") == 1
    assert ";" in result.report.get("performance.summary")


def test_faithful_then_check_gives_the_reference_findings(imported: dict[str, ImportReport],
                                                           reference: Any) -> None:
    report = imported["faithful"].report
    assert report is not None

    def findings(ev: Any) -> list[tuple[str, str, str, str]]:
        return sorted((f.severity, f.id, f.path, f.message) for f in ev.findings)

    assert findings(evaluate(report)) == findings(evaluate(reference))
    ev = evaluate(report)
    assert (ev.errors, ev.total, ev.grade) == (0, Decimal(98), "优")
    assert sorted((f.id, f.path) for f in ev.findings if f.severity == "warning") == [
        ("cross.public", "budget.public"), ("text.signature", "unit.filled_by"),
        ("text.signature", "unit.head"), ("text.signature", "unit.phone")]


def test_the_import_report_says_where_each_figure_came_from(imported: dict[str, ImportReport]) -> None:
    result = imported["faithful"]
    where = {read.path: read.where.text() for read in result.read}
    assert where["budget.total"] == "附件2 表格第 3 行第 4 格"
    assert where["budget.personnel"].startswith("第 23 段“2024年度基本支出")
    assert where["basic_data.costs.reception.prev"] == "附件1 表格第 9 行第 2 格"
    assert where["unit.year"] == "附件1 表格第 1 行第 3 格"  # {year}年实际在职人数; the tables are read first
    assert where["self_eval.indicators[8].score"] == "附件2 表格第 20 行第 8 格"
    # the computed figures the file states are compared, not imported
    stated = {m.caption: (m.file_text, m.computed) for m in result.mismatches}
    assert stated == {"附件5 · 合计": ("98", "25（部分待评）")}
    missing = {m.path: m.reason for m in result.missing}
    assert missing["unit.short_name"] == "no_place" and missing["unit.filled_by"] == "blank"
    assert missing["budget.sources.special_account"] == "blank"
    assert missing["basic_data.buildings"] == "blank"
    assert not result.unmatched and not result.conflicts


def test_merged_cells_split_read_the_same(imported: dict[str, ImportReport]) -> None:
    result = imported["merged_split"]
    assert result.status == 0 and not result.unmatched
    assert result.report is not None and imported["faithful"].report is not None
    assert result.report.data == imported["faithful"].report.data


def test_table_pasted_as_text_reads_the_same_and_says_so(imported: dict[str, ImportReport]) -> None:
    result = imported["table_as_text"]
    assert result.status == 0 and not result.unmatched
    assert result.report is not None and imported["faithful"].report is not None
    assert result.report.data == imported["faithful"].report.data
    assert any("以文字粘贴" in note for note in result.notes)


def test_reordered_rows_are_found_by_their_labels(imported: dict[str, ImportReport]) -> None:
    result = imported["rows_reordered"]
    faithful = imported["faithful"].report
    assert result.status == 0 and not result.unmatched and result.report is not None and faithful
    mine, theirs = dict(result.report.data), dict(faithful.data)
    assert mine["basic_data"] == theirs["basic_data"]  # 出国经费 and 公务接待 swapped in the file
    by_name = {row["name"]: row for row in result.report.get("self_eval.indicators")}
    assert by_name == {row["name"]: row for row in faithful.get("self_eval.indicators")}
    assert [row["name"] for row in result.report.get("self_eval.indicators")][6:8] == ["预算控制率", "年度各项任务完成期限"]


def test_a_missing_row_is_named_and_its_figures_are_not_zero(imported: dict[str, ImportReport]) -> None:
    result = imported["row_missing"]
    assert result.report is not None
    missing = {m.path: m.reason for m in result.missing}
    for column in ("prev", "budget", "final"):
        assert missing[f"basic_data.costs.abroad.{column}"] == "absent"
        assert result.report.get(f"basic_data.costs.abroad.{column}") is None
    assert "附件1：文件中没有“2、出国经费”这一行" in result.notes
    # the deleted indicator row shows as the file's totals the rows read do not reach
    stated = {m.caption: (m.file_text, m.computed) for m in result.mismatches}
    assert stated["附件2 · 总分 · 分值"] == ("100", "95")
    assert stated["附件2 · 总分 · 得分"] == ("98", "93")
    assert len(result.report.get("self_eval.indicators")) == 12


def test_an_extra_row_is_read_where_the_form_has_room_and_reported_where_not(
        imported: dict[str, ImportReport]) -> None:
    result = imported["row_extra"]
    assert result.status == 1 and result.report is not None
    names = [row["name"] for row in result.report.get("self_eval.indicators")]
    assert names[3] == "举办招商推介会"  # inside the 数量指标 run: an indicator like the others
    [stray] = result.unmatched
    assert stray.text == "物业管理费 | 0 | 0 | 0" and stray.where.text() == "附件1 表格第 19 行"


def _edited(changes: dict[str, str]) -> bytes:
    """The faithful file with some cells of its tables retyped (cell text → new text)."""
    from docx import Document

    document = Document(io.BytesIO(seed_docx.build("faithful")))
    left = dict(changes)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                if cell.text in left:
                    cell.paragraphs[0].runs[0].text = left.pop(cell.text)
                    for run in cell.paragraphs[0].runs[1:]:
                        run.text = ""
    assert not left, left
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_text_where_a_figure_belongs_is_reported_never_a_zero() -> None:
    result = read_docx(_edited({"124.08": "无", "116.05": "约十一万"}), name="edited.docx")
    assert result.status == 1 and result.report is not None
    bad = {u.path: (u.text, u.reason) for u in result.unmatched}
    assert bad["budget.initial"][0] == "无" and "不是数字" in bad["budget.initial"][1]
    assert bad["basic_data.costs.public.prev"][0] == "约十一万"
    assert result.report.get("budget.initial") is None
    assert result.report.get("basic_data.costs.public.prev") is None


def test_a_figure_given_twice_with_two_values_is_a_conflict() -> None:
    result = read_docx(_edited({"其中：基本支出：174.1": "其中：基本支出：175.1"}), name="twice.docx")
    assert result.status == 1
    [conflict] = result.conflicts
    assert conflict.path == "budget.basic"
    # the table's figure is kept (tables are read first), the sentence's shown beside it
    assert (conflict.kept.value, conflict.other.value) == (Decimal("175.1"), Decimal("174.1"))
    assert conflict.kept.where.text().startswith("附件2") and conflict.other.where.paragraph == 22


def test_a_stated_parent_that_disagrees_is_kept_so_check_reports_it() -> None:
    result = read_docx(_edited({"\u300011.64": "12.64"}), name="parent.docx")
    assert result.report is not None
    [mismatch] = [m for m in result.mismatches if m.caption.startswith("附件1")]
    assert (mismatch.caption, mismatch.file_text, mismatch.computed, mismatch.stored) == (
        "附件1 · 三公经费 · 2023年决算数", "12.64", "11.64", True)
    assert result.report.get("basic_data.costs.three_public.prev") == Decimal("12.64")
    assert any(f.id == "costs.parent_parts" for f in evaluate(result.report).findings)


def test_not_a_report_is_refused_with_the_reason() -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("会议纪要")
    document.add_table(rows=2, cols=2).cell(0, 0).text = "姓名"
    out = io.BytesIO()
    document.save(out)
    result = read_docx(out.getvalue(), name="minutes.docx")
    assert result.status == 2 and result.report is None
    assert result.refused is not None and "不像任何一种已安装的表" in result.refused
    with pytest.raises(DocumentRefused, match="不是 docx"):
        read_docx(b"PK\x03\x04 not really a zip", name="broken.docx")


def test_jixiao_s_own_word_export_reads_back_exactly(reference: Any) -> None:
    from exports.docx.write import render

    result = read_docx(render(reference, evaluate(reference), final=True), name="own.docx")
    assert result.status == 0 and not result.mismatches and result.report is not None
    assert _differing(_flat(reference), _flat(result.report)) == {"unit.short_name"}


def test_a_second_form_reads_with_no_code_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test form shares no id or label with the Hunan form; its Word export reads back."""
    from core.form import load_form
    from core.storage import load
    from exports.docx.write import render
    from tests.conftest import DATA

    monkeypatch.setenv("JIXIAO_FORMS", str(DATA / "forms"))
    load_form.cache_clear()
    try:
        sample = load(DATA / "forms" / "village-fund-sample.toml")
        result = read_docx(render(sample, evaluate(sample), final=True), name="village.docx",
                           forms=installed_forms())
    finally:
        load_form.cache_clear()
    assert len(installed_forms()) >= 1
    assert result.form == sample.spec.id and result.status == 0
    assert result.report is not None and _differing(_flat(sample), _flat(result.report)) == set()


def _retyped(changes: dict[str, str | None]) -> bytes:
    """The faithful file with some body paragraphs retyped (None: the paragraph deleted)."""
    from docx import Document

    document = Document(io.BytesIO(seed_docx.build("faithful")))
    left = dict(changes)
    for paragraph in list(document.paragraphs):
        if paragraph.text in left:
            new = left.pop(paragraph.text)
            if new is None:
                paragraph._p.getparent().remove(paragraph._p)
                continue
            paragraph.runs[0].text = new
            for run in paragraph.runs[1:]:
                run.text = ""
    assert not left, left
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_headings_as_clerks_retype_them(imported: dict[str, ImportReport]) -> None:
    organization = next(p for p in seed_text.paragraphs() if p.startswith("中国国际贸易促进委员会岳阳市君山区委员会内设"))
    result = read_docx(_retyped({
        "二、一般公共预算支出情况": "二、\u3000一般公共预算支出情况",  # a full-width space after the number
        "（一）基本支出情况": "(一) 基本支出情况",  # half-width brackets
        "六、部门整体支出绩效情况": "部门整体支出绩效情况",  # the numbering lost altogether
        "（二）、机构设置": "（二）机构设置：" + organization,  # the text run on after the heading
        organization: None,
        "十、其他需要说明的情况": "十、其他需要说明的情况：",  # a colon after it
    }), name="retyped.docx")
    assert result.status == 0 and not result.unmatched, result.unmatched
    assert result.report is not None and imported["faithful"].report is not None
    assert result.report.data == imported["faithful"].report.data
