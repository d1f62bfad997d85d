"""Read a file jixiao did not write — a Word report, a hand-filled official workbook — back
into a data file, through the same form definition the writers print from.

`read_document` takes what a format reader (exports.docx.read, exports.xlsx.template_read)
found in the file and answers with an `ImportReport`: the form it is, the data file,
and an account of every piece. The steps:

1. which form: every installed form is tried, by how many of its tables' labelled rows
   and 正文 headings the file holds; a file that holds too few is refused (exit 2);
2. the year, from the report's title or a table's title, so `{year}` labels are exact;
3. each table of the file is given to the layout it matches best (its 附件 heading
   helps) and read through it (core.readback.tables); the lines around it are its
   title and notes;
4. the 正文 is read by its headings (core.readback.body);
5. the data is evaluated, and every computed figure the file states (a 合计, an 执行率,
   the 自评得分 in the text) compared with what the data gives; a stated parent of a grid
   that disagrees with its parts is kept as an input, so `check` reports it;
6. every input of the form not read is listed, with why: blank, not found, or a part
   this kind of file does not have.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, NamedTuple

from core.evaluate import evaluate
from core.findings import Evaluation
from core.form import FormSpec
from core.paths import get_path, set_path
from core.readback.binding import forget_bindings, table_score
from core.readback.body import body_score, read_body
from core.readback.collect import Collector
from core.readback.layout import plan_table
from core.readback.model import (
    FieldRead,
    ImportReport,
    Line,
    Mismatch,
    Missing,
    SourceDocument,
    SourceTable,
)
from core.readback.patterns import compile_template, convert, is_blank, normalise
from core.readback.tables import read_table
from core.report import Report, ReportError, validate_types
from core.values import ROLE_NAMES, display, kind_of, placeholders, value_of

__all__ = ["read_document", "ImportReport", "SourceDocument", "SourceTable", "Line"]

_TABLE_FLOOR = 0.3  # a table is taken as a layout's when it has this share of its labelled rows
_HEADINGS_FLOOR = 3  # …or the 正文 has this many of the form's headings


class _Parts(NamedTuple):
    body: list[Line]
    tables: list[SourceTable]


def _split(spec: FormSpec, source: SourceDocument) -> _Parts:
    """The 正文 (what comes before the first attachment heading or table) and the tables, each
    with the attachment heading above it and the paragraphs of its part (its title, its notes)."""
    headings = {normalise(layout.heading) for layout in spec.tables if layout.heading}
    body: list[Line] = []
    zones: list[tuple[str | None, list[Line], list[SourceTable]]] = []
    for block in source.blocks:
        if isinstance(block, Line):
            if normalise(block.text) in headings:
                zones.append((block.text.strip(), [], []))
            elif zones:
                zones[-1][1].append(block)
            else:
                body.append(block)
            continue
        if not zones:
            zones.append((None, [], []))
        zones[-1][2].append(block)
    tables: list[SourceTable] = []
    for heading, lines, found in zones:
        if not found and any(not is_blank(line.text) for line in lines):
            tables.append(SourceTable([], lines[0].where, heading=heading, lines=tuple(lines)))
        for i, table in enumerate(found):
            tables.append(table._replace(heading=table.heading or heading,
                                         lines=table.lines + tuple(lines) if i == 0 else table.lines))
    return _Parts(body, tables)


def _year(spec: FormSpec, parts: _Parts) -> int | None:
    """The report's year from its title (the first lines) or a table's title."""
    if spec.role("year") is None:
        return None
    candidates: list[str] = []
    head = [line.text.strip() for line in parts.body[:12] if not is_blank(line.text)]
    candidates += ["".join(head[:n]) for n in (1, 2, 3)]
    candidates += [line.text for table in parts.tables for line in table.lines[:4]]
    candidates += [cell.text for table in parts.tables for row in table.rows[:3] for cell in row]
    titles = [spec.title, *(layout.title for layout in spec.tables)]
    for text in candidates:
        for title in titles:
            if "{year}" not in title:
                continue
            kinds = tuple((name, "year" if name == "year" else "text") for name in placeholders(title))
            found = compile_template(title, kinds).match(text)
            if found and found.get("year"):
                return int(normalise(found["year"]))
    for text in candidates[:1]:
        match = re.match(r"^\s*(\d{4})\s*年", text)
        if match:
            return int(match.group(1))
    return None


def _choose(forms: Sequence[FormSpec], source: SourceDocument) -> tuple[FormSpec | None, str]:
    best: tuple[float, FormSpec] | None = None
    for spec in forms:
        parts = _split(spec, source)
        year = _year(spec, parts)
        scores = [max((table_score(spec, layout, table, year) for table in parts.tables), default=0.0)
                  for layout in spec.tables]
        headings = body_score(spec, parts.body) if source.has_body else 0
        if max(scores, default=0.0) < _TABLE_FLOOR and headings < _HEADINGS_FLOOR:
            continue
        total = sum(scores) + headings / 4
        if best is None or total > best[0]:
            best = (total, spec)
    if best is None:
        names = "、".join(spec.name for spec in forms)
        what = "Word 文档" if source.kind == "docx" else "工作簿"
        return None, f"{source.name}：这个{what}不像任何一种已安装的表（{names}）：找不到表中的标签和正文的标题"
    return best[1], ""


def _assign(spec: FormSpec, tables: list[SourceTable], year: int | None
            ) -> tuple[dict[int, int], list[int]]:
    """Which file table each layout reads (layout index → table index), and tables left over."""
    pairs = []
    for t, table in enumerate(tables):
        for index, layout in enumerate(spec.tables):
            score = table_score(spec, layout, table, year)
            if table.heading and normalise(table.heading) == normalise(layout.heading):
                score += 0.25
            if score >= _TABLE_FLOOR:
                pairs.append((score, t, index))
    pairs.sort(reverse=True)
    chosen: dict[int, int] = {}
    used: set[int] = set()
    for _, t, index in pairs:
        if t in used or index in chosen:
            continue
        chosen[index] = t
        used.add(t)
    return chosen, [t for t in range(len(tables)) if t not in used]


def read_document(source: SourceDocument, forms: Sequence[FormSpec]) -> ImportReport:
    """The file read through the form it matches best; see the module docstring."""
    forget_bindings()
    try:
        return _read(source, forms)
    finally:
        forget_bindings()


def _read(source: SourceDocument, forms: Sequence[FormSpec]) -> ImportReport:
    result = ImportReport(file=source.name, kind=source.kind, notes=list(source.notes))
    spec, reason = _choose(forms, source)
    if spec is None:
        result.refused = reason
        return result
    result.form, result.form_name = spec.id, spec.name
    parts = _split(spec, source)
    year = _year(spec, parts)
    out = Collector(spec)
    chosen, left = _assign(spec, parts.tables, year)
    for index, layout in enumerate(spec.tables):
        if index not in chosen:
            result.notes.append(f"文件中没有{layout.heading or layout.id}（{layout.list_name or layout.id}）")
            continue
        table = parts.tables[chosen[index]]
        result.tables.append((layout.heading or layout.id, table.where.text()))
        for line in read_table(spec, layout, table, out, year):
            out.stray(line, f"{layout.heading}前后的这一段与表单对不上")
    for t in left:
        table = parts.tables[t]
        if table.rows:
            text = " | ".join(cell.text.strip() for row in table.rows[:2] for cell in row
                              if not is_blank(cell.text))
            out.bad(table.where, text[:60], f"这个表格（{len(table.rows)} 行）与表单中的任何表都对不上")
        for line in table.lines:
            if not is_blank(line.text):
                out.stray(line, "这一段与表单对不上")
    if source.has_body:
        read_body(spec, parts.body, out, year)
    _finish(spec, source, out, result)
    return result


def _finish(spec: FormSpec, source: SourceDocument, out: Collector, result: ImportReport) -> None:
    data = out.data()
    try:
        validate_types(source.name, data, spec)
    except ReportError as exc:  # a reader bug: the values were typed by the form's kinds
        result.refused = str(exc)
        return
    report = Report(data, spec)
    evaluation = evaluate(report)
    stored = _compare(spec, out, report, evaluation, result)
    if stored:
        evaluation = evaluate(report)
    reads = out.all_reads() + stored
    rank = {path: i for i, path in enumerate(spec.fields)}
    result.read = sorted(reads, key=lambda r: rank.get(r.path, len(rank)))
    result.unmatched = out.unmatched
    result.conflicts = out.conflicts
    result.notes += out.notes
    result.missing = _missing(spec, source, out)
    result.report = report


def _decimal(text: str) -> Decimal | None:
    cleaned = normalise(text).rstrip("%")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _agrees(text: str, value: Any) -> bool:
    if is_blank(text):
        return value is None
    stated = _decimal(text)
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and stated is not None:
        places = stated.as_tuple().exponent
        exponent = Decimal(1).scaleb(places if isinstance(places, int) else 0)
        return Decimal(value).quantize(exponent, rounding=ROUND_HALF_UP) == stated
    return value is not None and normalise(str(value)) == normalise(text)


def _compare(spec: FormSpec, out: Collector, report: Report, evaluation: Evaluation,
             result: ImportReport) -> list[FieldRead]:
    stored: list[FieldRead] = []
    for stated in out.stated:
        value = value_of(stated.name, report, evaluation)
        if _agrees(stated.text, value):
            continue
        number = _decimal(stated.text)
        keep = stated.store is not None and number is not None and get_path(report.data, stated.store) is None
        if keep:
            assert stated.store is not None
            figure = convert(stated.text, "money")
            set_path(report.data, stated.store, figure)
            stored.append(FieldRead(stated.store, figure, stated.where))
        shown = display(value, kind_of(stated.name, spec), stated.format) if value is not None else "（无法计算）"
        result.mismatches.append(Mismatch(stated.name, stated.caption, stated.text.strip(), shown,
                                          stated.where, keep))
    return stored


def _placed(spec: FormSpec, has_body: bool) -> set[str]:
    """The input keys a file of this kind has a place for."""
    from core.printed import repeat_path

    places: set[str] = set()
    for layout in spec.tables:
        plan = plan_table(spec, layout)
        for row in plan.rows:
            for cell in row.cells:
                if cell.kind == "input" and cell.name:
                    places.add(repeat_path(spec, row.repeat)[0] if row.repeat else cell.name)
            for template in (layout.title, *layout.after):
                places |= _template_fields(spec, template)
    if not has_body:
        return places
    places |= _template_fields(spec, spec.title)
    for line in spec.document.signoff:
        places |= _template_fields(spec, line)
    for section in spec.sections:
        if not section.number or section.attachment:
            continue
        if section.list_id:
            places.add(spec.lists[section.list_id].path)
        for sub in section.subsections or tuple({"field": path} for path in section.fields):
            places |= {sub[key] for key in ("field", "amount") if sub.get(key)}
            for name in [*sub.get("templates", []), sub.get("zero_template")]:
                if name and name in spec.templates:
                    places |= _template_fields(spec, spec.templates[name])
    return places


def _template_fields(spec: FormSpec, template: str) -> set[str]:
    out = set()
    for name in placeholders(template):
        path = spec.role(name) if name in ROLE_NAMES else name
        if path and path in spec.fields:
            out.add(path)
    return out


def _missing(spec: FormSpec, source: SourceDocument, out: Collector) -> list[Missing]:
    places = _placed(spec, source.has_body)
    missing: list[Missing] = []

    def note(path: str) -> None:
        if path in out.blanks:
            missing.append(Missing(path, "blank", out.blanks[path]))
        elif path in places:
            missing.append(Missing(path, "absent", out.absent.get(path)))
        else:
            missing.append(Missing(path, "no_place"))

    for path in spec.fields:
        if not out.has(path):
            note(path)
    for table in spec.lists.values():
        if table.path not in out.lists:
            note(table.path)
    for grid in spec.grids.values():
        for row in grid.rows:
            if row.list_id is not None:
                path = f"{grid.path}.{row.list_id}"
                if path not in out.lists:
                    note(path)
                continue
            if row.parts or row.sum_lists:
                continue
            for column in grid.column_keys:
                path = f"{grid.path}.{row.key}.{column}"
                if not out.has(path):
                    note(path)
    return missing


