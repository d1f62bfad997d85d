"""What the command line prints: Chinese, at 80 columns, inert, ids only with --verbose (issue 8).

A wrapped line keeps its hanging indent; a figure (`194.72`, `100.00%`, `3.01亿元`) is
never split; no line starts with closing punctuation; batch at 80 columns gives cards,
never a column squeezed to `reports…`; `show --section` takes the form's Chinese names.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.toml_errors import _COMPILED
from tests.conftest import ROOT, run_jixiao, run_on_terminal
from tui.cli.terminal import _CLOSING, _OPENING, cell_width, wrap

_FIGURE = re.compile(r"[+-]?\d+(?:\.\d+)?(?:%|亿元|万元)?")
_STARTS_BADLY = re.compile(r"^\s*[，。；：、）」』》！？%]")
_COLUMNS80 = {**os.environ, "COLUMNS": "80"}


def _figures(text: str) -> list[str]:
    return _FIGURE.findall(text.replace(" ", ""))


_PIECES = st.lists(st.one_of(
    st.sampled_from(["基本支出", "项目支出", "全年预算数", "，", "。", "（", "）", "、", "：", " ", "差", "合计"]),
    st.decimals(min_value=0, max_value=10**9, places=2).map(lambda d: f" {d} "),
    st.sampled_from([" 100.00%", "3.01亿元", " 87.50%", "194.72万元", " self_eval.indicators[1].actual "]),
), min_size=1, max_size=40)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_PIECES, st.integers(min_value=24, max_value=100), st.integers(min_value=0, max_value=10))
def test_wrap_keeps_figures_whole_and_punctuation_in_place(pieces: list[str], width: int, indent: int) -> None:
    text = "".join(pieces)
    lines = wrap(text, width, first=indent, indent=indent)
    assert all(cell_width(line) <= width for line in lines[1:]) and cell_width(lines[0]) + indent <= width
    assert all(line.startswith(" " * indent) for line in lines[1:] if line.strip())
    for line in lines[1:]:
        assert not line.strip() or line.strip()[0] not in _CLOSING, lines
    for line in lines[:-1]:
        assert not line or line[-1] not in _OPENING, lines
    assert "".join(line.strip() for line in lines) == text.replace(" ", "") or \
        "".join(lines).replace(" ", "") == text.replace(" ", "")
    joined = "".join(line.strip() for line in lines)
    assert _figures(joined) == _figures(text), "a figure was split across lines"


def _lines_ok(text: str, width: int = 80) -> None:
    for line in text.splitlines():
        assert cell_width(line) <= width, line
        assert not _STARTS_BADLY.match(line), line
        assert "…" not in line, line


def test_check_reads_at_80_columns_piped(reference_path: Path) -> None:
    result = run_jixiao("check", str(reference_path), env=_COLUMNS80)
    assert result.returncode == 0
    _lines_ok(result.stdout)
    assert "text.signature" not in result.stdout and "unit.filled_by" not in result.stdout
    assert "[" not in result.stdout, "no internal id without --verbose"
    assert "封面 · 填表人未填（表尾签字栏）" in result.stdout
    message = "附件5 待评审人员填写：自评通知 印发、自评通知 内容、工作小组、单位自查、"
    assert message in result.stdout and "\n        提交报告" in result.stdout  # the hanging indent
    verbose = run_jixiao("check", str(reference_path), "--verbose", env=_COLUMNS80)
    _lines_ok(verbose.stdout)
    assert "text.signature · unit.filled_by" in verbose.stdout
    assert "cross.public · budget.public" in verbose.stdout


def _on_terminal(*args: str, columns: int = 80) -> str:
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), "NO_COLOR": "1"}
    _, shown = run_on_terminal(*args, env=env)
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown).replace("\r", "")


def test_check_score_and_batch_on_an_80_column_terminal(reference_path: Path, tmp_path: Path) -> None:
    for args in (("check", str(reference_path)), ("score", str(reference_path))):
        shown = _on_terminal(*args)
        _lines_ok(shown)
        assert "98" in shown or "错误 0" in shown
    for index in range(3):
        (tmp_path / f"r{index}.toml").write_bytes(reference_path.read_bytes())
    (tmp_path / "bad.toml").write_text("schema = 1\nform = [", encoding="utf-8")
    shown = _on_terminal("batch", str(tmp_path))
    _lines_ok("\n".join(line for line in shown.splitlines() if "检查报告" not in line))  # the progress bar
    assert "中国国际贸易促进委员会岳阳市君山区委员会" in shown, "the unit whole, on a line of its own"
    assert "年度 2024  预算数 194.72" in shown and "无法读取" in shown


def test_score_names_come_from_the_form(reference_path: Path) -> None:
    result = run_jixiao("score", str(reference_path), env=_COLUMNS80)
    _lines_ok(result.stdout)
    for words in ("预算执行率 100.00%", "财政供养人员控制率 87.50%", "三公经费变动率 -31.62%", "等级 优",
                  "一级指标", "三级指标", "合计", "25（部分待评）"):
        assert words in result.stdout, words


def test_batch_at_80_columns_is_cards_and_wide_is_a_table(reference_path: Path, tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_bytes(reference_path.read_bytes())
    (tmp_path / "b.toml").write_text("x = [", encoding="utf-8")
    narrow = run_jixiao("batch", str(tmp_path), env=_COLUMNS80)
    _lines_ok(narrow.stdout)
    assert "\n    年度 2024  预算数 194.72  执行数 194.72  执行率 100.00%  总分 98" in narrow.stdout
    wide = run_jixiao("batch", ".", env={**os.environ, "COLUMNS": "200", "PYTHONPATH": str(ROOT)}, cwd=tmp_path)
    _lines_ok(wide.stdout, 200)
    line = next(line for line in wide.stdout.splitlines() if line.startswith("./a.toml"))
    assert "中国国际贸易促进委员会岳阳市君山区委员会  2024" in line and line.rstrip().endswith("4")


def test_show_takes_the_sections_chinese_names(reference_path: Path) -> None:
    cover = run_jixiao("show", str(reference_path), "--section", "cover").stdout
    assert "单位名称：中国国际贸易促进委员会岳阳市君山区委员会" in cover and "年度：2024" in cover
    assert run_jixiao("show", str(reference_path), "--section", "封面").stdout == cover
    two = run_jixiao("show", str(reference_path), "--section", "二").stdout
    assert "二、一般公共预算支出情况" in two and "一、部门" not in two
    assert run_jixiao("show", str(reference_path), "--section", "s2").stdout == two
    att2 = run_jixiao("show", str(reference_path), "--section", "附件2").stdout
    assert "新签约项目" in att2
    assert run_jixiao("show", str(reference_path), "--section", "附件2 绩效指标").stdout == att2
    wrong = run_jixiao("show", str(reference_path), "--section", "十一")
    assert wrong.returncode == 2 and "没有这一节：十一（可选：封面、一、二" in wrong.stderr


def test_new_refuses_a_year_outside_the_forms_bounds(tmp_path: Path, reference_path: Path) -> None:
    result = run_jixiao("new", str(tmp_path / "x.toml"), "--year", "99999")
    assert result.returncode == 2 and "年度 99999 超出范围（应在 2000 至 2100 之间），未创建" in result.stderr
    last = tmp_path / "2100.toml"
    last.write_text(reference_path.read_text(encoding="utf-8").replace("year = 2024", "year = 2100", 1), "utf-8")
    result = run_jixiao("new", str(tmp_path / "next.toml"), "--from", str(last))
    assert result.returncode == 2 and "年度 2101 超出范围" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2100.toml"]


def test_json_is_inert_and_keeps_the_data(tmp_path: Path, reference_path: Path) -> None:
    text = reference_path.read_text(encoding="utf-8").replace(
        'name = "中国国际贸易促进委员会岳阳市君山区委员会"', 'name = "单位\\u009b\\u202e\\u2028名"', 1)
    (tmp_path / "r.toml").write_text(text, encoding="utf-8")
    result = run_jixiao("batch", str(tmp_path), "--json")
    assert not re.search("[\x80-\x9f\u202e\u2028]", result.stdout)
    assert json.loads(result.stdout)["reports"][0]["unit"] == "单位\x9b\u202e\u2028名"


def test_every_tomllib_message_has_its_chinese_reason() -> None:
    """The running Python's tomllib: each message it can raise matches a reason of
    core.toml_errors more specific than the catch-all."""
    source = Path(tomllib.__file__).with_name("_parser.py").read_text(encoding="utf-8")
    messages = re.findall(r'suffixed_err\(\s*src,\s*\w+,\s*f?"((?:[^"\\]|\\.)*)"', source)
    assert len(messages) > 15
    specific = [pattern for pattern, _ in _COMPILED if pattern.pattern != "Invalid (.*)"]
    for message in messages:
        sample = re.sub(r"\{[^}]*\}", "'x'", message).replace("\\\\", "\\")
        assert any(pattern.fullmatch(sample) for pattern in specific), message


@pytest.mark.parametrize(("text", "words"), [
    ('schema = 1\nform = "hunan-department"\n[unit\n', "第 3 行第 6 列有误：表头缺少右方括号 ]"),
    ('schema = 1\nform = "hunan-department"\nx = 你好\n', "第 3 行第 5 列有误：值无效"),
    ('schema = 1\nschema = 2\n', "第 2 行第 11 列有误：同一个键写了两次"),
    ('schema = 1\nform = "a\n', "第 2 行第 10 列有误：字符串缺少结尾的引号"),
    ('schema = 1\nform = "hunan-department"\na = {b = 1\n', "第 3 行第 11 列有误：花括号表缺少右花括号 }"),
])
def test_toml_errors_in_chinese_with_line_and_column(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "r.toml"
    path.write_text(text, encoding="utf-8")
    result = run_jixiao("check", str(path))
    assert result.returncode == 2 and words in result.stderr, result.stderr
    plain = result.stderr.replace(str(path), "").replace("TOML", "").replace("jixiao", "")
    assert not re.search("[A-Za-z]{4,}", plain), result.stderr  # tomllib's English only with --verbose
    assert re.search("[A-Za-z]{4,} ", run_jixiao("check", str(path), "--verbose").stderr.replace("jixiao", ""))


def test_import_of_what_is_no_workbook_says_so(tmp_path: Path, reference_path: Path) -> None:
    result = run_jixiao("import", str(reference_path), "-o", str(tmp_path / "x.toml"))
    assert result.returncode == 2 and "不是 Word 文档（.docx）或工作簿（.xlsx）" in result.stderr
    assert list(tmp_path.iterdir()) == []
