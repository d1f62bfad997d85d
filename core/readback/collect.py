"""What the readers found, gathered in one place: values with their places, blanks, problems.

Both the table reader and the 正文 reader report here, so a field given twice (基本支出
in a sentence of 二 and in 附件2) is seen twice: the same value is simply confirmed, a
different one is a conflict (the first kept, both shown). Values arrive typed by the
form's field kinds (core.readback.patterns.convert); nothing here parses text.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from core.form import FormSpec
from core.paths import set_path
from core.readback.model import Conflict, FieldRead, Line, Unmatched, Where
from core.readback.patterns import normalise

__all__ = ["Collector", "Stated"]


class Stated(NamedTuple):
    """A computed figure the file states (a 合计, an 执行率), checked once the data is read."""

    name: str  # calc.*, score.*, review.*, form.*
    text: str
    where: Where
    caption: str
    format: str | None = None
    store: str | None = None  # a grid parent's data key: kept as an input when it disagrees


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return normalise(a) == normalise(b)
    return bool(a == b)


class Collector:
    def __init__(self, spec: FormSpec) -> None:
        self.spec = spec
        self.reads: dict[str, FieldRead] = {}
        self.blanks: dict[str, Where] = {}
        self.absent: dict[str, Where | None] = {}
        self.unmatched: list[Unmatched] = []
        self.conflicts: list[Conflict] = []
        self.stated: list[Stated] = []
        self.notes: list[str] = []
        self.lists: dict[str, list[dict[str, Any]]] = {}
        self.list_reads: dict[str, list[FieldRead]] = {}
        self.year: int | None = None

    def put(self, path: str, value: Any, where: Where, entries: int | None = None) -> None:
        if value is None or value == "" or value == []:
            self.blank(path, where)
            return
        read = FieldRead(path, value, where, entries)
        first = self.reads.get(path)
        if first is None:
            self.reads[path] = read
        elif not _same(first.value, value):
            self.conflicts.append(Conflict(path, first, read))

    def blank(self, path: str, where: Where) -> None:
        self.blanks.setdefault(path, where)

    def not_found(self, path: str, where: Where | None = None) -> None:
        self.absent.setdefault(path, where)

    def bad(self, where: Where, text: str, reason: str, path: str | None = None) -> None:
        self.unmatched.append(Unmatched(where, text, reason, path))

    def stray(self, line: Line, reason: str) -> None:
        self.bad(line.where, line.text, reason)

    def state(self, stated: Stated) -> None:
        self.stated.append(stated)

    def add_entry(self, list_path: str, entry: dict[str, tuple[Any, Where]]) -> None:
        """One row of a list (an indicator, a named cost row); blank cells are left out."""
        kept = {key: value for key, (value, _) in entry.items() if value not in (None, "", [])}
        if not kept:
            return
        rows = self.lists.setdefault(list_path, [])
        index = len(rows)
        rows.append(kept)
        reads = self.list_reads.setdefault(list_path, [])
        for key, (value, where) in entry.items():
            if value not in (None, "", []):
                reads.append(FieldRead(f"{list_path}[{index}].{key}", value, where))

    def has(self, path: str) -> bool:
        return path in self.reads

    def all_reads(self) -> list[FieldRead]:
        out = list(self.reads.values())
        for reads in self.list_reads.values():
            out.extend(reads)
        return out

    def data(self) -> dict[str, Any]:
        """The data file's tables, keys in the order the form declares them."""
        data: dict[str, Any] = {}
        order = _key_order(self.spec)
        rank = _path_rank(self.spec)
        for path in sorted(self.reads, key=lambda p: (order.get(p.split(".")[0], len(order)),
                                                      rank.get(p, len(rank)))):
            set_path(data, path, self.reads[path].value)
        for path, rows in self.lists.items():
            set_path(data, path, rows)
        head = {key: data[key] for key in sorted(data, key=lambda k: order.get(k, len(order)))}
        return {"schema": 1, "form": self.spec.id, **head}


def _key_order(spec: FormSpec) -> dict[str, int]:
    order: dict[str, int] = {}
    paths = [*spec.fields, *(t.path for t in spec.lists.values()), *(g.path for g in spec.grids.values())]
    for path in paths:
        order.setdefault(path.split(".")[0].split("[")[0], len(order))
    return order


def _path_rank(spec: FormSpec) -> dict[str, int]:
    """Each input key's place in the form: fields as declared, grid cells row by row."""
    rank = {path: i for i, path in enumerate(spec.fields)}
    for grid in spec.grids.values():
        for row in grid.rows:
            for column in grid.column_keys:
                rank[f"{grid.path}.{row.key or row.list_id}.{column}"] = len(rank)
    return rank
