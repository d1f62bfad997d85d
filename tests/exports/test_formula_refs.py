"""Cell references and map keys of a long list, read by string operations that must agree
with the patterns they replace; SUM/COUNT over many cells folded into ranges."""

from __future__ import annotations

import itertools
import re

from exports.xlsx.book import call, split_ref

_ONE_CELL = re.compile(r"^(?:(.*)!)?\$?([A-Z]{1,3})\$?(\d+)$")
_PIECES = ["", "$", "H", "AB", "ABCD", "h", "14", "0", "$$", "!", "'s'!", "x!y!", ":", "Z9"]


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
    from exports.xlsx.map import _row_key

    disagree = []
    for n in range(1, 6):
        for combo in itertools.product(["a", ".", "[", "]", "1", "].", "[2]", "b]", ".."], repeat=n):
            key = "".join(combo)
            match = _ROW_KEY.match(key)
            want = None if match is None else (match["list"], int(match["index"]), match["column"])
            if _row_key(key) != want:
                disagree.append((key, want, _row_key(key)))
    assert disagree == []
