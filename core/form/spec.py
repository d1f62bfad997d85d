"""FormSpec: a form definition from forms/, read once into typed values.

Everything that differs between forms, provinces and years (labels, order, units,
bounds, formulas, checks, weights, bands, templates, printed layouts) lives in the
TOML file; this module only gives it types and a few lookups, so code can stay free
of any form's ids, paths, numbers and words. `core.form.lint` refuses a form with a
mistake before it gets here, so parsing may assume the shape is right.
"""


from decimal import Decimal
from typing import Any, NamedTuple

from core.form.expr import Node, compile_expr
from core.form.layout import DocumentLayout, TableLayout, parse_document, parse_tables

__all__ = [
    "FormSpec", "FieldSpec", "ColumnSpec", "ListSpec", "GridRow", "GridColumn", "GridSpec",
    "Computed", "CheckSpec", "Section", "AssessmentItem", "Level1", "Band", "Scoring",
    "parse_form", "section_short",
]


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class FieldSpec(NamedTuple):
    """One input of the data file, by dotted key."""

    path: str
    label: str
    type: str
    unit: str | None = None
    required: str | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    help: str | None = None


class ColumnSpec(NamedTuple):
    """One column of a list's rows; `catalog` names the profile catalog it is chosen from."""

    key: str
    label: str
    type: str
    unit: str | None = None
    required: str | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    catalog: str | None = None


class ListSpec(NamedTuple):
    """An array of tables in the data file (problems, indicator rows, buildings).

    `row_name` is the column that names a row in messages (the 三级指标, the 项目名称);
    `row_group` the column a message puts before it (the 一级指标).
    """

    id: str
    path: str
    label: str
    row_label: str
    columns: tuple[ColumnSpec, ...]
    row_name: str | None = None
    row_group: str | None = None

    def column(self, key: str) -> ColumnSpec:
        return next(col for col in self.columns if col.key == key)


class GridRow(NamedTuple):
    """A row of a grid: a keyed row, or a list of named rows the unit adds (`list_id`).

    A row with `parts` (and `sum_lists`) is a parent: the sum of its parts when any
    part is given; a parent stored in the file must agree with its parts.
    """

    label: str
    key: str | None = None
    list_id: str | None = None
    indent: int = 0
    parts: tuple[str, ...] = ()
    sum_lists: tuple[str, ...] = ()
    empty_is_zero: bool = False  # a named-row list with no rows is 0 where the grid's column is filled


class GridColumn(NamedTuple):
    key: str
    label: str
    heading: str


class GridSpec(NamedTuple):
    """Rows × columns of money with parents summed from their parts (附件1 经费, 项目资金).

    `carry` says which column of last year's file fills which column of next year's
    (`{prev = "final"}`: this year's 上年决算数 is last year's 本年决算数).
    """

    id: str
    path: str
    label: str
    unit: str
    columns: tuple[GridColumn, ...]
    rows: tuple[GridRow, ...]
    carry: dict[str, str] = {}

    def row(self, key: str) -> GridRow | None:
        return next((row for row in self.rows if row.key == key), None)

    def column_label(self, key: str) -> str:
        return next(col.label for col in self.columns if col.key == key)

    @property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(col.key for col in self.columns)


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
    """One step of the editor's walk and one part of the printed report."""

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
    list_id: str | None = None
    list_ids: tuple[str, ...] = ()
    grid_ids: tuple[str, ...] = ()
    generated: bool = False
    note: str | None = None
    record: str | None = None  # how a records section prints each row: "（{ordinal}）{title}。{cause}"


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


class Scoring(NamedTuple):
    """What the 总分 is made of, and the scoring rules the form follows.

    The defaults are the national rules (财预〔2020〕10号 第十二条): a target written with no
    direction (`90%`, `=100%`) is met when reached or exceeded; a 反向 target missed scores
    weight × target / actual; an entered score may differ from the proportional one by 0.1;
    the 满意度 weight never moves; a 总分 above `full` or a score above its weight has no grade.
    """

    list_id: str | None = None
    base: str | None = None  # a calc.* name added to the indicator scores (预算执行率得分)
    base_weight: str | None = None  # a form.* name: the base's weight in the 分值 total
    full: str | None = None  # a form.* name: the 满分; a 总分 above it has no grade
    equal_target: str = "at_least"  # at_least: `90%` met by 100%; exact: only by 90%, else min/max
    reverse: str = "ratio"  # ratio: weight × target/actual; linear: 0 at reverse_zero_at × target
    reverse_zero_at: Decimal = Decimal(2)
    tolerance: Decimal = Decimal("0.1")  # entered vs proportional score (indicator.proportional)
    satisfaction: str | None = None  # the 一级 whose weight may move when it has no row …
    satisfaction_to: tuple[str, ...] = ()  # … into these 一级 (empty: it never moves)
    withhold_grade: bool = True


class FormSpec(NamedTuple):
    id: str
    name: str
    schema: int
    title: str
    profile: dict[str, Any]
    fields: dict[str, FieldSpec]
    lists: dict[str, ListSpec]
    grids: dict[str, GridSpec]
    computed: tuple[Computed, ...]
    checks: tuple[CheckSpec, ...]
    sections: tuple[Section, ...]
    templates: dict[str, str]
    assessment: tuple[AssessmentItem, ...]
    attachments: dict[str, tuple[str, ...]]
    grades: tuple[tuple[Decimal, str], ...]
    level1: tuple[Level1, ...]
    bands: tuple[Band, ...]
    roles: dict[str, str] = {}
    scoring: Scoring = Scoring()
    new_year: tuple[str, ...] = ()
    sample: str | None = None
    default: bool = False
    tables: tuple[TableLayout, ...] = ()
    document: DocumentLayout = DocumentLayout()
    field_section: dict[str, Section] = {}
    words: dict[str, str] = {}
    raw: dict[str, Any] = {}

    def decimal(self, key: str) -> Decimal:
        """A number of the profile (`tail_tolerance`, `execution_weight`, …)."""
        return Decimal(str(self.profile[key]))

    def scoring_number(self, name: str | None) -> Decimal | None:
        """A number the scoring table names (`base_weight = "form.execution_weight"`), or None."""
        if not name:
            return None
        from core.form.expr import evaluate

        value = evaluate(compile_expr(name), lambda ref: self.decimal(ref[5:]) if ref.startswith("form.") else None)
        return value if isinstance(value, Decimal) else None

    def section(self, section_id: str) -> Section:
        return next(sec for sec in self.sections if sec.id == section_id)

    def check(self, check_id: str) -> CheckSpec | None:
        return next((chk for chk in self.checks if chk.id == check_id), None)

    def role(self, name: str) -> str | None:
        """The field or formula that plays a role every form has (year, unit, …)."""
        return self.roles.get(name)

    @property
    def scored_list(self) -> ListSpec | None:
        """The list of 三级指标 rows the 总分 sums, if the form scores one."""
        return self.lists.get(self.scoring.list_id) if self.scoring.list_id else None

    def grid_section(self, grid_id: str) -> Section | None:
        """The section where a grid is edited (附件1 for the Hunan form's 经费 grid)."""
        return next((sec for sec in self.sections if grid_id in sec.grid_ids), None)

    def section_keys(self, section: Section) -> list[str]:
        """The data keys whose presence makes a section present (its required keys, else its
        fields, and its lists and grids)."""
        keys = list(section.required or section.fields)
        keys += [self.lists[list_id].path for list_id in (section.list_id, *section.list_ids) if list_id]
        keys += [self.grids[grid_id].path for grid_id in section.grid_ids]
        return keys

    def list_by_path(self, path: str) -> ListSpec | None:
        return next((item for item in self.lists.values() if item.path == path), None)

    def grid_of_path(self, path: str) -> GridSpec | None:
        """The grid a data key belongs to (`grid.path.row.column` → that grid)."""
        return next((grid for grid in self.grids.values() if path.startswith(grid.path + ".")), None)

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
            key=col["key"], label=col["label"], type=col.get("type", "text"), unit=col.get("unit"),
            required=col.get("required"), min=_dec(col.get("min")), max=_dec(col.get("max")),
            catalog=col.get("catalog"),
        )
        for col in raw
    )


def _grid(grid_id: str, raw: dict[str, Any]) -> GridSpec:
    return GridSpec(
        id=grid_id,
        path=raw["path"],
        label=raw["label"],
        unit=raw.get("unit", ""),
        columns=tuple(GridColumn(c["key"], c["label"], c.get("heading", c["label"])) for c in raw["columns"]),
        rows=tuple(
            GridRow(
                label=row["label"], key=row.get("key"), list_id=row.get("list"), indent=row.get("indent", 0),
                parts=tuple(row.get("parts", ())), sum_lists=tuple(row.get("sum_lists", ())),
                empty_is_zero=bool(row.get("empty_is_zero", False)),
            )
            for row in raw["rows"]
        ),
        carry=dict(raw.get("carry", {})),
    )


def _section(item: dict[str, Any]) -> Section:
    return Section(
        id=item["id"], label=item["label"], nav=item.get("nav", item["label"]), kind=item.get("kind", "fields"),
        number=item.get("number"), attachment=item.get("attachment"), title=item.get("title"),
        fields=tuple(item.get("fields", ())), required=tuple(item.get("required", ())),
        derived=tuple(item.get("derived", ())), subsections=tuple(item.get("subsections", ())),
        list_id=item.get("list"), list_ids=tuple(item.get("lists", ())), grid_ids=tuple(item.get("grids", ())),
        generated=bool(item.get("generated", False)), note=item.get("note"), record=item.get("record"),
    )


def _scoring(raw: dict[str, Any]) -> Scoring:
    defaults = Scoring()
    return Scoring(
        list_id=raw.get("list"), base=raw.get("base"), base_weight=raw.get("base_weight"), full=raw.get("full"),
        equal_target=raw.get("equal_target", defaults.equal_target), reverse=raw.get("reverse", defaults.reverse),
        reverse_zero_at=_dec(raw.get("reverse_zero_at")) or defaults.reverse_zero_at,
        tolerance=_dec(raw.get("tolerance", defaults.tolerance)) or Decimal(0),
        satisfaction=raw.get("satisfaction"), satisfaction_to=tuple(raw.get("satisfaction_to", ())),
        withhold_grade=bool(raw.get("withhold_grade", True)),
    )


def parse_form(raw: dict[str, Any]) -> FormSpec:
    """Give a (linted) form definition types and compile its formulas."""
    profile = raw.get("profile", {})
    fields = {
        path: FieldSpec(
            path=path, label=item["label"], type=item.get("type", "text"), unit=item.get("unit"),
            required=item.get("required"), min=_dec(item.get("min")), max=_dec(item.get("max")),
            help=item.get("help"),
        )
        for path, item in raw.get("fields", {}).items()
    }
    lists = {
        list_id: ListSpec(
            id=list_id, path=item.get("path", list_id), label=item["label"],
            row_label=item.get("row_label", item["label"]), columns=_columns(item.get("columns", [])),
            row_name=item.get("row_name"), row_group=item.get("row_group"),
        )
        for list_id, item in raw.get("lists", {}).items()
    }
    computed = tuple(
        Computed(
            id=item["id"], label=item["label"], expr=compile_expr(item["expr"]), format=item.get("format", "money"),
            denominator=compile_expr(item["denominator"]) if "denominator" in item else None,
            denominator_path=item.get("denominator"), undefined_severity=item.get("undefined_severity"),
            each=item.get("each"),
        )
        for item in raw.get("computed", [])
    )
    sections = tuple(_section(item) for item in raw["sections"])
    field_section: dict[str, Section] = {}
    for section in sections:
        for path in section.fields:
            field_section.setdefault(path, section)
    scoring = raw.get("scoring", {})
    return FormSpec(
        id=raw["id"],
        name=raw.get("name", raw["id"]),
        schema=int(raw.get("schema", 1)),
        title=raw.get("title", ""),
        profile=profile,
        fields=fields,
        lists=lists,
        grids={grid_id: _grid(grid_id, item) for grid_id, item in raw.get("grids", {}).items()},
        computed=computed,
        checks=tuple(
            CheckSpec(id=item["id"], kind=item["kind"], severity=item.get("severity", "error"), raw=item)
            for item in raw.get("checks", [])
        ),
        sections=sections,
        templates=dict(raw.get("templates", {})),
        assessment=tuple(
            AssessmentItem(id=item["id"], group=item.get("group", ""), item=item["item"],
                           max=Decimal(str(item["max"])), kind=item["kind"], raw=item)
            for item in raw.get("assessment", [])
        ),
        attachments={name: tuple(keys) for name, keys in raw.get("attachments", {}).items()},
        grades=tuple((Decimal(str(g["min"])), g["grade"]) for g in profile.get("grades", [])),
        level1=tuple(
            Level1(name=item["name"], short=item.get("short", item["name"]), weight=Decimal(str(item["weight"])),
                   level2=tuple(item.get("level2", ())))
            for item in profile.get("level1", [])
        ),
        bands=tuple(
            Band(words=item["words"], low=Decimal(str(item["low"])), high=Decimal(str(item["high"])),
                 high_open=bool(item.get("high_open", False)), met=bool(item.get("met", False)))
            for item in profile.get("qualitative_bands", [])
        ),
        roles=dict(raw.get("roles", {})),
        scoring=_scoring(scoring),
        new_year=tuple(raw.get("new_year", {}).get("carry", ())),
        sample=raw.get("sample"),
        default=bool(raw.get("default", False)),
        tables=parse_tables(raw.get("tables", [])),
        document=parse_document(raw.get("document", {})),
        field_section=field_section,
        words={key: str(value) for key, value in raw.get("words", {}).items()},
        raw=raw,
    )
