"""FormSpec: a form definition from forms/, read once into typed values.

Everything that differs between provinces and years (labels, order, units, bounds,
formulas, checks, weights, bands, templates) lives in the TOML file; this module
only gives it types and a few lookups, so core code can stay free of any region's
numbers and words.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from core.form.expr import Node, compile_expr

__all__ = [
    "FormSpec",
    "FieldSpec",
    "ColumnSpec",
    "TableSpec",
    "CostRow",
    "CostsSpec",
    "Computed",
    "CheckSpec",
    "Section",
    "AssessmentItem",
    "Level1",
    "Band",
    "parse_form",
    "section_short",
]


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class FieldSpec(NamedTuple):
    path: str
    label: str
    type: str
    unit: str | None = None
    required: str | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    help: str | None = None


class ColumnSpec(NamedTuple):
    key: str
    label: str
    type: str
    unit: str | None = None
    required: str | None = None
    max: Decimal | None = None


class TableSpec(NamedTuple):
    id: str
    path: str
    label: str
    row_label: str
    columns: tuple[ColumnSpec, ...]

    def column(self, key: str) -> ColumnSpec:
        return next(col for col in self.columns if col.key == key)


class CostRow(NamedTuple):
    label: str
    key: str | None = None
    table: str | None = None
    indent: int = 0
    parts: tuple[str, ...] = ()
    sum_tables: tuple[str, ...] = ()


class CostsSpec(NamedTuple):
    path: str
    label: str
    unit: str
    columns: tuple[tuple[str, str, str], ...]  # key, label, printed heading template
    rows: tuple[CostRow, ...]

    def row(self, key: str) -> CostRow | None:
        return next((row for row in self.rows if row.key == key), None)

    def column_label(self, key: str) -> str:
        return next(label for ckey, label, _ in self.columns if ckey == key)


class Computed(NamedTuple):
    id: str
    label: str
    expr: Node
    format: str
    denominator: Node | None = None
    denominator_path: str | None = None
    undefined_severity: str | None = None
    each: str | None = None


class CheckSpec(NamedTuple):
    id: str
    kind: str
    severity: str
    raw: dict[str, Any]

    def text(self, key: str = "message") -> str:
        return str(self.raw.get(key, self.raw.get("message", self.id)))


class Section(NamedTuple):
    id: str
    label: str
    nav: str
    kind: str
    number: str | None = None
    attachment: str | None = None
    title: str | None = None
    fields: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    derived: tuple[str, ...] = ()
    subsections: tuple[dict[str, Any], ...] = ()
    table: str | None = None
    tables: tuple[str, ...] = ()
    costs: bool = False
    generated: bool = False
    note: str | None = None


class AssessmentItem(NamedTuple):
    id: str
    group: str
    item: str
    max: Decimal
    kind: str
    raw: dict[str, Any]


class Level1(NamedTuple):
    name: str
    short: str
    weight: Decimal
    level2: tuple[str, ...]


class Band(NamedTuple):
    words: str
    low: Decimal
    high: Decimal
    high_open: bool
    met: bool


class FormSpec(NamedTuple):
    id: str
    name: str
    schema: int
    title: str
    profile: dict[str, Any]
    fields: dict[str, FieldSpec]
    tables: dict[str, TableSpec]
    costs: CostsSpec
    computed: tuple[Computed, ...]
    checks: tuple[CheckSpec, ...]
    sections: tuple[Section, ...]
    templates: dict[str, str]
    assessment: tuple[AssessmentItem, ...]
    attachments: dict[str, tuple[str, ...]]
    grades: tuple[tuple[Decimal, str], ...]
    level1: tuple[Level1, ...]
    bands: tuple[Band, ...]
    field_section: dict[str, Section] = {}
    words: dict[str, str] = {}

    def decimal(self, key: str) -> Decimal:
        """A number of the profile (`tail_tolerance`, `execution_weight`, …)."""
        return Decimal(str(self.profile[key]))

    def section(self, section_id: str) -> Section:
        return next(sec for sec in self.sections if sec.id == section_id)

    def check(self, check_id: str) -> CheckSpec | None:
        return next((chk for chk in self.checks if chk.id == check_id), None)

    def costs_section(self) -> Section | None:
        """The section that holds the 经费控制 grid (附件1 in the Hunan form)."""
        return next((sec for sec in self.sections if sec.costs), None)

    def table_by_path(self, path: str) -> TableSpec | None:
        return next((tbl for tbl in self.tables.values() if tbl.path == path), None)

    def field_label(self, path: str) -> str:
        """The field in the form's own words, its section first: `二 · 基本支出`."""
        spec = self.fields.get(path)
        if spec is None:
            return path
        section = self.field_section.get(path)
        if section is None:
            return spec.label
        return f"{section_short(section)} · {spec.label}"


def section_short(section: Section) -> str:
    """How messages name a section: its attachment (附件1), else its sidebar label (二 一般公共预算)."""
    return section.attachment or section.nav


def _columns(raw: list[dict[str, Any]]) -> tuple[ColumnSpec, ...]:
    return tuple(
        ColumnSpec(
            key=col["key"],
            label=col["label"],
            type=col.get("type", "text"),
            unit=col.get("unit"),
            required=col.get("required"),
            max=_dec(col.get("max")),
        )
        for col in raw
    )


def parse_form(raw: dict[str, Any]) -> FormSpec:
    """Give a form definition types and compile its formulas."""
    profile = raw.get("profile", {})
    fields = {
        path: FieldSpec(
            path=path,
            label=item["label"],
            type=item.get("type", "text"),
            unit=item.get("unit"),
            required=item.get("required"),
            min=_dec(item.get("min")),
            max=_dec(item.get("max")),
            help=item.get("help"),
        )
        for path, item in raw.get("fields", {}).items()
    }
    tables = {
        table_id: TableSpec(
            id=table_id,
            path=item.get("path", table_id),
            label=item["label"],
            row_label=item.get("row_label", item["label"]),
            columns=_columns(item.get("columns", [])),
        )
        for table_id, item in raw.get("tables", {}).items()
    }
    costs_raw = raw["costs"]
    costs = CostsSpec(
        path=costs_raw["path"],
        label=costs_raw["label"],
        unit=costs_raw.get("unit", ""),
        columns=tuple((c["key"], c["label"], c.get("heading", c["label"])) for c in costs_raw["columns"]),
        rows=tuple(
            CostRow(
                label=row["label"],
                key=row.get("key"),
                table=row.get("table"),
                indent=row.get("indent", 0),
                parts=tuple(row.get("parts", ())),
                sum_tables=tuple(row.get("sum_tables", ())),
            )
            for row in costs_raw["rows"]
        ),
    )
    computed = tuple(
        Computed(
            id=item["id"],
            label=item["label"],
            expr=compile_expr(item["expr"]),
            format=item.get("format", "money"),
            denominator=compile_expr(item["denominator"]) if "denominator" in item else None,
            denominator_path=item.get("denominator"),
            undefined_severity=item.get("undefined_severity"),
            each=item.get("each"),
        )
        for item in raw.get("computed", [])
    )
    checks = tuple(
        CheckSpec(id=item["id"], kind=item["kind"], severity=item.get("severity", "error"), raw=item)
        for item in raw.get("checks", [])
    )
    sections = tuple(
        Section(
            id=item["id"],
            label=item["label"],
            nav=item.get("nav", item["label"]),
            kind=item.get("kind", "fields"),
            number=item.get("number"),
            attachment=item.get("attachment"),
            title=item.get("title"),
            fields=tuple(item.get("fields", ())),
            required=tuple(item.get("required", ())),
            derived=tuple(item.get("derived", ())),
            subsections=tuple(item.get("subsections", ())),
            table=item.get("table"),
            tables=tuple(item.get("tables", ())),
            costs=bool(item.get("costs", False)),
            generated=bool(item.get("generated", False)),
            note=item.get("note"),
        )
        for item in raw["sections"]
    )
    field_section: dict[str, Section] = {}
    for section in sections:
        for path in section.fields:
            field_section.setdefault(path, section)
    return FormSpec(
        id=raw["id"],
        name=raw.get("name", raw["id"]),
        schema=int(raw.get("schema", 1)),
        title=raw.get("title", ""),
        profile=profile,
        fields=fields,
        tables=tables,
        costs=costs,
        computed=computed,
        checks=checks,
        sections=sections,
        templates=dict(raw.get("templates", {})),
        assessment=tuple(
            AssessmentItem(
                id=item["id"],
                group=item.get("group", ""),
                item=item["item"],
                max=Decimal(str(item["max"])),
                kind=item["kind"],
                raw=item,
            )
            for item in raw.get("assessment", [])
        ),
        attachments={name: tuple(keys) for name, keys in raw.get("attachments", {}).items()},
        grades=tuple((Decimal(str(g["min"])), g["grade"]) for g in profile.get("grades", [])),
        level1=tuple(
            Level1(
                name=item["name"],
                short=item.get("short", item["name"]),
                weight=Decimal(str(item["weight"])),
                level2=tuple(item.get("level2", ())),
            )
            for item in profile.get("level1", [])
        ),
        bands=tuple(
            Band(
                words=item["words"],
                low=Decimal(str(item["low"])),
                high=Decimal(str(item["high"])),
                high_open=bool(item.get("high_open", False)),
                met=bool(item.get("met", False)),
            )
            for item in profile.get("qualitative_bands", [])
        ),
        field_section=field_section,
        words={key: str(value) for key, value in raw.get("words", {}).items()},
    )
