"""The command line as a clerk or a server uses it: exit codes, files written, what is printed."""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal

from core.storage import load


def test_new_from_last_year_carries_unit_and_final_figures(jixiao, reference_path, tmp_path):
    out = tmp_path / "2025.toml"
    result = jixiao("new", str(out), "--from", str(reference_path))
    assert result.returncode == 0, result.stderr
    report = load(out)
    assert report.year == 2025
    assert report.get("unit.name") == "中国国际贸易促进委员会岳阳市君山区委员会"
    assert report.get("profile.functions")[8] == "承办区委、区人民政府交办的其他工作。"
    assert report.get("basic_data.costs.public.prev") == Decimal("80.87")
    assert report.get("basic_data.costs.reception.prev") == Decimal("7.96")
    assert report.get("basic_data.costs.public.final") is None
    assert report.get("basic_data.costs.project_others")[0] == {"name": "招商引资", "prev": 0}
    assert report.get("budget") is None and report.get("self_eval") is None


def test_new_never_overwrites(jixiao, tmp_path):
    out = tmp_path / "x.toml"
    out.write_text("keep me", "utf-8")
    result = jixiao("new", str(out), "--sample")
    assert result.returncode == 2
    assert "已存在" in result.stderr
    assert out.read_text("utf-8") == "keep me"


def test_new_blank_and_sample(jixiao, tmp_path):
    blank = tmp_path / "blank.toml"
    assert jixiao("new", str(blank), "--unit", "某某局", "--year", "2025").returncode == 0
    report = load(blank)
    assert (report.get("unit.name"), report.year) == ("某某局", 2025)
    sample = tmp_path / "sample.toml"
    assert jixiao("new", str(sample), "--sample").returncode == 0
    assert load(sample).get("budget.total") == Decimal("194.72")


def test_blank_report_is_checked_without_traceback(jixiao, tmp_path):
    blank = tmp_path / "blank.toml"
    jixiao("new", str(blank), "--unit", "某某局", "--year", "2025")
    result = jixiao("check", str(blank), "--json")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    payload = json.loads(result.stdout)
    ids = {(f["id"], f["path"]) for f in payload["findings"]}
    assert ("field.missing", "budget.total") in ids
    assert ("field.missing", "self_eval.indicators") in ids
    assert ("text.missing", "disclosure.text") in ids
    score = json.loads(jixiao("score", str(blank), "--json").stdout)
    assert score["total"] is None and score["grade"] is None and score["execution_rate"] is None


def test_partial_report_every_missing_part_is_a_finding(jixiao, tmp_path):
    partial = tmp_path / "partial.toml"
    partial.write_text(
        'schema = 1\nform = "hunan-department"\n[unit]\nname = "某某局"\nyear = 2024\n'
        "[budget]\ntotal = 100.00\nbasic = 80\nproject = 20\nexecuted = 95.5\n"
        "[basic_data.staffing]\nquota = 10\nactual = 9\n",
        "utf-8",
    )
    result = jixiao("check", str(partial), "--json")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    payload = json.loads(result.stdout)
    missing = {f["path"] for f in payload["findings"] if f["id"] == "field.missing"}
    assert {"budget.executed_basic", "budget.personnel", "self_eval.indicators"} <= missing
    sections = {f["path"] for f in payload["findings"] if f["id"] == "text.missing"}
    assert sections == {"profile.functions", "performance.summary", "problems", "measures", "disclosure.text",
                        "remarks.text"}
    score = json.loads(jixiao("score", str(partial), "--json").stdout)
    assert score["execution_rate"] == "95.50" and score["execution_score"] == "9.55"
    assert score["staffing_rate"] == "90.00"


def test_check_human_output_groups_by_section(jixiao, reference_path):
    result = jixiao("check", str(reference_path))
    assert result.returncode == 0
    out = result.stdout
    assert "二、一般公共预算支出情况" in out
    assert "正文 公用经费 81.02 ≠ 附件1 公用经费 本年决算数 80.87（差 0.15）" in out.replace("\n", "")
    assert "错误 0" in out and "警告 4" in out


def test_score_human_output(jixiao, reference_path):
    out = jixiao("score", str(reference_path)).stdout
    assert "总分" in out and "98" in out and "等级 优" in out
    assert "100.00%" in out and "87.50%" in out
    assert "待评" in out


def test_show_reads_at_80_columns(jixiao, reference_path):
    result = jixiao("show", str(reference_path), env={"COLUMNS": "80", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0
    from rich.cells import cell_len

    widest = max(cell_len(line) for line in result.stdout.splitlines())
    assert widest <= 80, widest
    text = result.stdout
    for heading in ("一、部门（单位）基本情况", "十、其他需要说明的情况", "附件1", "附件2", "附件5"):
        assert heading in text
    assert "2024年本单位部门预算资金194.72万元" in text
    assert "自评得分98分" in text and "“优”" in text
    one = jixiao("show", str(reference_path), "--section", "附件1").stdout
    assert "三公经费" in one and "一、部门" not in one
    assert jixiao("show", str(reference_path), "--section", "nope").returncode == 2


def test_export_toml_writes_results_and_loads_back(jixiao, reference_path, tmp_path):
    out = tmp_path / "out.toml"
    result = jixiao("export", str(reference_path), "--to", str(out))
    assert result.returncode == 0, result.stderr
    raw = tomllib.loads(out.read_text("utf-8"))
    assert raw["results"]["execution_rate"] == 100
    assert raw["results"]["staffing_rate"] == 87.5
    assert raw["results"]["costs"]["three_public"] == {"prev": 11.64, "budget": 10, "final": 7.96}
    assert raw["results"]["grade"] == "优" and raw["results"]["warnings"] == 4
    assert load(out).data == load(reference_path).data


def test_export_unknown_suffix_is_refused(jixiao, reference_path, tmp_path):
    result = jixiao("export", str(reference_path), "--to", str(tmp_path / "x.pdf"))
    assert result.returncode == 2 and "不支持" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_exit_codes(jixiao, reference_path, tmp_path):
    assert jixiao("check", str(tmp_path / "missing.toml")).returncode == 2
    assert jixiao("check").returncode == 2
    assert jixiao("frobnicate").returncode == 2
    broken = tmp_path / "broken.toml"
    text = reference_path.read_text("utf-8").replace("basic = 174.1 ", "basic = 175.1 ")
    broken.write_text(text, "utf-8")
    result = jixiao("check", str(broken), "--json")
    assert result.returncode == 1
    finding = next(f for f in json.loads(result.stdout)["findings"] if f["id"] == "budget.split")
    assert finding["severity"] == "error" and finding["path"] == "budget.basic"


def test_unreadable_file_is_refused_and_untouched(jixiao, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('schema = 1\nform = "hunan-department"\n[unit]\nyear = "二〇二四"\n', "utf-8")
    before = bad.read_bytes()
    result = jixiao("check", str(bad))
    assert result.returncode == 2
    assert "封面 · 年度" in result.stderr and "二〇二四" in result.stderr
    assert "unit.year" not in result.stderr, "the data key only with --verbose"
    assert "Traceback" not in result.stderr
    verbose = jixiao("check", str(bad), "--verbose")
    assert verbose.returncode == 2 and "键 unit.year" in verbose.stderr
    assert bad.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml"]
