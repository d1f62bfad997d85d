"""The book's cells as runs of a list's columns give the map, the validation ranges and
完整性's count exactly what the cells one by one would give (exports.xlsx.runs)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exports.xlsx.book import MapEntry, consecutive
from exports.xlsx.map import _cells_of, _uncovered, flatten
from exports.xlsx.runs import ColumnRun, RunIndex, call_cells, row_key
from exports.xlsx.validation import _ranges

# runs of a list's column as the writer places them: (list, column, sheet, letter, role, first
# index, first row, length), laid out one after another or shuffled, overlapping or not
_RUNS = st.lists(st.tuples(st.sampled_from(["a.rows", "b"]), st.sampled_from(["x", "y"]),
                           st.sampled_from(["附件2", "s"]), st.sampled_from(["C", "H"]),
                           st.sampled_from(["input", "input", "formula"]), st.integers(0, 12), st.integers(1, 30),
                           st.integers(1, 6)), max_size=12)


@st.composite
def _cells(draw: Any) -> list[tuple[Any, ...]]:
    cells = [(path, first + k, column, sheet, letter, row + k, role)
             for path, column, sheet, letter, role, first, row, length in draw(_RUNS) for k in range(length)]
    return draw(st.permutations(cells)) if draw(st.booleans()) else cells


def _entries(cells: list[tuple[Any, ...]]) -> list[MapEntry]:
    return [MapEntry(f"{path}[{index}].{column}", sheet, f"{letter}{row}", "money", role, "", letter, row)
            for path, index, column, sheet, letter, row, role in cells]


def _expand(items: list[ColumnRun | MapEntry]) -> list[MapEntry]:
    return [e for item in items for e in (item.entries if isinstance(item, ColumnRun) else [item])]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_cells(), st.integers(0, 60))
def test_runs_hold_every_cell_once_and_only_rows_that_follow_each_other(cells, cut) -> None:
    entries = _entries(cells[:cut])
    index = RunIndex(entries)
    index.items()  # asked once part-way, then again when the book has grown
    entries += _entries(cells[cut:])
    items = index.items()
    assert sorted(_expand(items)) == sorted(entries)
    for item in items:
        if isinstance(item, ColumnRun):
            assert len(item.entries) > 1
            assert [e.key for e in item.entries] == [f"{item.path}[{item.first + k}].{item.column}"
                                                     for k in range(len(item.entries))]
            assert [e.row for e in item.entries] == list(range(item.first_row, item.last_row + 1))
            assert {(e.sheet, e.column, e.role) for e in item.entries} == {(item.head.sheet, item.letter,
                                                                             item.head.role)}


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_cells())
def test_ranges_and_counts_over_runs_are_those_over_the_cells(cells) -> None:
    entries = _entries(cells)
    items = RunIndex(entries).items()
    assert call_cells("COUNTA", items) == call_cells("COUNTA", entries)
    one_sheet = [e for e in entries if e.sheet == "s"]
    rows: dict[str, list[int]] = {}
    for entry in one_sheet:
        rows.setdefault(entry.column, []).append(entry.row)
    want = []
    for letter, found in rows.items():
        found.sort()
        want += [f"{letter}{found[a]}" if a == b else f"{letter}{found[a]}:{letter}{found[b]}"
                 for a, b in consecutive(found)]
    got = _ranges([item for item in RunIndex(one_sheet).items()])
    assert sorted(got.split()) == sorted(want)


_DATA = st.recursive(st.one_of(st.integers(0, 9), st.sampled_from(["", "t"]), st.none()),
                     lambda inner: st.one_of(st.lists(inner, max_size=4),
                                             st.dictionaries(st.sampled_from(["x", "y", "z"]), inner, max_size=3)),
                     max_leaves=30)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.dictionaries(st.sampled_from(["a", "b", "form"]), _DATA, max_size=3), st.integers(0, 8), st.integers(0, 8),
       st.data())
def test_the_map_lists_exactly_the_data_keys_no_cell_holds(data, first, length, draw) -> None:
    data["rows"] = [{"x": i, "y": "t", "z": [i, ""]} for i in range(10)]
    leaves = flatten(data)
    # some single keys, lists as a whole, and a run of the rows' x down consecutive cells
    inputs = set(draw.draw(st.lists(st.sampled_from([key for key, _ in leaves] + ["a", "b", "a[0]", "a[0].x",
                                                                                  "rows[3].z"]), max_size=8)))
    entries = [MapEntry(key, "s", f"C{row}", "int", "input", "", "C", row) for row, key in enumerate(sorted(inputs), 1)]
    run = [f"rows[{i}].x" for i in range(first, min(first + length, 10))]
    entries += [MapEntry(key, "s", f"H{row}", "int", "input", "", "H", row) for row, key in enumerate(run, 1)]
    inputs |= set(run)

    def covered(key: str) -> bool:
        return key in inputs or any(key[cut] == "[" and key[:cut] in inputs for cut in range(1, len(key)))

    assert _uncovered(data, *_cells_of(RunIndex(entries).items())) == [(k, v) for k, v in leaves if not covered(k)]


@pytest.mark.parametrize("key", ["a.b", "a[1]", "a[].x", "[1].x", "a[x].y", "a[1].y.z", "a[1].y[2]", "a[１].y",
                                 "a[1].", "a[-1].y"])
def test_a_key_that_is_not_one_row_of_a_list_is_its_own_entry(key: str) -> None:
    # the row_key() the index spells out inline: the same keys are refused either way
    assert row_key(key) is None
    entries = [MapEntry(key, "s", f"C{row}", "int", "input", "", "C", row) for row in (4, 5)]
    assert RunIndex(entries).items() == entries


def test_rows_numbered_in_other_digits_are_not_a_run() -> None:
    entries = [MapEntry(f"a[{digit}].y", "s", f"C{row}", "int", "input", "", "C", row)
               for digit, row in (("１", 4), ("２", 5))]
    assert RunIndex(entries).items() == entries


def test_a_key_of_one_row_is_filed_under_its_list_and_column() -> None:
    assert row_key("p.q[12].r") == ("p.q", 12, "r")
    entries = [MapEntry(f"p.q[{i}].r", "s", f"C{row}", "int", "input", "", "C", row) for i, row in ((12, 4), (13, 5))]
    (run,) = RunIndex(entries).items()
    assert isinstance(run, ColumnRun) and (run.key, run.cells) == ("p.q[12..].r", "$C$4:$C$5")
