"""Files that cannot be read (rules.md, "Files that cannot be read"): exit 2, the reason, nothing written.

Each file of tests/data/bad/ is copied into an empty folder and checked from there;
the folder's listing, bytes and mtimes must be the same afterwards, so a refusal can
never leave a temp file, a `.bak` or a rewritten report behind. The 50 MB file is made
at test time (never committed).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_jixiao

# run from the case's folder, but this tree's code (not whatever jixiao is installed)
_HERE = {**os.environ, "PYTHONPATH": str(ROOT)}

BAD = Path(__file__).resolve().parent.parent / "data" / "bad"

# file → the message `check` must print after "jixiao: <path>："
EXPECTED = {
    "invalid-utf8.toml": "不是 UTF-8 编码的文本（第 5 行第 9 列）",
    "truncated.toml": "不是有效的 TOML，第 ",
    "year-chinese.toml": "封面 · 年度 应为整数年份，文件中是文字 “二〇二四”",
    "weight-chinese.toml": "附件2 · 产出指标 · 新签约项目 · 分值 应为数字，文件中是文字 “五”",
    "unknown-form.toml": "未知的表单类型 form = “hunan-departmnet”",
    "future-schema.toml": "数据文件版本 schema = 2 比本程序支持的 1 新，请升级 jixiao",
    "empty.toml": "缺少表单类型 form",
    "date-with-time.toml": "封面 · 填报日期 应为日期，文件中是日期时间 2024-02-29 08:00:00",
    "year-a-time.toml": "封面 · 年度 应为整数年份，文件中是时刻 08:30:00",
}


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path.relative_to(folder)): (path.read_bytes() if path.is_file() else b"<dir>", path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
    }


def _refused(folder: Path, name: str, expected: str, *extra: str) -> None:
    before = _snapshot(folder)
    result = run_jixiao("check", name, *extra, cwd=folder, env=_HERE)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.startswith(f"jixiao: {name}：")
    assert expected in result.stderr
    assert _snapshot(folder) == before, "a refused file must leave its folder untouched"


def test_corpus_is_complete() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("as_json", [False, True])
def test_bad_file_refused(tmp_path: Path, name: str, as_json: bool) -> None:
    shutil.copy2(BAD / name, tmp_path / name)
    _refused(tmp_path, name, EXPECTED[name], *(["--json"] if as_json else []))


def test_fifty_megabytes_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as handle:
        handle.write(b'schema = 1\nform = "hunan-department"\n# ')
        handle.truncate(50 * 1024 * 1024)
    _refused(tmp_path, "big.toml", "文件过大（50.0 MB，上限 10 MB）")


def test_folder_and_missing_file_refused(tmp_path: Path) -> None:
    (tmp_path / "dir.toml").mkdir()
    _refused(tmp_path, "dir.toml", "是文件夹，不是报告文件")
    _refused(tmp_path, "absent.toml", "文件不存在")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file regardless of its mode")
def test_unreadable_permissions_refused(tmp_path: Path, reference_path: Path) -> None:
    locked = tmp_path / "locked.toml"
    shutil.copy2(reference_path, locked)
    locked.chmod(0)
    _refused(tmp_path, "locked.toml", "无法读取")


def test_bom_accepted(tmp_path: Path, reference_path: Path) -> None:
    (tmp_path / "bom.toml").write_bytes(b"\xef\xbb\xbf" + reference_path.read_bytes())
    result = run_jixiao("check", "bom.toml", "--json", cwd=tmp_path, env=_HERE)
    assert result.returncode == 0, result.stderr
    assert '"errors": 0' in result.stdout


def test_batch_lists_every_bad_file_with_its_reason(tmp_path: Path) -> None:
    import json

    for name in EXPECTED:
        shutil.copy2(BAD / name, tmp_path / name)
    before = _snapshot(tmp_path)
    result = run_jixiao("batch", ".", "--json", cwd=tmp_path, env=_HERE)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    rows = {Path(row["file"]).name: row for row in json.loads(result.stdout)["reports"]}
    assert set(rows) == set(EXPECTED)
    for name, expected in EXPECTED.items():
        assert rows[name]["readable"] is False and expected in rows[name]["message"]
    assert _snapshot(tmp_path) == before


def test_truncated_toml_gives_line_and_column(tmp_path: Path) -> None:
    shutil.copy2(BAD / "truncated.toml", tmp_path / "truncated.toml")
    result = run_jixiao("check", "truncated.toml", cwd=tmp_path, env=_HERE)
    assert "第 " in result.stderr and " 行第 " in result.stderr
