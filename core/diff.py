"""What changed between two versions of a report: figures, text, rows, and the findings.

A department resubmits; the reviewer wants to see what it changed, in the form's words
(`附件2 · 产出指标 · 新签约项目 · 得分：4 → 5`), not a diff of two files. Inputs are
compared field by field as the form declares them; list rows are paired by the column
that names them (`row_name`: the 三级指标, the 项目名称) where those names are unique, else
by position, so a row moved or inserted is a row added, not eleven rows changed; grid
rows by key, named grid rows by name. The computed figures (执行率, 总分, 等级, subtotals)
are compared too, since one changed input moves them, and the findings are compared by
what they are about (id and field): appeared, gone, or still there with other figures.
Keys the form does not know are compared as they are, so nothing changes unseen.
"""

from __future__ import annotations

import difflib
from decimal import Decimal
from typing import Any, NamedTuple

from core.evaluate import evaluate
from core.findings import Evaluation, Finding
from core.form import FormSpec, ListSpec
from core.labels import path_label, path_section
from core.paths import get_path
from core.report import Report
from core.values import display, value_word

__all__ = ["Change", "FindingChange", "ReportDiff", "diff_reports", "excerpt"]

_CONTEXT = 8


class Change(NamedTuple):
    path: str
    label: str
    what: str  # changed · added · removed
    old: str | None
    new: str | None
    section: str | None = None
    computed: bool = False


class FindingChange(NamedTuple):
    what: str  # appeared · gone · changed
    finding: Finding
    before: Finding | None = None


class ReportDiff(NamedTuple):
    changes: list[Change]
    figures: list[Change]  # computed values that moved
    findings: list[FindingChange]
    old_evaluation: Evaluation
    new_evaluation: Evaluation

    @property
    def same(self) -> bool:
        return not (self.changes or self.figures or self.findings)


def _shown(value: Any, kind: str) -> str:
    if isinstance(value, list):
        return "；".join(str(item) for item in value)
    return display(value, kind) if value is not None else ""


def excerpt(old: str, new: str) -> tuple[str, str]:
    """Two long texts as the stretches that differ, each with a little context (`…旧文…`)."""
    if len(old) <= 40 and len(new) <= 40:
        return old, new
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    spans: list[list[int]] = []  # [a0, a1, b0, b1] of each differing stretch, near ones joined
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if spans and a0 - spans[-1][1] <= 2 * _CONTEXT:
            spans[-1][1], spans[-1][3] = a1, b1
        else:
            spans.append([a0, a1, b0, b1])
    if not spans:
        return old, new

    def pieces(text: str, at: list[tuple[int, int]]) -> str:
        out = []
        for start, end in at[:3]:
            start, end = max(0, start - _CONTEXT), min(len(text), end + _CONTEXT)
            piece = text[start:end] if end - start <= 120 else text[start:start + 60] + "…" + text[end - 50:end]
            out.append(("…" if start else "") + piece + ("…" if end < len(text) else ""))
        return "".join(out).replace("……", "…") + ("…" if len(at) > 3 else "")

    return pieces(old, [(a0, a1) for a0, a1, _, _ in spans]), pieces(new, [(b0, b1) for _, _, b0, b1 in spans])


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, Decimal)) and isinstance(b, (int, Decimal)) and not isinstance(a, bool) \
            and not isinstance(b, bool):
        return Decimal(a) == Decimal(b)
    return bool(a == b)


class _Differ:
    def __init__(self, old: Report, new: Report) -> None:
        self.old, self.new, self.spec = old, new, new.spec
        self.changes: list[Change] = []
        self.seen: set[str] = set()

    def label(self, path: str, data: dict[str, Any]) -> str:
        return path_label(self.spec, data, path)

    def section(self, path: str) -> str | None:
        found = path_section(self.spec, path)
        return found.id if found else None

    def value(self, path: str, kind: str, old: Any, new: Any, label_data: dict[str, Any] | None = None) -> None:
        self.seen.add(path)
        if _same(old, new):
            return
        what = "added" if old is None else "removed" if new is None else "changed"
        before, after = _shown(old, kind), _shown(new, kind)
        if what == "changed" and kind in ("text", "textlist"):
            before, after = excerpt(before, after)
        data = label_data if label_data is not None else (self.new.data if new is not None else self.old.data)
        self.changes.append(Change(path, self.label(path, data), what, before or None, after or None,
                                   self.section(path)))

    def fields(self) -> None:
        for path, field in self.spec.fields.items():
            self.value(path, field.type, self.old.get(path), self.new.get(path))

    def rows(self, path: str, columns: list[tuple[str, str]], name: str | None) -> None:
        """A list (or a grid's named rows) row by row, paired by the naming column when unique."""
        old_rows = [r for r in (get_path(self.old.data, path) or []) if isinstance(r, dict)]
        new_rows = [r for r in (get_path(self.new.data, path) or []) if isinstance(r, dict)]
        self.seen.add(path)
        pairs: list[tuple[int | None, int | None]] = []
        names_old = [r.get(name) for r in old_rows] if name else []
        names_new = [r.get(name) for r in new_rows] if name else []
        unique = bool(name) and len(set(names_old)) == len(names_old) and len(set(names_new)) == len(names_new) \
            and None not in names_old + names_new
        if unique:
            where = {value: i for i, value in enumerate(names_new)}
            matched = set()
            for k, value in enumerate(names_old):
                found = where.get(value)
                pairs.append((k, found))
                if found is not None:
                    matched.add(found)
            pairs += [(None, j) for j in range(len(new_rows)) if j not in matched]
        else:
            pairs = [(k if k < len(old_rows) else None, k if k < len(new_rows) else None)
                     for k in range(max(len(old_rows), len(new_rows)))]
        for i, j in pairs:
            if i is not None and j is not None:
                for key, kind in columns:
                    self.value(f"{path}[{j}].{key}", kind, old_rows[i].get(key), new_rows[j].get(key))
                    self.seen.add(f"{path}[{i}].{key}")
                continue
            row_path = f"{path}[{j if j is not None else i}]"
            row = new_rows[j] if j is not None else old_rows[i] if i is not None else {}
            data = self.new.data if j is not None else self.old.data
            shown = " | ".join(_shown(row.get(key), kind) for key, kind in columns if row.get(key) is not None)
            what = "added" if j is not None else "removed"
            self.changes.append(Change(row_path, self.label(row_path, data), what,
                                       None if what == "added" else shown, shown if what == "added" else None,
                                       self.section(path)))
            for key, _ in columns:
                self.seen.add(f"{row_path}.{key}")

    def lists(self) -> None:
        for table in self.spec.lists.values():
            self.rows(table.path, _columns(table), table.row_name or (table.columns[0].key if table.columns else None))

    def grids(self) -> None:
        for grid in self.spec.grids.values():
            for row in grid.rows:
                if row.key is not None:
                    for column in grid.column_keys:
                        path = f"{grid.path}.{row.key}.{column}"
                        self.value(path, "money", self.old.get(path), self.new.get(path))
                else:
                    columns = [("name", "text"), *((c, "money") for c in grid.column_keys)]
                    self.rows(f"{grid.path}.{row.list_id}", columns, "name")

    def others(self) -> None:
        """Keys the form does not declare, compared as they are."""
        old, new = dict(_leaves(self.old.data)), dict(_leaves(self.new.data))
        for path in sorted(set(old) | set(new)):
            if path in self.seen or any(path.startswith(seen + "[") or path.startswith(seen + ".")
                                        for seen in self.seen if "[" not in seen) or path in ("schema", "form"):
                continue
            if not _same(old.get(path), new.get(path)):
                what = "added" if path not in old else "removed" if path not in new else "changed"
                self.changes.append(Change(path, path, what, _none(old.get(path)), _none(new.get(path))))


def _none(value: Any) -> str | None:
    return None if value is None else str(value)


def _columns(table: ListSpec) -> list[tuple[str, str]]:
    return [(column.key, column.type) for column in table.columns]


def _leaves(node: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        return [leaf for key, value in node.items()
                for leaf in _leaves(value, f"{prefix}.{key}" if prefix else str(key))]
    if isinstance(node, list) and node and all(isinstance(item, dict) for item in node):
        return [leaf for i, item in enumerate(node) for leaf in _leaves(item, f"{prefix}[{i}]")]
    return [(prefix, node)]


def _figures(spec: FormSpec, old: Evaluation, new: Evaluation) -> list[Change]:
    out: list[Change] = []

    def add(name: str, label: str, a: Any, b: Any, kind: str, fmt: str | None = None) -> None:
        if not _same(a, b):
            out.append(Change(name, label, "changed", display(a, kind, fmt) or "—", display(b, kind, fmt) or "—",
                              computed=True))

    for computed in spec.computed:
        if computed.each:
            continue
        add(f"calc.{computed.id}", computed.label, old.values.get(computed.id), new.values.get(computed.id),
            computed.format)
    for name in sorted(set(old.level1) | set(new.level1)):
        add(f"score.level1.{name}", name, old.level1.get(name, (0, None))[1], new.level1.get(name, (0, None))[1],
            "score")
    add("score.total", value_word(spec, "score.total", "分数"), old.total, new.total, "score")
    add("score.grade", value_word(spec, "score.grade", "等级"), old.grade, new.grade, "text")
    if spec.assessment:
        add("review.total", value_word(spec, "review.total", "考核评分合计"), old.assessment_total, new.assessment_total, "score")
    return out


def _findings(old: Evaluation, new: Evaluation) -> list[FindingChange]:
    before = {(f.id, f.path): f for f in old.findings}
    after = {(f.id, f.path): f for f in new.findings}
    out = [FindingChange("gone", f) for key, f in before.items() if key not in after]
    out += [FindingChange("appeared", f) for key, f in after.items() if key not in before]
    out += [FindingChange("changed", f, before[key]) for key, f in after.items()
            if key in before and before[key].message != f.message]
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(out, key=lambda c: (order.get(c.finding.severity, 3), c.what))


def diff_reports(old: Report, new: Report) -> ReportDiff:
    """Everything that differs between two reports of the same form (new's form names it)."""
    differ = _Differ(old, new)
    differ.fields()
    differ.lists()
    differ.grids()
    differ.others()
    rank = {path: i for i, path in enumerate(new.spec.fields)}
    order = {section.id: i for i, section in enumerate(new.spec.sections)}
    changes = sorted(differ.changes, key=lambda c: (order.get(c.section or "", len(order)),
                                                    rank.get(c.path, len(rank))))
    old_ev, new_ev = evaluate(old), evaluate(new)
    return ReportDiff(changes, _figures(new.spec, old_ev, new_ev), _findings(old_ev, new_ev), old_ev, new_ev)

