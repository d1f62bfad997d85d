"""Cell references and map keys of a long list, read by string operations that must agree
with the patterns they replace; SUM/COUNT over many cells folded into ranges."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from exports.xlsx.book import MapEntry, _fold, call, joined, split_ref
from exports.xlsx.runs import call_cells

_ONE_CELL = re.compile(r"^(?:(.*)!)?\$?([A-Z]{1,3})\$?(\d+)$")
_PIECES = ["", "$", "H", "AB", "ABCD", "h", "14", "0", "$$", "!", "'s'!", "x!y!", ":", "Z9", "$H$"]


def test_a_reference_is_read_as_the_one_cell_pattern_reads_it() -> None:
    disagree = []
    for n in range(1, 5):
        for combo in itertools.product(_PIECES, repeat=n):
            ref = "".join(combo)
            match = _ONE_CELL.match(ref)
            want = None if match is None else (match[1] or "", match[2], int(match[3]))
            if split_ref(ref) != want:
                disagree.append((ref, want, split_ref(ref)))
    assert disagree == []


def test_a_fold_reads_every_reference_as_split_ref_does() -> None:
    # call() reads the writer's `'s'!$H$14` inline: over every reference the pieces make,
    # it folds exactly as a fold through split_ref alone would
    refs = ["".join(combo) for n in range(1, 5) for combo in itertools.product(_PIECES, repeat=n)]
    columns: dict[tuple[str, str], list[tuple[int, str]]] = {}
    others: list[str] = []
    for ref in refs:
        cell = split_ref(ref)
        if cell is None:
            others.append(ref)
        else:
            columns.setdefault(cell[:2], []).append((cell[2], ref))
    assert call("SUM", refs) == joined("SUM", _fold(columns, others))


def test_consecutive_cells_become_one_range_and_the_rest_stay_apart() -> None:
    refs = [f"'附件2'!$H${row}" for row in range(14, 100_014)] + ["'附件2'!$H$200000", "B3", "$C$9"]
    assert call("SUM", refs) == "SUM(B3,$C$9,'附件2'!$H$14:$H$100013,'附件2'!$H$200000)"


def test_more_than_two_hundred_pieces_are_split_into_several_calls() -> None:
    refs = [f"A{row}" for row in range(1, 900, 2)]  # 450 single cells, none adjacent
    formula = call("COUNT", refs)
    assert formula.count("COUNT(") == 3 and formula.count("+") == 2
    assert formula.split("+")[0].count(",") == 199


_ROW_KEY = re.compile(r"^(?P<list>.+)\[(?P<index>\d+)\]\.(?P<column>[^.\[]+)$")


def test_the_map_reads_a_list_column_key_as_the_row_key_pattern_reads_it() -> None:
    from exports.xlsx.runs import row_key as _row_key

    disagree = []
    for n in range(1, 6):
        for combo in itertools.product(["a", ".", "[", "]", "1", "].", "[2]", "b]", ".."], repeat=n):
            key = "".join(combo)
            match = _ROW_KEY.match(key)
            want = None if match is None else (match["list"], int(match["index"]), match["column"])
            if _row_key(key) != want:
                disagree.append((key, want, _row_key(key)))
    assert disagree == []


def _expanded(formula: str) -> list[tuple[str, str, int]]:
    """The cells a folded SUM/COUNTA names, ranges expanded: (sheet, column, row) each."""
    cells = []
    for call_text in formula.split("+"):
        for arg in call_text[call_text.index("(") + 1:-1].split(","):
            sheet, _, where = arg.rpartition("!")
            first, _, last = where.partition(":")
            a, b = split_ref(first), split_ref(last or first)
            assert a is not None and b is not None and a[1] == b[1], arg
            cells += [(sheet, a[1], row) for row in range(a[2], b[2] + 1)]
    return cells


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.sampled_from(["", "'附件2'!", "'x'!"]), st.sampled_from(["A", "H", "Z", "AA"]),
                          st.integers(1, 40)), max_size=120))
def test_a_fold_names_each_cell_given_as_often_as_given_in_any_order(cells) -> None:
    refs = [f"{sheet}${column}${row}" if row % 2 else f"{sheet}{column}{row}" for sheet, column, row in cells]
    formula = call("SUM", refs)
    if not cells:
        assert formula == "0"
        return
    assert sorted(_expanded(formula)) == sorted((sheet.rstrip("!"), column, row) for sheet, column, row in cells)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.sampled_from(["附件2", "x"]), st.sampled_from(["A", "H", "AA"]), st.integers(1, 40)),
                max_size=120))
def test_a_fold_of_map_entries_names_each_cell_once(cells) -> None:
    entries = [MapEntry(f"k{i}", sheet, f"{column}{row}", "money", "input", "", column, row)
               for i, (sheet, column, row) in enumerate(cells)]
    formula = call_cells("COUNTA", entries)
    if not cells:
        assert formula == "0"
        return
    assert sorted(_expanded(formula)) == sorted({(f"'{sheet}'", column, row) for sheet, column, row in cells})
