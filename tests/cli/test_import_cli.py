"""`jixiao import` of Word reports and hand-filled workbooks, and `jixiao diff`, on the real command line."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_jixiao
from tests.helpers import seed_docx, seed_xlsx


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("import")
    out = {}
    for name, payload in (("faithful.docx", seed_docx.build("faithful")),
                          ("row_extra.docx", seed_docx.build("row_extra")),
                          ("template.xlsx", seed_xlsx.build("faithful"))):
        out[name] = folder / name
        out[name].write_bytes(payload)
    return out


def _clean(done: Any) -> None:
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout


def test_word_report_imports_and_checks_as_the_reference(files: dict[str, Path], tmp_path: Path,
                                                          reference_path: Path) -> None:
    out = tmp_path / "2024.toml"
    done = run_jixiao("import", str(files["faithful.docx"]), "-o", str(out))
    _clean(done)
    assert done.returncode == 0, done.stderr
    assert "读取 186 项" in done.stdout and "未识别 0 处" in done.stdout
    assert "附件2 表格第 3 行第 4 格" in done.stdout  # where 全年预算数 came from
    assert "附件5 · 合计：文件中 98，按读入的数据计算为 25（部分待评）" in done.stdout
    assert all(len(line) <= 80 for line in done.stdout.splitlines())
    checked = json.loads(run_jixiao("check", str(out), "--json").stdout)
    expected = json.loads(run_jixiao("check", str(reference_path), "--json").stdout)
    assert (checked["errors"], checked["warnings"], checked["infos"]) == (0, 4, expected["infos"])
    assert sorted((f["id"], f["path"], f["message"]) for f in checked["findings"]) == \
        sorted((f["id"], f["path"], f["message"]) for f in expected["findings"])


def test_json_report_and_exit_1_for_parts_not_understood(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "extra.toml"
    done = run_jixiao("import", str(files["row_extra.docx"]), "-o", str(out), "--json")
    _clean(done)
    assert done.returncode == 1
    payload = json.loads(done.stdout)
    assert payload["status"] == 1 and payload["written"] is True and out.is_file()
    [stray] = payload["unmatched"]
    assert stray["text"] == "物业管理费 | 0 | 0 | 0" and stray["where"]["text"] == "附件1 表格第 19 行"
    read = {r["path"]: r for r in payload["read"]}
    assert read["budget.total"]["value"] == "194.72" and read["budget.total"]["where"]["row"] == 3
    assert {m["path"]: m["reason"] for m in payload["missing"]}["unit.short_name"] == "no_place"


def test_force_keeps_the_previous_file_as_bak(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "r.toml"
    out.write_text("# 旧文件\n", encoding="utf-8")
    refused = run_jixiao("import", str(files["faithful.docx"]), "-o", str(out))
    assert refused.returncode == 2 and "已存在" in refused.stderr
    assert out.read_text(encoding="utf-8") == "# 旧文件\n"
    done = run_jixiao("import", str(files["faithful.docx"]), "-o", str(out), "--force")
    assert done.returncode == 0
    assert (tmp_path / "r.toml.bak").read_text(encoding="utf-8") == "# 旧文件\n"
    assert "schema = 1" in out.read_text(encoding="utf-8")


def test_hand_filled_workbook_imports(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "t.toml"
    done = run_jixiao("import", str(files["template.xlsx"]), "-o", str(out))
    _clean(done)
    assert done.returncode == 0, done.stderr
    assert "手填工作簿" in done.stdout and "工作表“附件1” B4" in done.stdout


def _word(paragraphs: list[str]) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_not_such_a_report_is_exit_2_and_nothing_written(tmp_path: Path) -> None:
    cases = {"minutes.docx": _word(["会议纪要", "关于办公楼维修的安排"]), "broken.docx": b"PK\x03\x04broken",
             "old.doc": b"\xd0\xcf\x11\xe0 an old Word file"}
    for name, payload in cases.items():
        source = tmp_path / name
        source.write_bytes(payload)
        out = tmp_path / f"{name}.toml"
        done = run_jixiao("import", str(source), "-o", str(out))
        _clean(done)
        assert done.returncode == 2, (name, done.stderr)
        assert not out.exists() and done.stderr.strip(), name


def test_text_from_the_file_is_shown_inert(tmp_path: Path) -> None:
    from docx import Document

    document = Document(io.BytesIO(seed_docx.build("faithful")))
    cell = document.tables[1].rows[0].cells[3]
    cell.paragraphs[0].runs[0].text = "\u202e中国国际贸易促进委员会岳阳市君山区委员会"
    source = tmp_path / "bidi.docx"
    document.save(source)
    done = run_jixiao("import", str(source), "-o", str(tmp_path / "b.toml"))
    assert "\u202e" not in done.stdout and "\\u202e" in done.stdout


def test_diff_of_a_resubmission(files: dict[str, Path], tmp_path: Path, reference_path: Path) -> None:
    same = run_jixiao("diff", str(reference_path), str(reference_path))
    assert same.returncode == 0 and "两个版本相同" in same.stdout
    text = reference_path.read_text(encoding="utf-8").replace("executed = 194.72", "executed = 180")
    changed = tmp_path / "2024-重报.toml"
    changed.write_text(text, encoding="utf-8")
    done = run_jixiao("diff", str(reference_path), str(changed))
    _clean(done)
    assert done.returncode == 1
    assert "全年执行数：194.72 → 180" in done.stdout and "预算执行率：100% → 92.44%" in done.stdout
    assert "新增 错误" in done.stdout
    payload = json.loads(run_jixiao("diff", str(reference_path), str(changed), "--json").stdout)
    assert [c["path"] for c in payload["changes"]] == ["budget.executed"]
    assert any(f["what"] == "appeared" and f["id"] == "budget.executed_split" for f in payload["findings"])
    # a data file against the department's Word file: only what Word cannot hold differs
    word = run_jixiao("diff", str(reference_path), str(files["faithful.docx"]), "--json")
    assert word.returncode == 1
    assert {c["path"] for c in json.loads(word.stdout)["changes"]} == {
        "unit.short_name", "performance.summary", "performance.assets", "basic_data.frugality"}


def test_diff_of_two_forms_cannot_run(tmp_path: Path, reference_path: Path) -> None:
    import os

    from tests.conftest import DATA

    env = {**os.environ, "JIXIAO_FORMS": str(DATA / "forms")}
    done = run_jixiao("diff", str(reference_path), str(DATA / "forms" / "village-fund-sample.toml"), env=env)
    assert done.returncode == 2 and "表单不同" in done.stderr


def test_diff_shows_hostile_text_escaped(tmp_path: Path, reference_path: Path) -> None:
    from core.visible import has_controls

    text = reference_path.read_text(encoding="utf-8").replace(
        'name = "中国国际贸易促进委员会岳阳市君山区委员会"', 'name = "单位\\u001b]0;x\\u0007\\u202e反\\u009b"', 1)
    changed = tmp_path / "重报.toml"
    changed.write_text(text, encoding="utf-8")
    for extra in ([], ["--json"]):
        done = run_jixiao("diff", str(reference_path), str(changed), *extra)
        assert done.returncode == 1
        assert not has_controls(done.stdout), extra
    payload = json.loads(done.stdout)
    assert payload["changes"][0]["new"] == "单位\x1b]0;x\x07\u202e反\x9b"


def test_import_json_of_a_jixiao_workbook(tmp_path: Path, reference_path: Path) -> None:
    book = tmp_path / "r.xlsx"
    assert run_jixiao("export", str(reference_path), "--to", str(book), "--quiet").returncode == 0
    done = run_jixiao("import", str(book), "-o", str(tmp_path / "back.toml"), "--json")
    answer = json.loads(done.stdout)
    assert done.returncode == 0 and (tmp_path / "back.toml").is_file()
    assert (answer["kind"], answer["status"], answer["written"], answer["errors"]) == ("jixiao-xlsx", 0, True, [])
    from openpyxl import load_workbook

    workbook = load_workbook(book)
    workbook["附件2 自评表"]["F5"] = "一百"  # 全年执行数 as words
    workbook.save(book)
    done = run_jixiao("import", str(book), "-o", str(tmp_path / "again.toml"), "--json")
    answer = json.loads(done.stdout)
    assert done.returncode == 1 and not (tmp_path / "again.toml").exists()
    assert (answer["status"], answer["written"]) == (1, False)
    assert "全年执行数" in answer["errors"][0] and "一百" in answer["errors"][0]
