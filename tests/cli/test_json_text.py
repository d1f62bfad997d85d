"""The JSON the commands print is json.dumps(ensure_ascii=False, indent=2), made inert; the
fast writer behind it gives the same characters for any value the commands print."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tui.cli.common import _indented, json_text

_SCALARS = st.none() | st.booleans() | st.integers() | st.text()
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=30,
)


@given(_VALUES)
def test_the_fast_writer_is_json_dumps(value: Any) -> None:
    assert _indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_what_it_leaves_to_json_dumps() -> None:
    for value in ({"k": 1.5}, {1: "a"}, [(1, 2)], {"a": {"b": [float("inf")]}}):
        assert _indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_unsafe_characters_are_escaped() -> None:
    assert json_text({"a": "x\u202ey\x85"}) == '{\n  "a": "x\\u202ey\\u0085"\n}'
