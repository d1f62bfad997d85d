"""A text longer than a workbook cell (32,767 characters) is an error naming the field and
by how much it is over, in every form, so the xlsx export's cut is never unseen."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from core.evaluate import evaluate


@pytest.mark.parametrize(("length", "said"), [(32767, None), (32768, "有 32768 个字符，超过上限 32767（多 1 个）"),
                                              (40000, "有 40000 个字符，超过上限 32767（多 7233 个）")])
def test_a_text_over_a_cell_is_an_error(reference: Any, length: int, said: str | None) -> None:
    report = copy.deepcopy(reference)
    report.data["unit"]["name"] = "长" * length
    rows = report.data["self_eval"]["indicators"]
    rows[1]["name"] = "x" * length
    over = [f for f in evaluate(report).findings if f.id == "limits.text_length"]
    if said is None:
        assert over == []
        return
    assert [(f.path, f.severity, f.section) for f in over] == [
        ("unit.name", "error", "cover"), ("self_eval.indicators[1].name", "error", over[1].section)]
    assert over[0].message.startswith("封面 · 单位名称 ") and said in over[0].message
    assert said in over[1].message and over[1].section is not None


@pytest.mark.parametrize(("text", "named"), [
    ("第一段\n\t第二段", None),
    ("单位\x1b]0;pwned\x07", "含有控制字符 \\x1b、\\x07（"),
    ("手动换行\v之后", "含有控制字符 \\x0b（"),
    ("反\u202e向", "含有控制字符 \\u202e（"),
    ("".join(chr(c) for c in range(1, 9)), "含有控制字符 \\x01、\\x02、\\x03、\\x04、\\x05、\\x06 等 8 种（"),
])
def test_control_characters_in_a_text_are_a_warning(reference: Any, text: str, named: str | None) -> None:
    report = copy.deepcopy(reference)
    report.data["unit"]["name"] = text
    found = [f for f in evaluate(report).findings if f.id == "limits.text_controls"]
    if named is None:
        assert found == []
        return
    (warning,) = found
    assert (warning.path, warning.severity) == ("unit.name", "warning")
    assert named in warning.message and "\\v、\\f、\\r 改为换行" in warning.message
    assert warning.message.isprintable()
