"""A printed table of the form laid out for one report: every cell placed on the grid.

The form declares each official table once (core.form.layout); this module expands
it for a report: repeated rows become one row per entry, a grid's row becomes one
cell per column, merged spans are placed on the grid the way Word and Excel place
them (a cell covers `rows` × `span` positions, later rows skip what is covered),
equal neighbours of repeated rows merge down, and every cell gets its printed text.
The workbook, Word, Markdown and the terminal all draw this one expansion; the
workbook also reads `name`, `kind` and `template` to write inputs and live formulas.
"""


from bisect import bisect_left, bisect_right
from typing import Any, NamedTuple

from core.findings import Evaluation
from core.form import FormSpec, GridSpec
from core.form.layout import CellLayout, RowLayout, TableLayout
from core.paths import get_path
from core.report import Report
from core.values import display, fill, kind_of, placeholders, value_of
from core.values import shown as shown_text

__all__ = ["Placed", "PrintedTable", "print_table", "print_tables", "repeat_path", "label_text"]


class Placed(NamedTuple):
    """One cell on the grid (0-based row and column), with what it prints and where it comes from."""

    row: int
    col: int
    rows: int
    cols: int
    text: str
    kind: str  # label · input · value · blank
    name: str | None = None  # input: the data key; value: the computed name (calc.*, score.*, …)
    template: str | None = None  # a label's template, or the text around an input's {value}
    format: str | None = None
    value_kind: str = "text"
    value: Any = None
    style: str = "cell"
    align: str = "left"
    indent: int = 0
    numbering: str | None = None
    context: dict[str, str] = {}  # placeholders of the repeated row ({n}, {catalog.weight})


class PrintedTable(NamedTuple):
    layout: TableLayout
    title: str
    cells: list[Placed]
    row_count: int
    header_rows: tuple[int, ...]
    after: list[str]
    # a merged-away input → (the cell that shows it, the row and column it would have had):
    # the 一级 of every row of a run of equal 一级 is the run's top cell
    aliases: dict[str, tuple[Placed, int, int]]


_NO_CONTEXT: dict[str, str] = {}
_new_placed = tuple.__new__  # a Placed from a ready tuple of all its fields, without keyword handling
_FIGURES = ("money", "score", "percent")
_Fields = tuple[Any, ...]  # Placed's fields from `cols` on


class _Context(NamedTuple):
    path: str  # the list's data path
    at: int  # the entry's index (on a blank row of an empty list: the entry it would be)
    entry: dict[str, Any]
    number: int
    blank: bool = False  # a row printed for an empty list, to be filled in


def repeat_path(spec: FormSpec, repeat: str) -> tuple[str, GridSpec | None]:
    """The data path of a repeated row's list: a list id, or <grid>.<list> of a grid's named rows."""
    if repeat in spec.lists:
        return spec.lists[repeat].path, None
    grid_id, _, list_id = repeat.partition(".")
    grid = spec.grids[grid_id]
    return f"{grid.path}.{list_id}", grid


def label_text(template: str, report: Report, evaluation: Evaluation, extra: dict[str, str] | None = None,
               absent: str = "") -> str:
    """A label or sentence template filled in; a name with no value prints `absent`."""

    def lookup(name: str) -> str:
        if extra and name in extra:
            return extra[name]
        text = shown_text(name, report, evaluation)
        return text if text != "" else absent

    return fill(template, lookup)


def _entries(report: Report, path: str) -> list[dict[str, Any]]:
    rows = get_path(report.data, path)
    return [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []


def _expand_rows(layout: TableLayout, report: Report) -> list[tuple[int, RowLayout, _Context | None]]:
    produced: list[tuple[int, RowLayout, _Context | None]] = []
    for index, row in enumerate(layout.rows):
        if not row.repeat:
            produced.append((index, row, None))
            continue
        path, _ = repeat_path(report.spec, row.repeat)
        entries = _entries(report, path)
        if not entries:
            produced.extend((index, row, _Context(path, k, {}, row.number_from + k, blank=True))
                            for k in range(row.empty_rows))
        for i, entry in enumerate(entries):
            produced.append((index, row, _Context(path, i, entry, row.number_from + i)))
    return produced


class _Builder:
    def __init__(self, layout: TableLayout, report: Report, evaluation: Evaluation) -> None:
        self.layout, self.report, self.ev, self.spec = layout, report, evaluation, report.spec
        # per (cell, list) facts that do not change from row to row: a long list stays linear
        self._kinds: dict[tuple[str, str | None], str] = {}
        self._catalogs: dict[str, str | None] = {}
        self._fills: dict[tuple[str | None, ...], str] = {}
        self._placeholders: dict[str, tuple[str, ...]] = {}
        self._covered: set[int] = set()  # indices into the placed cells a merge above covers
        # (layout row index, columns covered from above) → where its cells go
        self._plans: dict[tuple[int, tuple[int, ...]], list[tuple[Any, ...]] | None] = {}
        self._level_weights = {level.name: display(level.weight, "score") for level in report.spec.level1}

    def _kind(self, name: str, path: str, ctx: _Context | None) -> str:
        key = (name, ctx.path if ctx is not None else None)
        if key not in self._kinds:
            self._kinds[key] = kind_of(path, self.spec)
        return self._kinds[key]

    def _resolve(self, name: str, ctx: _Context | None) -> str:
        if ctx is None:
            return name
        name = name.replace("[row]", f"[{ctx.at}]")
        if name.startswith("row."):
            return f"{ctx.path}[{ctx.at}].{name[4:]}"
        return name

    def _context(self, ctx: _Context | None, path: str | None, value: Any) -> dict[str, str]:
        extra = {"n": str(ctx.number)} if ctx is not None else {}
        if path and isinstance(value, str):
            table_path, _, column = path.rpartition(".")
            key = f"{table_path.rpartition('[')[0]}.{column}"
            if key not in self._catalogs:
                table = self.spec.list_by_path(table_path.rpartition("[")[0])
                self._catalogs[key] = next((c.catalog for c in table.columns if c.key == column), None) if table else None
            if self._catalogs[key] == "level1" and value in self._level_weights:
                extra["catalog.weight"] = self._level_weights[value]
        return extra

    def _cell(self, cell: CellLayout, text: str, kind: str, name: str | None = None,
              template: str | None = None, fmt: str | None = None, value_kind: str = "text", value: Any = None,
              align: str = "left", context: dict[str, str] | None = None) -> _Fields:
        """Placed's fields after row, col and rows, in order (positional: a long table is built fast)."""
        return (cell.span, text, kind, name, template, fmt, value_kind, value, cell.style, align, cell.indent,
                cell.numbering, context or _NO_CONTEXT)

    def cells(self, cell: CellLayout, ctx: _Context | None) -> list[_Fields]:
        """The placed cells one layout cell becomes (a grid cell becomes one per column)."""
        fmt = cell.format or self.layout.format
        if cell.grid is not None:
            return self._grid_cells(cell, ctx, fmt)
        if cell.field is not None and ctx is not None and not cell.text and not cell.numbering \
                and cell.field.startswith("row."):
            # the common cell of a long list: one entry's column, printed as it is
            key = cell.field[4:]
            value = ctx.entry.get(key)
            path = f"{ctx.path}[{ctx.at}].{key}"
            kind = self._kind(cell.field, path, ctx)
            text = value if type(value) is str else display(value, kind, fmt if kind in _FIGURES else None)
            align = cell.align or ("right" if kind in ("money", "score", "count") else "left")
            return [(cell.span, text, "input", path, None, fmt, kind, value, cell.style, align, cell.indent,
                     None, _NO_CONTEXT)]
        if cell.field is not None:
            path = self._resolve(cell.field, ctx)
            if ctx is not None and cell.field.startswith("row."):
                value = ctx.entry.get(cell.field[4:])
            else:
                value = get_path(self.report.data, path) if ctx is None or not ctx.blank else None
            kind = self._kind(cell.field, path, ctx)
            shown = self._shown(value, kind, fmt, cell.numbering)
            extra = self._context(ctx, path, value)
            template = cell.text
            text = shown
            if template:
                extra["value"] = shown
                text = self._filled(template, extra)
            align = cell.align or ("right" if kind in ("money", "score", "count") and not template else "left")
            return [self._cell(cell, text, "input", path, template, fmt, kind, value, align, extra)]
        if cell.value is not None:
            name = self._resolve(cell.value, ctx)
            missing_row = ctx is not None and ctx.blank
            value = None if missing_row else value_of(name, self.report, self.ev)
            kind = kind_of(name, self.spec)
            text = "" if missing_row else shown_text(name, self.report, self.ev, fmt)
            return [self._cell(cell, text, "value", name, None, fmt, kind, value, cell.align or "right")]
        if cell.text is not None:
            extra = self._context(ctx, None, None)
            return [self._cell(cell, label_text(cell.text, self.report, self.ev, extra), "label", None, cell.text,
                               align=cell.align or ("center" if cell.style == "head" else "left"), context=extra)]
        return [self._cell(cell, "", "blank")]

    def _filled(self, template: str, extra: dict[str, str]) -> str:
        """A field cell's template filled for one row. What it prints depends on the row
        only through the placeholders the template names (the rest are the report's), so
        a long list fills each distinct combination once."""
        names = self._placeholders.get(template)
        if names is None:
            names = self._placeholders[template] = tuple(placeholders(template))
        key = (template, *map(extra.get, names))
        text = self._fills.get(key)
        if text is None:
            text = extra["value"]
            # a placeholder the row cannot fill (a 一级 not in the catalog has no 分值) prints the value alone
            if all(name in extra for name in names if "." in name and name.startswith("catalog")):
                text = label_text(template, self.report, self.ev, extra)
            self._fills[key] = text
        return text

    def _shown(self, value: Any, kind: str, fmt: str, numbering: str | None) -> str:
        if isinstance(value, list) and numbering:
            return "\n".join(fill(numbering, {"n": str(i), "value": str(item)}.__getitem__)
                             for i, item in enumerate(value, 1))
        return display(value, kind, fmt if kind in ("money", "score", "percent") else None)

    def _grid_cells(self, cell: CellLayout, ctx: _Context | None, fmt: str) -> list[_Fields]:
        assert cell.grid is not None
        out: list[_Fields] = []
        if cell.grid == "row":
            assert ctx is not None
            grid = self.spec.grid_of_path(ctx.path + ".x")
            assert grid is not None
            for column in grid.column_keys:
                path = f"{ctx.path}[{ctx.at}].{column}"
                value = ctx.entry.get(column)
                out.append(self._cell(cell, display(value, "money", fmt), "input", path, None, fmt, "money", value,
                                      "right"))
            return out
        grid_id, _, row_key = cell.grid.partition(".")
        grid = self.spec.grids[grid_id]
        row = next(r for r in grid.rows if row_key in (r.key, r.list_id))
        for column in grid.column_keys:
            path = f"{grid.path}.{row_key}.{column}"
            value = self.ev.values.get(f"{grid_id}.{row_key}.{column}")
            stored = get_path(self.report.data, path)
            is_input = row.key is not None and (not (row.parts or row.sum_lists) or stored is not None)
            name = path if is_input else f"calc.{grid_id}.{row_key}.{column}"
            out.append(self._cell(cell, display(value, "money", fmt), "input" if is_input else "value", name, None,
                                  fmt, "money", stored if is_input else value, "right"))
        return out

    def build(self) -> PrintedTable:
        produced = _expand_rows(self.layout, self.report)
        counts: dict[int, int] = {}
        for index, _, _ in produced:
            counts[index] = counts.get(index, 0) + 1
        busy = [-1] * (len(self.layout.widths) + 64)  # per column: the last row a cell above covers
        tall: list[tuple[int, int, int]] = []  # (last row, column, span) of each cell taller than one row
        placed: list[Placed] = []
        header_rows: list[int] = []
        for r, (index, row, ctx) in enumerate(produced):
            if row.header:
                header_rows.append(r)
            if tall and min(t[0] for t in tall) < r:
                tall = [t for t in tall if t[0] >= r]
            if ctx is not None:
                # the columns cells above reach into decide where this row's cells sit
                covered = tuple(sorted({c for _, col, span in tall for c in range(col, col + span)}))
                key = (index, covered)
                plan = self._plans[key] if key in self._plans else self._plan(key, row, set(covered))
                if plan is not None:
                    self._place_row(placed, r, ctx, plan)
                    continue
            col = 0
            for cell in row.cells:
                height = max(1, cell.rows if isinstance(cell.rows, int) else 1 + counts.get(index + 1, 0))
                for fields in self.cells(cell, ctx):
                    while col < len(busy) and busy[col] >= r:
                        col += 1
                    span = fields[0]
                    if col + span > len(busy):
                        busy.extend([-1] * (col + span - len(busy)))
                    for dc in range(span):
                        busy[col + dc] = r + height - 1
                    if height > 1:
                        tall.append((r + height - 1, col, span))
                    placed.append(Placed(r, col, height, *fields))
                    col += span
        aliases = self._merge(produced, placed)
        return PrintedTable(
            layout=self.layout, title=label_text(self.layout.title, self.report, self.ev, absent="____"),
            cells=[cell for i, cell in enumerate(placed) if i not in self._covered],
            row_count=len(produced),
            header_rows=tuple(header_rows),
            after=[label_text(text, self.report, self.ev, absent="　　　　") for text in self.layout.after],
            aliases=aliases,
        )

    def _plan(self, key: tuple[int, tuple[int, ...]], row: RowLayout, covered: set[int]) -> list[tuple[Any, ...]] | None:
        """How a repeated row's cells are placed when cells above reach into the `covered`
        columns: per cell its column and, for an entry's column printed as it is (most
        cells of a long list), what it prints with; None when a cell is a grid or taller
        than one row. Made once per layout row and coverage, so a list of 100,000 entries
        is placed without re-deciding each cell."""
        plan: list[tuple[Any, ...]] | None = []
        col = 0
        path, _ = repeat_path(self.spec, row.repeat or "")
        for cell in row.cells:
            if cell.grid is not None or not isinstance(cell.rows, int) or cell.rows > 1:
                plan = None
                break
            assert plan is not None
            while col in covered:
                col += 1
            fmt = cell.format or self.layout.format
            if cell.field is not None and not cell.text and not cell.numbering and cell.field.startswith("row."):
                kind = kind_of(f"{path}[0].{cell.field[4:]}", self.spec)
                align = cell.align or ("right" if kind in ("money", "score", "count") else "left")
                plan.append((col, cell, cell.field[4:], kind, fmt, fmt if kind in _FIGURES else None, align))
            else:
                plan.append((col, cell))
            col += cell.span
        self._plans[key] = plan
        return plan

    def _place_row(self, placed: list[Placed], r: int, ctx: _Context, plan: list[tuple[Any, ...]]) -> None:
        entry, prefix = ctx.entry, f"{ctx.path}[{ctx.at}]."
        for step in plan:
            if len(step) == 2:
                col, cell = step
                for fields in self.cells(cell, ctx):
                    placed.append(_new_placed(Placed, (r, col, 1, *fields)))
                continue
            col, cell, key, kind, fmt, figure_fmt, align = step
            value = entry.get(key)
            text = value if type(value) is str else display(value, kind, figure_fmt)
            placed.append(_new_placed(Placed, (r, col, 1, cell.span, text, "input", prefix + key, None, fmt, kind,
                                               value, cell.style, align, cell.indent, None, _NO_CONTEXT)))

    def _merge(self, produced: list[tuple[int, RowLayout, _Context | None]],
               placed: list[Placed]) -> dict[str, tuple[Placed, int, int]]:
        """Merge equal neighbours down in repeated rows (the 一级/二级 runs of 附件2)."""
        aliases: dict[str, tuple[Placed, int, int]] = {}
        row_of = [cell.row for cell in placed]  # placed in row order: a row's cells found by bisection

        def position(r: int, col: int) -> int:
            """Where in `placed` the cell at (r, col) is (a map of all 800,000 cells of a long
            list would cost more than the few rows that merge)."""
            for i in range(bisect_left(row_of, r), bisect_right(row_of, r)):
                if placed[i].col == col:
                    return i
            raise KeyError((r, col))

        groups: dict[int, list[int]] = {}
        for r, (index, row, ctx) in enumerate(produced):
            if row.merge and ctx is not None and not ctx.blank:
                groups.setdefault(index, []).append(r)
        for index, rows in groups.items():
            layout_row = self.layout.rows[index]
            keys: list[tuple[str, ...]] = [() for _ in rows]
            for field in layout_row.merge:
                column = field[4:] if field.startswith("row.") else field
                first = placed[bisect_left(row_of, rows[0]):bisect_right(row_of, rows[0])]
                columns = {cell.col for cell in first if cell.name and cell.name.endswith(f"].{column}")}
                if not columns:
                    continue
                col = min(columns)
                keys = [key + (str(produced[r][2].entry.get(column) or "") if produced[r][2] else "",)  # type: ignore[union-attr]
                        for key, r in zip(keys, rows, strict=True)]
                start = 0
                while start < len(rows):
                    end = start
                    while end + 1 < len(rows) and keys[end + 1] == keys[start] and keys[start][-1]:
                        end += 1
                    if end > start:
                        top_index = position(rows[start], col)
                        top = placed[top_index]._replace(rows=end - start + 1)
                        placed[top_index] = top
                        for r in rows[start + 1: end + 1]:
                            covered = position(r, col)
                            if placed[covered].name:
                                aliases[str(placed[covered].name)] = (top, r, col)
                            self._covered.add(covered)
                    start = end + 1
        return aliases


def print_table(layout: TableLayout, report: Report, evaluation: Evaluation) -> PrintedTable:
    return _Builder(layout, report, evaluation).build()


def print_tables(report: Report, evaluation: Evaluation) -> list[PrintedTable]:
    return [print_table(layout, report, evaluation) for layout in report.spec.tables]
