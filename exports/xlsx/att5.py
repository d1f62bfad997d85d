"""附件5 部门整体支出绩效自评工作考核评分表: items, 合计, and the reviewer's inputs.

The reviewer's inputs (assessment.*) sit in a block under the table; each item's 得分
is a formula over them, clamped to [0, 分值] and 待评 while its input is blank, as
core.scoring does. 权重符合规程 and 细化到三级 are formulas over 附件2's cells, the 完整性
items COUNTA over every input cell of each section or attachment. One item cannot be
a spreadsheet formula — 提交报告: working days follow the Chinese statutory calendar,
holidays and 调休 included — so jixiao writes its value and import checks that nobody
typed over it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core.findings import Evaluation
from core.form import AssessmentItem, FormSpec
from core.paths import get_path
from core.report import Report
from core.text import heading
from exports.xlsx.book import Book, Formula, SheetWriter, call

__all__ = ["write_attachment5"]

WIDTHS = [14.0, 30.0, 10.0, 10.0]


def _clamp(expr: str, item: AssessmentItem) -> str:
    return f"MAX(0,MIN({item.max},{expr}))"


def _item_formula(spec: FormSpec, book: Book, item: AssessmentItem, pending: str) -> Formula | None:
    raw = item.raw
    if item.kind == "bool":
        ref = book.ref(raw["input"])
        return Formula(f'IF(ISBLANK({ref}),"{pending}",IF({ref},{item.max},0))')
    if item.kind in ("deduct", "input"):
        ref = book.ref(raw["input"])
        per = Decimal(str(raw.get("per", 1)))
        expr = f"{item.max}-{per}*{ref}" if item.kind == "deduct" else f"{ref}"
        return Formula(f'IF(ISBLANK({ref}),"{pending}",{_clamp(expr, item)})')
    if item.kind == "weights_match":
        if not book.ref("indicator_scores"):
            return Formula("0")
        terms = []
        for level in spec.level1:
            refs = (book.ref(f"level1_weights.{level.name}") or "").split("\n")
            terms.append(f"({call('SUM', [r for r in refs if r])}={level.weight})")
        return Formula(f"{item.max}*({'+'.join(terms)})/{len(spec.level1)}")
    if item.kind in ("sections_absent", "attachments_empty"):
        return _presence(spec, book, item)
    if item.kind == "levels_named":
        named = book.refs.get("levels_named_terms")
        count = book.refs.get("levels_named_count")
        if not named or not count or int(count) > 200:
            return None
        return Formula(f"{item.max}*({named})/{count}")
    return None


def _presence(spec: FormSpec, book: Book, item: AssessmentItem) -> Formula | None:
    """完整性: max − per × (parts with no input cell filled), as core.evaluate decides presence."""
    if item.kind == "sections_absent":
        groups = []
        for section_id in item.raw["sections"]:
            section = spec.section(section_id)
            keys = list(section.required or section.fields)
            if section.list_id:
                keys.append(spec.lists[section.list_id].path)
            groups.append(keys)
    else:
        groups = [list(keys) for keys in spec.attachments.values()]
    terms = []
    for keys in groups:
        refs = sorted({f"'{e.sheet}'!{e.cell}" for e in book.entries if e.role == "input" and any(
            e.key == k or e.key.startswith((k + ".", k + "[")) for k in keys)})
        terms.append(f"({call('COUNTA', refs)}=0)" if refs else "1")
    per = Decimal(str(item.raw.get("per", 2)))
    formula = _clamp(f"{item.max}-{per}*({'+'.join(terms) or '0'})", item)
    return Formula(formula) if len(formula) < 8000 else None


def _levels_terms(book: Book, report: Report) -> None:
    """One AND(...) per indicator row: all three level cells filled (merged runs included)."""
    table = report.spec.scored_list
    assert table is not None
    rows = get_path(report.data, table.path) or []
    where = {e.key: f"'{e.sheet}'!{e.cell}" for e in book.entries if e.role == "input"}
    terms = []
    for index in range(len(rows)):
        refs = [where.get(f"{table.path}[{index}].{k}", '""') for k in ("level1", "level2", "name")]
        terms.append("AND(" + ",".join(f"LEN(TRIM({r}))>0" for r in refs) + ")")
    if terms:
        book.refs["levels_named_terms"] = "+".join(terms)
        book.refs["levels_named_count"] = str(len(terms))


def write_attachment5(book: Book, ws: Any, report: Report, ev: Evaluation, values: dict[str, str]) -> None:
    spec, words = report.spec, report.spec.words
    section = next(s for s in spec.sections if s.kind == "assessment")
    w = SheetWriter(book, ws, WIDTHS)
    w.box(1, 1, section.attachment or "", style="label", border=False, span=2)
    w.box(2, 1, heading(section.title, values), span=4, style="title", align="center", border=False)
    w.height(2, 30)
    heads = [words.get("level1", ""), words.get("level2", ""), words.get("item_max", ""), words.get("item_score", "")]
    for i, text in enumerate(heads):
        w.box(3, 1 + i, text, style="head", align="center")
    items = spec.assessment
    inputs_row = 3 + len(items) + 3
    # the reviewer's inputs first in the map, so the item formulas can refer to them
    w.box(inputs_row, 1, "评审录入", span=2, style="head", align="center")
    w.box(inputs_row, 3, "录入", span=2, style="head", align="center")
    for i, path in enumerate(section.fields, 1):
        field = spec.fields[path]
        fmt = {"date": "date", "count": "count", "score": "score"}.get(field.type)
        w.box(inputs_row + i, 1, field.label, span=2)
        w.box(inputs_row + i, 3, get_path(report.data, path), span=2, align="center", fmt=fmt, key=path,
              type=field.type)
    _levels_terms(book, report)
    pending = words.get("pending", "")
    groups = [item.group for item in items]
    row = 4
    for i, item in enumerate(items):
        if i == 0 or groups[i] != groups[i - 1]:
            length = 1
            while i + length < len(items) and groups[i + length] == groups[i]:
                length += 1
            w.box(row, 1, item.group, down=length, align="center")
        w.box(row, 2, item.item)
        w.box(row, 3, item.max, align="num", fmt="score")
        formula = _item_formula(spec, book, item, pending)
        result = next(r for r in ev.assessment if r.id == item.id)
        value: Any = formula if formula is not None else (result.score if result.score is not None else pending)
        w.box(row, 4, value, align="num", fmt="score", derived=f"assessment.{item.id}", type="score")
        row += 1
    w.box(row, 1, words.get("sum_row", ""), span=2, style="head", align="center")
    w.box(row, 3, Formula(f"SUM(C4:C{row - 1})"), align="num", fmt="score")
    w.box(row, 4, Formula(f"SUM(D4:D{row - 1})"), align="num", fmt="score", derived="assessment_total", type="score")
    w.finish(header_rows="3:3")
