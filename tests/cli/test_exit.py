"""A one-shot command ends without tearing its objects down (tui.cli.main.script): what it
printed must still arrive whole, through a pipe (block-buffered, unlike a terminal), with
its exit status; the editor and batch exit as Python does."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.conftest import REFERENCE, run_jixiao
from tests.helpers.long_list import with_indicators

# stdout buffered as a server's pipe has it (a shell may export PYTHONUNBUFFERED, which
# would hide an answer lost at exit)
BUFFERED = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}


def _many_findings(folder: Path, rows: int) -> Path:
    """The sample with `rows` indicators whose 得分 is above their 分值: one error each."""
    path = folder / "many.toml"
    path.write_text(with_indicators(REFERENCE.read_text(encoding="utf-8"), (
        f'{{level1="产出指标",level2="数量指标",name="指标{i}",target="≥1",actual="1",weight=1,score=2}}'
        for i in range(rows))), encoding="utf-8")
    return path


def test_a_short_answer_left_in_the_buffer_arrives_with_its_exit_status():
    # 2 KB of JSON stay in stdout's buffer until the end: an exit without a flush loses them
    result = run_jixiao("check", str(REFERENCE), "--json", env=BUFFERED)
    answer = json.loads(result.stdout)
    assert (answer["errors"], result.returncode) == (0, 0)
    assert answer["file"] == str(REFERENCE)


def test_a_long_answer_through_a_pipe_arrives_whole_with_its_exit_status(tmp_path):
    report = _many_findings(tmp_path, 1500)
    result = run_jixiao("check", str(report), "--json", env=BUFFERED)
    assert len(result.stdout.encode()) > 200_000  # far beyond a pipe's 64 KB
    answer = json.loads(result.stdout)  # cut short, it would not parse
    assert answer["errors"] >= 1500
    assert len(answer["findings"]) == answer["errors"] + answer["warnings"] + answer["infos"]
    assert result.returncode == 1


def test_a_refusal_on_stderr_arrives_with_exit_2(tmp_path):
    result = run_jixiao("check", str(tmp_path / "无此文件.toml"), env=BUFFERED)
    assert result.returncode == 2
    assert "文件不存在" in result.stderr and "无此文件.toml" in result.stderr
