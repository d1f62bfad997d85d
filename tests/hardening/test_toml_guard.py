"""core.toml_guard.scan: hostile nesting refused before tomllib, ordinary text let through.

Each attack of the red-team run is here at its original size, with proof that it does
harm without the guard (where that proof is cheap: the 40,000-part key is not given to
tomllib, it would take 4 GB). Strings, comments and quoted keys that merely contain
brackets and dots must pass, and the scan must stay in step after them: each is followed
by a real deep array that must be found on the right line. Property tests generate
TOML of every shape and check the two promises: no refusal of a document that is within
the limits, and nothing deeper than the documented bound let through.
"""

from __future__ import annotations

import copy
import pickle
import re
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.toml_guard import TomlTooDeep, scan
from tests.conftest import REFERENCE

PROPS = settings(max_examples=400, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def depth(value: Any) -> int:
    """Containers below the document: {"a": [1]} is 2."""
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    return 0


def refusal(text: str, **limits: int) -> TomlTooDeep:
    with pytest.raises(TomlTooDeep) as caught:
        scan(text, **limits)
    return caught.value


def quick(text: str, **limits: int) -> TomlTooDeep | None:
    """scan, timed: every attack here must be answered in well under a second."""
    start = time.perf_counter()
    try:
        scan(text, **limits)
        result = None
    except TomlTooDeep as exc:
        result = exc
    assert time.perf_counter() - start < 0.5
    return result


# --- the attacks -------------------------------------------------------------------

ATTACKS = {
    "arrays 500 deep": ("x = " + "[" * 500 + "]" * 500 + "\n", "数组嵌套超过 24 层", 1, 29),
    "inline tables 500 deep": ("x = " + "{a=" * 500 + "1" + "}" * 500 + "\n", "表格嵌套超过 24 层", 1, 77),
    "header of 3,000 parts": ("[" + ".".join(["a"] * 3000) + "]\n", "表头超过 24 段", 1, 1),
    "dotted key of 40,000 parts": (".".join(["a"] * 40000) + "=1\n", "键名超过 24 段", 1, 1),
    "array of tables 3,000 parts": ("x = 1\n[[" + ".".join(["b"] * 3000) + "]]\n", "表头超过 24 段", 2, 1),
    "arrays of inline tables": ("x = " + "[{a=" * 300 + "1" + "}]" * 300 + "\n", "嵌套超过 24 层", 1, None),
    "dotted keys inside inline tables": (
        "x = " + "{" + ".".join(["k"] * 20) + "={" + ".".join(["k"] * 20) + "=1}}\n", "表格嵌套超过 24 层", 1, 47),
    "deep array after a deep header": ("[" + ".".join(["t"] * 20) + "]\nx = [[[[[[]]]]]]\n", "嵌套超过 24 层", 2, 9),
    "arrays across lines": ("x = [\n" + "[\n" * 400 + "]\n" * 401, "数组嵌套超过 24 层", 25, 1),
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attack_is_refused_quickly_with_its_place(name: str) -> None:
    text, words, line, column = ATTACKS[name]
    exc = quick(text)
    assert exc is not None, name
    assert words in str(exc) and str(exc).endswith("，不是报告文件")
    assert exc.line == line and str(exc).startswith(f"第 {line} 行第 {exc.column} 列：")
    if column is not None:
        assert exc.column == column


def test_the_attacks_do_harm_without_the_guard() -> None:
    with pytest.raises(RecursionError):
        tomllib.loads(ATTACKS["arrays 500 deep"][0])
    data = tomllib.loads(ATTACKS["header of 3,000 parts"][0])
    with pytest.raises(RecursionError):
        copy.deepcopy(data)


def test_message_names_line_and_column_exactly() -> None:
    text = "# 注释\nx = " + "[" * 15 + "\n  " + "[" * 10 + "]" * 25 + "\n"
    exc = refusal(text)
    assert str(exc) == "第 3 行第 12 列：数组嵌套超过 24 层，不是报告文件"
    assert (exc.line, exc.column) == (3, 12)


def test_column_is_tomllibs_after_a_bom() -> None:
    assert refusal("\ufeffx = " + "[" * 30).column == 29


def test_the_exception_is_a_value_error_that_pickles() -> None:
    exc = refusal("x = " + "[" * 30)
    assert isinstance(exc, ValueError)
    back = pickle.loads(pickle.dumps(exc))
    assert (str(back), back.line, back.column) == (str(exc), exc.line, exc.column)


def test_limits_are_the_callers() -> None:
    assert quick("x = [[[]]]", max_array_depth=3) is None
    assert "数组嵌套超过 2 层" in str(refusal("x = [[[]]]", max_array_depth=2))
    assert "表格与数组嵌套超过 2 层" in str(refusal("[a]\nx = [[]]", max_depth=2))
    assert "键名超过 2 段" in str(refusal("a.b.c = 1", max_key_parts=2))
    with pytest.raises(ValueError):
        scan("x = 1", max_depth=0)


@pytest.mark.parametrize(("text", "ok"), [
    ("[" + ".".join("a" * 24) + "]\nx = 1\n", True),          # 24 tables: at the limit
    ("[" + ".".join("a" * 23) + "]\nb.c = 1\n", True),        # 23 + 1 = 24
    ("[" + ".".join("a" * 23) + "]\nb.c.d = 1\n", False),     # 23 + 2
    ("[[" + ".".join("a" * 23) + "]]\nx = 1\n", True),        # 23 parts + the array = 24
    ("[[" + ".".join("a" * 24) + "]]\n", False),
    ("[" + ".".join("a" * 23) + "]\nx = []\n", True),
    ("[" + ".".join("a" * 23) + "]\nx = {}\n", True),
    ("[" + ".".join("a" * 23) + "]\nx = [[]]\n", False),
    ("x = {" + ".".join("k" * 23) + " = 1}\n", True),        # the inline table + 22
    ("x = {" + ".".join("k" * 24) + " = 1}\n", True),        # x + 23 tables holding k
    ("[t]\nx = {" + ".".join("k" * 24) + " = 1}\n", False),
    # flat inline tables in an array (the fast path of a long list): the table is a level
    ("x = " + "[" * 23 + '{a = 1, b = "}"}, {c = 2}' + "]" * 23 + "\n", True),
    ("x = " + "[" * 24 + "{a = 1}" + "]" * 24 + "\n", False),
    ("x = " + "[" * 23 + "{a = 1}, {b = {c = 1}}" + "]" * 23 + "\n", False),
    ("x = " + "[" * 22 + "{a = 1}, {b = {c = 1}}" + "]" * 22 + "\n", True),
    ("x = " + "[" * 22 + "{a = 1},{b.c = 1}" + "]" * 22 + "\n", True),
    ("x = " + "[" * 22 + "{a = 1},{b.c.d = 1}" + "]" * 22 + "\n", False),
])
def test_depth_counts_headers_keys_and_values_together(text: str, ok: bool) -> None:
    tomllib.loads(text)  # every one is valid TOML
    assert (quick(text) is None) is ok


# --- what must not fool it ------------------------------------------------------------

TRICKY = {
    "brackets in a basic string": 'x = "' + "[[{{" * 200 + '"',
    "escaped quote": 'x = "\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\\"',
    "brackets in a literal string": "x = '" + "[{\\" * 200 + "'",
    "multi-line basic": 'x = """\n' + "[[[\n" * 100 + '\\"""\n""' + '"""',
    "multi-line basic ending in quotes": 'x = """a [[[[[[[[[[[[[[[[[[[[[[[[[[""""',
    "multi-line basic line-ending backslash": 'x = """a \\\n  [[[[[[[[[[[[[[[[[[[[[[[[[[[[ """',
    "multi-line literal": "x = '''\n" + "[[[ \\ \" ''\n" * 100 + "'''",
    "multi-line literal ending in quotes": "x = '''[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['''''",
    "comment": "# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[ a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z\nx = 1",
    "comment after a value": "x = [1, # [[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n 2]",
    "quoted key with dots": '"' + "a." * 100 + '" = 1',
    "literal key with dots": "'" + "a." * 100 + "' = 1",
    "quoted header": '["' + "a." * 100 + '"]\nx = 1',
    "quoted parts": '"a.b"."c.d".\'e.f\' = 1',
    "dots in values": "x = 1.5\ny = 1979-05-27T07:32:00.999\nz = [1.5, 2.5e3, \"a.b.c.d.e\"]",
    "empty strings": 'x = ""\ny = \'\'\nz = ["", \'\', """""", \'\'\'\'\'\']',
    "crlf": 'x = [\r\n  "a",\r\n  "b",\r\n]\r\n[t]\r\ny = 1\r\n',
    "inline table with strings": 'x = {a = "}}}", b = \'{{{\', c = ["]]]"]}',
    "equals in strings": 'x = "a = [[[[[[" \n"y = [[[" = 2',
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_strings_comments_and_quoted_keys_do_not_count(name: str) -> None:
    text = TRICKY[name]
    tomllib.loads(text)  # valid TOML
    assert quick(text) is None
    # …and the scan is still in step afterwards: a real deep array is found where it is
    attack = text + "\nzz = " + "[" * 30 + "]" * 30 + "\n"
    exc = quick(attack)
    under_a_table = name in ("crlf", "quoted header")  # the attack is one level deeper
    assert exc is not None and exc.line == text.count("\n") + 2
    assert exc.column == 30 - under_a_table


@pytest.mark.parametrize("text", [
    'x = "unterminated [[[[[[[[[[[[[[[[[[[[[[[[[[',
    'x = """never closed\n' + "[" * 100,
    "x = '''never closed\n" + "[" * 100,
    "x = [1}\n",
    "a b c\n",
    "]]]]\n",
    "[a\n",
    "",
    "\ufeff",
])
def test_text_it_cannot_make_sense_of_is_left_to_tomllib(text: str) -> None:
    assert quick(text) is None


def test_reference_and_forms_pass() -> None:
    root = Path(__file__).resolve().parents[2]
    for path in [REFERENCE, *sorted((root / "forms").glob("*.toml"))]:
        scan(path.read_text(encoding="utf-8"))


# --- speed ------------------------------------------------------------------------------

def report_like(size: int) -> str:
    """Copies of the reference report under distinct tables, `size` bytes or more."""
    ref = REFERENCE.read_text(encoding="utf-8")
    parts: list[str] = []
    total = i = 0
    while total < size:
        body = f"[r{i}]\n" + re.sub(r"^(\[\[?)", rf"\g<1>r{i}.", ref, flags=re.M)
        parts.append(body)
        total += len(body.encode())
        i += 1
    return "".join(parts)


def best_of(runs: int, text: str) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        scan(text)
        best = min(best, time.perf_counter() - start)
    return best


def test_ten_megabytes_of_report_scan_in_well_under_a_second() -> None:
    text = report_like(10 * 1024 * 1024)
    assert best_of(3, text) < 0.6


@pytest.mark.parametrize("unit", ["[],", "{},", "a.b.c = 1\n", '"k"."l" = "v"\n', "x = {a=1, b=[2]}\n",
                                  '[t.u]\nx = """\\"""\n', 'x = "a" b\n', "''a"])
def test_time_is_linear_even_for_dense_hostile_text(unit: str) -> None:
    def doc(count: int) -> str:
        return ("x = [" + unit * count + "]\n") if unit.endswith(",") else unit * count
    small, large = best_of(3, doc(20_000)), best_of(3, doc(160_000))
    # 8 times the text: about 8 times the time, with room for a noisy machine; 64 is quadratic
    assert large < 24 * max(small, 0.002)
    assert large < 5.0  # the worst of these is ~1 s here, ~2.5 times faster than tomllib on it


# --- properties --------------------------------------------------------------------------

_TRICKY_CHARS = st.sampled_from(list("[]{}.,#='\"\\ \taz中"))
_TRICKY_TEXT = st.text(_TRICKY_CHARS, max_size=12)


def _basic(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


_BARE = st.text(st.sampled_from("abcXYZ09_-"), min_size=1, max_size=4)
_PART = st.one_of(_BARE, _TRICKY_TEXT.map(_basic),
                  _TRICKY_TEXT.map(lambda s: "'" + s.replace("'", "").replace("\t", " ") + "'"))
_KEY = st.lists(_PART, min_size=1, max_size=4).map(lambda parts: " . ".join(parts) if len(parts) > 3
                                                   else ".".join(parts))
_STRINGS = st.one_of(
    _TRICKY_TEXT.map(_basic),
    _TRICKY_TEXT.map(lambda s: "'" + s.replace("'", "").replace("\t", " ") + "'"),
    _TRICKY_TEXT.map(lambda s: '"""' + s.replace("\\", "\\\\").replace('"', '\\"') + '\n"""'),
    st.tuples(_TRICKY_TEXT, st.sampled_from(["", "'", "''"])).map(
        lambda p: "'''" + p[0].replace("'", "") + "\n" + p[1] + "'''"),
)
_SCALARS = st.sampled_from(["1", "-2.5", "true", "1979-05-27", "3e2", "0x1f", "inf"])


def _values(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    arrays = st.tuples(st.lists(children, max_size=3), st.sampled_from([", ", ",\n  ", ", # [[ \n"]),
                       st.booleans()).map(lambda t: "[" + t[1].join(t[0]) + ("," if t[2] and t[0] else "") + "]")
    tables = st.lists(st.tuples(_KEY, children), max_size=3).map(
        lambda items: "{" + ", ".join(f"{k} = {v}" for k, v in items) + "}")
    return st.one_of(arrays, tables)


_VALUE = st.recursive(st.one_of(_STRINGS, _SCALARS), _values, max_leaves=12)
_LINE = st.one_of(
    st.tuples(_KEY, _VALUE).map(lambda kv: f"{kv[0]} = {kv[1]}"),
    st.tuples(_KEY, _VALUE, _TRICKY_TEXT).map(lambda kv: f"{kv[0]} = {kv[1]} # {kv[2].replace(chr(10), '')}"),
    _KEY.map(lambda k: f"[{k}]"),
    _KEY.map(lambda k: f"[[{k}]]"),
    _TRICKY_TEXT.map(lambda s: "# " + s),
    st.just(""),
)
DOCUMENTS = st.lists(_LINE, max_size=8).map("\n".join)


@PROPS
@given(DOCUMENTS)
def test_no_valid_document_within_the_limits_is_refused(text: str) -> None:
    """What the scan counts is never more than the data's real depth."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        try:
            scan(text)
        except TomlTooDeep:
            pass
        return
    levels = max(depth(data) - 1, 1)  # depth() counts the document itself
    scan(text, max_depth=levels, max_array_depth=levels, max_key_parts=levels + 1)


@PROPS
@given(DOCUMENTS)
def test_nothing_deeper_than_the_bound_gets_through(text: str) -> None:
    """Passed with limits (d, k, a) and parsed: the data is at most d + k deep."""
    try:
        scan(text, max_depth=2, max_key_parts=2, max_array_depth=2)
    except TomlTooDeep:
        return
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    assert depth(data) - 1 <= 2 + 2


@PROPS
@given(st.lists(st.one_of(_TRICKY_CHARS, st.sampled_from(["\n", '"""', "'''", "[[", "]]", "\\\""])),
               max_size=120).map("".join))
def test_any_text_gives_a_verdict_and_nothing_else(text: str) -> None:
    try:
        scan(text, max_depth=3, max_key_parts=3, max_array_depth=3)
    except TomlTooDeep as exc:
        assert exc.line >= 1 and exc.column >= 1


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.recursive(
    st.one_of(st.text(_TRICKY_CHARS, max_size=6), st.integers(), st.booleans()),
    lambda kids: st.one_of(st.lists(kids, max_size=3),
                           st.dictionaries(st.text(_TRICKY_CHARS, min_size=1, max_size=5), kids, max_size=3)),
    max_leaves=15))
def test_what_tomli_w_writes_passes_at_its_own_depth(value: Any) -> None:
    text = tomli_w.dumps({"root": value})
    data = tomllib.loads(text)
    levels = max(depth(data) - 1, 1)
    scan(text, max_depth=levels, max_array_depth=levels, max_key_parts=levels + 1)
