"""The book's cells grouped as a list's columns: one run per column down consecutive rows.

A report of 100,000 indicators places 800,000 input cells, and four parts of the export
ask about all of them: the `_jixiao` map (one row per run), the data validation (one
range per run), 完整性's count (one range per run) and the map's own question of which
data keys have a cell. Each used to read every key back into its list, row and column;
`RunIndex` does it once, as the cells are placed, and keeps the runs up to date as the
book grows (the review, the formulas and the map add cells between the questions).
"""

from __future__ import annotations

from itertools import count, groupby
from operator import ge, sub
from typing import NamedTuple

from exports.xlsx.book import Book, MapEntry, entry_at, joined, quoted_sheet

__all__ = ["ColumnRun", "RunIndex", "call_cells", "row_key", "runs_of"]


class ColumnRun(NamedTuple):
    """A list's column down consecutive rows: entries[k] is index `first` + k of the list,
    in row `first_row` + k of column `letter`; every entry shares sheet, type, role and template."""

    path: str  # the list's data path
    column: str
    first: int
    entries: list[MapEntry]
    letter: str
    first_row: int

    @property
    def head(self) -> MapEntry:
        return self.entries[0]

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.entries) - 1

    @property
    def key(self) -> str:
        """The map's key for the run: `rows[0..].score`, the list's rows from the first on."""
        return f"{self.path}[{self.first}..].{self.column}"

    @property
    def cells(self) -> str:
        return f"${self.letter}${self.first_row}:${self.letter}${self.last_row}"


def row_key(key: str) -> tuple[str, int, str] | None:
    """`a.b[3].c` → ("a.b", 3, "c"): a list's column in one row, or None (string operations,
    not a pattern: a long list has 800,000 keys)."""
    body, sep, column = key.rpartition("].")
    if not sep or not column or "." in column or "[" in column:
        return None
    name, bracket, index = body.rpartition("[")
    if not bracket or not name or not (index.isascii() and index.isdigit()):
        return None
    return name, int(index), column


_Bucket = tuple[str, str, str, str, str, str, str]  # list, column, sheet, letter, type, role, template


class RunIndex:
    """The runs of a growing list of map entries, in the order their first cell was placed."""

    def __init__(self, entries: list[MapEntry]) -> None:
        self._entries = entries
        self._seen = 0
        self._buckets: dict[_Bucket, list[tuple[int, int, MapEntry]]] = {}
        self._order: list[_Bucket | MapEntry] = []
        self._split: dict[_Bucket, tuple[int, list[ColumnRun | MapEntry]]] = {}

    def _catch_up(self) -> None:
        entries, buckets, order = self._entries, self._buckets, self._order
        for entry in entries[self._seen:]:
            key, sheet, _, kind, role, template, letter, row = entry
            # row_key() spelled out: 800,000 keys, a call each cost a third of this loop
            body, sep, column = key.rpartition("].")
            name, bracket, index = body.rpartition("[")
            if not (sep and column and bracket and name and index.isdigit() and index.isascii()) \
                    or "." in column or "[" in column:
                order.append(entry)
                continue
            if not row:
                at = entry_at(entry)
                if at is None:
                    order.append(entry)
                    continue
                letter, row = at
            bucket = (name, column, sheet, letter, kind, role, template)
            members = buckets.get(bucket)
            if members is None:
                members = buckets[bucket] = []
                order.append(bucket)
            members.append((int(index), row, entry))
        self._seen = len(entries)

    def items(self) -> list[ColumnRun | MapEntry]:
        """Every entry once: a run of two or more rows as a ColumnRun, any other as itself."""
        self._catch_up()
        out: list[ColumnRun | MapEntry] = []
        for item in self._order:
            if isinstance(item, MapEntry):
                out.append(item)
            else:
                out += self._runs(item)
        return out

    def _runs(self, bucket: _Bucket) -> list[ColumnRun | MapEntry]:
        members = self._buckets[bucket]
        done = self._split.get(bucket)
        if done is not None and done[0] == len(members):
            return done[1]
        # in the order written: a list's rows top to bottom, as a rule
        indices = [m[0] for m in members]
        if any(map(ge, indices, indices[1:])):
            members = sorted(members, key=lambda m: m[0])
            indices = [m[0] for m in members]
        # a run keeps index − position and row − position constant: grouped in C, not stepped
        # through 800,000 members one by one
        steps = zip(map(sub, indices, count()), map(sub, [m[1] for m in members], count()), strict=False)
        out: list[ColumnRun | MapEntry] = []
        start = 0
        for _, group in groupby(steps):
            length = len(list(group))
            index, row, entry = members[start]
            if length > 1:
                out.append(ColumnRun(bucket[0], bucket[1], index, [m[2] for m in members[start:start + length]],
                                     bucket[3], row))
            else:
                out.append(entry)
            start += length
        self._split[bucket] = (len(self._buckets[bucket]), out)
        return out


def runs_of(book: Book) -> RunIndex:
    """The book's one RunIndex, made the first time a part of the export asks."""
    if book.runs is None:
        book.runs = RunIndex(book.entries)
    index: RunIndex = book.runs
    return index


def call_cells(func: str, items: list[ColumnRun | MapEntry]) -> str:
    """`func(…)` over the cells of map entries and runs, each cell once: 完整性 counts the
    800,000 cells of a long list as one range per run of a column, never cell by cell.
    The arguments are in the order of (sheet, column, row), a column's rows joined into
    ranges where they meet; a cell that is not one plain cell is kept as it is."""
    prefixes: dict[str, str] = {}
    columns: dict[tuple[str, str], list[tuple[int, int]]] = {}
    others: list[str] = []
    for item in items:
        entry = item.head if isinstance(item, ColumnRun) else item
        prefix = prefixes.get(entry.sheet)
        if prefix is None:
            prefix = prefixes[entry.sheet] = quoted_sheet(entry.sheet)
        if isinstance(item, ColumnRun):
            columns.setdefault((prefix, item.letter), []).append((item.first_row, item.last_row))
            continue
        at = entry_at(item)
        if at is None:
            others.append(f"{prefix}!{item.cell}")
        else:
            columns.setdefault((prefix, at[0]), []).append((at[1], at[1]))
    if not columns and not others:
        return "0"
    groups: list[tuple[str, int, str, list[tuple[int, int]] | None]] = [
        (sheet, len(letters), letters, spans) for (sheet, letters), spans in columns.items()]
    groups += [(text, 0, "", None) for text in dict.fromkeys(others)]
    groups.sort(key=lambda group: group[:3])
    args: list[str] = []
    for sheet, _, letters, spans in groups:
        if spans is None:
            args.append(sheet)
            continue
        for first, last in _union(spans):
            args.append(f"{sheet}!{letters}{first}" if first == last else f"{sheet}!${letters}${first}:${letters}${last}")
    return joined(func, tuple(args))


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of rows as the fewest ranges covering each row once, top to bottom."""
    spans.sort()
    out = [spans[0]]
    for first, last in spans[1:]:
        if first <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], last))
        else:
            out.append((first, last))
    return out
