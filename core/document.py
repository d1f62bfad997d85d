"""The whole report as a list of blocks: headings, paragraphs and tables.

`jixiao show` (rich), the Markdown export and the Word export all lay out the same
report; building it once here, from the form and the evaluation, keeps the three in
step: a figure, a heading or a row is added in one place.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from core.findings import Evaluation
from core.form import FormSpec, Section
from core.numbers import fmt_money, fmt_percent, fmt_plain, fmt_score
from core.paths import get_path
from core.report import Report
from core.text import heading, render_template, subsection_sentences, template_values

__all__ = ["Block", "Heading", "Paragraph", "Table", "build_document", "chinese_ordinal"]

_DIGITS = "零一二三四五六七八九"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (how the 正文 numbers its parts)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


class Heading(NamedTuple):
    level: int  # 0 title, 1 一、, 2 （一）, 3 attachment title
    text: str
    section: str | None = None


class Paragraph(NamedTuple):
    text: str
    section: str | None = None
    generated: bool = False


class Table(NamedTuple):
    columns: list[str]
    rows: list[list[str]]
    section: str | None = None
    numeric: list[bool] = []  # right-align these columns


Block = Heading | Paragraph | Table


def _money(value: Any) -> str:
    return fmt_money(value) if isinstance(value, (int, Decimal)) and not isinstance(value, bool) else ""


def _text_blocks(report: Report, section: Section, path: str, numbering: str | None) -> list[Block]:
    value = get_path(report.data, path)
    if value is None:
        return []
    if isinstance(value, list):
        return [
            Paragraph(render_template(numbering, {"n": str(i)}) + item if numbering else item, section.id)
            for i, item in enumerate(value, 1)
        ]
    return [Paragraph(line, section.id) for line in str(value).split("\n") if line.strip()]


def _body_section(report: Report, ev: Evaluation, section: Section, values: dict[str, str]) -> list[Block]:
    blocks: list[Block] = [Heading(1, section.label, section.id)]
    spec = report.spec
    if section.kind == "records" and section.list_id:
        table = spec.lists[section.list_id]
        for i, row in enumerate(get_path(report.data, table.path) or [], 1):
            first, *rest = [str(row.get(col.key) or "") for col in table.columns]
            text = f"（{chinese_ordinal(i)}）{first}" + ("。" if first and not first.endswith("。") else "")
            blocks.append(Paragraph(text + "".join(rest), section.id))
        return blocks
    subsections = section.subsections or tuple({"field": path} for path in section.fields)
    for sub in subsections:
        if sub.get("label"):
            blocks.append(Heading(2, heading(sub["label"], values), section.id))
        for sentence in subsection_sentences(report, ev, sub, values):
            blocks.append(Paragraph(sentence, section.id, generated=True))
        if sub.get("field"):
            blocks += _text_blocks(report, section, sub["field"], sub.get("numbering"))
    return blocks


def _attachment1(report: Report, ev: Evaluation, section: Section, values: dict[str, str]) -> list[Block]:
    spec, words = report.spec, report.spec.words
    blocks: list[Block] = [Heading(1, section.attachment or "", section.id),
                           Heading(3, heading(section.title, values), section.id)]
    quota, actual = (spec.fields[f"basic_data.staffing.{k}"] for k in ("quota", "actual"))
    blocks.append(Table(
        [words.get("staffing_group", ""), quota.label, actual.label, words.get("staffing_rate", "")],
        [["", fmt_plain(get_path(report.data, quota.path)) if get_path(report.data, quota.path) is not None else "",
          fmt_plain(get_path(report.data, actual.path)) if get_path(report.data, actual.path) is not None else "",
          fmt_percent(ev.values.get("staffing_rate"))]],
        section.id, [False, True, True, True]))
    rows: list[list[str]] = []
    grid = spec.grids[section.grid_ids[0]]
    costs = get_path(report.data, grid.path) or {}
    columns = list(grid.column_keys)
    for row in grid.rows:
        indent = "　" * row.indent
        if row.key:
            rows.append([indent + row.label] + [_money(ev.values.get(f"costs.{row.key}.{c}")) for c in columns])
        elif row.list_id:
            named = costs.get(row.list_id) or []
            if not named:
                rows.append([indent + row.label] + ["" for _ in columns])
            for entry in named:
                rows.append([indent + str(entry.get("name") or row.label)] + [_money(entry.get(c)) for c in columns])
    headings = [heading(column.heading, values) for column in grid.columns]
    blocks.append(Table([words.get("costs_group", grid.label)] + headings, rows, section.id,
                        [False, True, True, True]))
    buildings = spec.lists[section.list_ids[0]]
    building_rows = []
    for i, entry in enumerate(get_path(report.data, buildings.path) or []):
        building_rows.append([
            str(entry.get("name") or ""), _money(entry.get("approved_area")), _money(entry.get("actual_area")),
            fmt_percent(ev.values.get(f"building_area_rate[{i}]")), _money(entry.get("budget_investment")),
            _money(entry.get("actual_investment")), fmt_percent(ev.values.get(f"building_investment_rate[{i}]")),
        ])
    rate_labels = {c.id: c.label for c in spec.computed}
    cols = [c.label + (f"（{c.unit}）" if c.unit else "") for c in buildings.columns]
    blocks.append(Table(
        [heading(words.get("buildings_group", buildings.label), values)] + cols[1:3]
        + [rate_labels.get("building_area_rate", "")] + cols[3:5] + [rate_labels.get("building_investment_rate", "")],
        building_rows or [[words.get("none_rows", "")] + [""] * 6], section.id, [False] + [True] * 6))
    frugality = spec.fields["basic_data.frugality"]
    blocks.append(Table([frugality.label, str(get_path(report.data, frugality.path) or "")], [], section.id))
    if section.note:
        blocks.append(Paragraph(section.note, section.id))
    blocks.append(Paragraph(render_template(words.get("signature", ""), _signature(values)), section.id))
    return blocks


def _signature(values: dict[str, str]) -> dict[str, str]:
    out = dict(values)
    for key in ("unit_filled_by", "unit_filled_on", "unit_phone", "unit_head"):
        out.setdefault(key, "")
    return out


def _attachment2(report: Report, ev: Evaluation, sections: list[Section], values: dict[str, str]) -> list[Block]:
    spec, words, data = report.spec, report.spec.words, report.data
    first = sections[0]
    blocks: list[Block] = [Heading(1, first.attachment or "", first.id), Heading(3, heading(first.title, values), first.id)]
    label = spec.fields
    blocks.append(Table([words.get("unit_name", ""), str(get_path(data, "unit.name") or "")], [], first.id))
    blocks.append(Table(
        [words.get("funds_group", ""), label["budget.initial"].label, label["budget.total"].label,
         label["budget.executed"].label, words.get("funds_weight", ""), words.get("funds_rate", ""),
         words.get("funds_score", "")],
        [[words.get("funds_total", ""), _money(get_path(data, "budget.initial")), _money(get_path(data, "budget.total")),
          _money(get_path(data, "budget.executed")), fmt_score(spec.decimal("execution_weight")),
          fmt_percent(ev.values.get("execution_rate")), fmt_score(ev.values.get("execution_score"))]],
        first.id, [False] + [True] * 6))
    sources = [p for p in spec.fields if p.startswith("budget.sources.")]
    nature = ["budget.basic", "budget.project"]
    rows = []
    for i in range(max(len(sources), len(nature))):
        left = f"{label[sources[i]].label}：{_money(get_path(data, sources[i]))}" if i < len(sources) else ""
        right = f"{label[nature[i]].label}：{_money(get_path(data, nature[i]))}" if i < len(nature) else ""
        rows.append([left, right])
    blocks.append(Table([words.get("by_source", ""), words.get("by_nature", "")], rows, first.id))
    targets = get_path(data, "self_eval.targets") or []
    blocks.append(Table(
        [words.get("goals_group", ""), label["self_eval.targets"].label, label["self_eval.achieved"].label],
        [["", "\n".join(f"{i}.{t}" for i, t in enumerate(targets, 1)), str(get_path(data, "self_eval.achieved") or "")]],
        first.id))
    table = spec.scored_list
    assert table is not None
    indicator_rows = []
    for row, judged in zip(get_path(data, table.path) or [], ev.indicators, strict=False):
        cells = [str(row.get(col.key) or "") if col.type == "text" else fmt_score(judged.weight if col.key == "weight" else judged.score)
                 for col in table.columns]
        indicator_rows.append(cells)
    total_weight = sum((r.weight for r in ev.indicators if r.weight is not None), Decimal(0)) + spec.decimal("execution_weight")
    indicator_rows.append([words.get("total_row", "")] + [""] * 4 + [fmt_score(total_weight), fmt_score(ev.total), ""])
    blocks.append(Table([c.label for c in table.columns], indicator_rows, sections[-1].id,
                        [c.type != "text" for c in table.columns]))
    blocks.append(Paragraph(render_template(words.get("signature", ""), _signature(values)), first.id))
    return blocks


def _attachment5(report: Report, ev: Evaluation, section: Section, values: dict[str, str]) -> list[Block]:
    words = report.spec.words
    rows = [[item.group, item.item, fmt_score(item.max),
             fmt_score(item.score) if item.score is not None else words.get("pending", "")] for item in ev.assessment]
    total = fmt_score(ev.assessment_total) + (words.get("partial", "") if ev.assessment_partial else "")
    rows.append([words.get("sum_row", ""), "", fmt_score(sum((i.max for i in ev.assessment), Decimal(0))), total])
    return [Heading(1, section.attachment or "", section.id), Heading(3, heading(section.title, values), section.id),
            Table([words.get("level1", ""), words.get("level2", ""), words.get("item_max", ""), words.get("item_score", "")],
                  rows, section.id, [False, False, True, True])]


def build_document(report: Report, ev: Evaluation, only: str | None = None) -> list[Block]:
    """Blocks of the whole report (or of one section id, or of one attachment name)."""
    spec: FormSpec = report.spec
    values = template_values(report, ev)
    blocks: list[Block] = []
    if only is None:
        blocks.append(Heading(0, render_template(spec.title, values)))
    attachments: dict[str, list[Section]] = {}
    for section in spec.sections:
        if section.attachment:
            attachments.setdefault(section.attachment, []).append(section)
        elif section.number and only in (None, section.id):
            blocks += _body_section(report, ev, section, values)
    for name, sections in attachments.items():
        if only not in (None, name) and only not in {s.id for s in sections}:
            continue
        kind = sections[0].kind
        if sections[0].grid_ids:
            blocks += _attachment1(report, ev, sections[0], values)
        elif kind == "assessment":
            blocks += _attachment5(report, ev, sections[0], values)
        else:
            blocks += _attachment2(report, ev, sections, values)
    return blocks
