"""The data file: loads exactly, refuses what it cannot read, saves without losing a byte."""

from __future__ import annotations

import tomllib
from decimal import Decimal

import pytest

from core.evaluate import evaluate
from core.report import ReportError
from core.storage import load, loads, save
from core.summary import results_table

D = Decimal


def test_reference_loads_as_decimal_and_blank_is_absent(reference):
    assert reference.get("budget.total") == D("194.72")
    assert isinstance(reference.get("budget.total"), Decimal)
    assert reference.get("basic_data.staffing.quota") == 8
    assert reference.get("budget.sources.special_account") is None  # blank, not 0
    assert reference.get("budget.sources.government_fund") == 0  # printed 0


def test_round_trip_keeps_inputs_and_unknown_keys(reference, tmp_path):
    reference.set("custom_note", "新版本写入的键")
    reference.data["budget"]["future_field"] = D("1.50")
    reference.data["self_eval"]["indicators"][0]["extra"] = {"nested": [1, 2]}
    out = tmp_path / "out.toml"
    save(reference, out, results=results_table(reference, evaluate(reference)))
    again = load(out)
    assert again.data == reference.data
    assert "results" not in again.data
    raw = tomllib.loads(out.read_text("utf-8"))
    assert raw["results"]["grade"] == "优" and raw["results"]["total"] == 98


def test_writer_labels_tables_in_chinese(reference, tmp_path):
    out = tmp_path / "out.toml"
    save(reference, out)
    text = out.read_text("utf-8")
    assert "# 二、一般公共预算支出情况\n[budget]" in text
    assert "# 附件1 · 经费控制情况 · 公用经费\n[basic_data.costs.public]" in text
    assert text.count("# 七、存在的问题及原因分析") == 1


def test_save_keeps_a_backup_and_replaces_atomically(reference, tmp_path):
    out = tmp_path / "r.toml"
    save(reference, out)
    first = out.read_bytes()
    reference.set("budget.initial", D("125"))
    save(reference, out)
    assert (tmp_path / "r.toml.bak").read_bytes() == first
    assert load(out).get("budget.initial") == D("125")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.toml", "r.toml.bak"]


def test_save_keeps_the_file_mode(reference, tmp_path):
    import os

    out = tmp_path / "r.toml"
    old = os.umask(0o022)
    try:
        save(reference, out)
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600
    out.chmod(0o640)
    save(reference, out)
    assert out.stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "r.toml.bak").stat().st_mode & 0o777 == 0o640


def test_empty_values_are_not_written(reference, tmp_path):
    reference.set("unit.budget_code", "")
    reference.data["remarks"]["text"] = ""
    out = tmp_path / "r.toml"
    save(reference, out)
    again = load(out)
    assert again.get("unit.budget_code") is None
    assert again.get("remarks") is None


def _refusal(text: str) -> ReportError:
    with pytest.raises(ReportError) as info:
        loads(text, "r.toml")
    return info.value


def _refused(text: str) -> str:
    return str(_refusal(text))


def test_bad_toml_gives_line_and_column():
    message = _refused('schema = 1\nform = "hunan-department"\n[unit\nname = "x"\n')
    assert message.startswith("r.toml：不是有效的 TOML")
    assert "第 3 行" in message and "列" in message


@pytest.mark.parametrize(
    ("snippet", "key", "words"),
    [
        ('[unit]\nyear = "二〇二四"\n', "unit.year", ["封面 · 年度", "二〇二四"]),
        ('[[self_eval.indicators]]\nname = "x"\nweight = "五"\n', "self_eval.indicators[0].weight",
         ["附件2 · ？ · x · 分值", "五"]),
        ("[budget]\ntotal = true\n", "budget.total", ["全年预算数", "布尔值"]),
        ("budget = 5\n", "budget", ["应为表"]),
        ("[basic_data.costs.public]\nfinal = \"80\"\n", "basic_data.costs.public.final",
         ["附件1 · 公用经费 · 本年决算数", "文字 “80”"]),
        ("[budget]\ntotal = nan\n", "budget.total", ["全年预算数", "无效的数值"]),
    ],
)
def test_wrong_types_are_refused_in_the_forms_words(snippet, key, words):
    """The message names the field as the form does; the data key is for --verbose only."""
    refusal = _refusal('schema = 1\nform = "hunan-department"\n' + snippet)
    message = str(refusal)
    for word in words:
        assert word in message
    assert key not in message and refusal.key == key
    assert f"键 {key}" in refusal.verbose()


def test_unknown_form_and_future_schema():
    assert "未知的表单类型" in _refused('schema = 1\nform = "guangdong-project"\n')
    assert "schema = 9" in _refused('schema = 9\nform = "hunan-department"\n')


def test_bom_is_accepted(reference_path, tmp_path):
    out = tmp_path / "bom.toml"
    out.write_bytes(b"\xef\xbb\xbf" + reference_path.read_bytes())
    assert load(out).get("budget.total") == D("194.72")


def test_not_utf8_and_missing_file(tmp_path):
    bad = tmp_path / "gbk.toml"
    bad.write_bytes('schema = 1\nform = "湖南"\n'.encode("gbk"))
    with pytest.raises(ReportError, match="不是 UTF-8.*第 2 行"):
        load(bad)
    with pytest.raises(ReportError, match="文件不存在"):
        load(tmp_path / "none.toml")


def test_compiled_form_is_rebuilt_when_the_form_changes(tmp_path, monkeypatch):
    import shutil

    import core.form.load as spec_module

    folder = tmp_path / "forms"
    folder.mkdir()
    shutil.copy(spec_module.forms_dir() / "hunan-department.toml", folder / "hunan-department.toml")
    monkeypatch.setattr(spec_module, "forms_dir", lambda: folder)
    spec_module.load_form.cache_clear()
    try:
        first = spec_module.load_form("hunan-department")
        assert first.profile["execution_weight"] == 10
        assert len(list((folder / "__pycache__").glob("*.form.pickle"))) == 1
        source = folder / "hunan-department.toml"
        source.write_text(source.read_text("utf-8").replace("execution_weight = 10", "execution_weight = 20"),
                          "utf-8")
        spec_module.load_form.cache_clear()
        assert spec_module.load_form("hunan-department").profile["execution_weight"] == 20
    finally:
        spec_module.load_form.cache_clear()


class _Planted:
    """What a hostile compiled form would do when unpickled: run code (here, leave a file)."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').write('ran')",))


def test_a_compiled_form_beside_outside_forms_is_never_unpickled(tmp_path, monkeypatch):
    """$JIXIAO_FORMS folders are trusted for data only: a pickle planted in their
    __pycache__ under the very name the cache would use must not run."""
    import pickle
    import shutil

    import core.form.load as spec_module

    folder = tmp_path / "forms"
    folder.mkdir()
    source = folder / "hunan-department.toml"
    shutil.copy(spec_module.forms_dir() / "hunan-department.toml", source)
    source.write_text(source.read_text("utf-8").replace("execution_weight = 10", "execution_weight = 20"), "utf-8")
    marker = tmp_path / "ran.txt"
    planted = spec_module._compiled_path(source)
    planted.parent.mkdir()
    planted.write_bytes(pickle.dumps(_Planted(str(marker))))
    monkeypatch.setenv("JIXIAO_FORMS", str(folder))
    spec_module.load_form.cache_clear()
    try:
        spec = spec_module.load_form("hunan-department")
        assert spec.profile["execution_weight"] == 20  # read from the folder's source
        assert not marker.exists()
        assert list(planted.parent.iterdir()) == [planted]  # and no cache written there
    finally:
        spec_module.load_form.cache_clear()
