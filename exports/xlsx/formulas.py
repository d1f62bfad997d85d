"""Every name a printed cell shows, as a live Excel formula over the workbook's input cells.

The same names core.values resolves (data keys, calc.*, score.*, review.*, form.*,
roles) become formulas here, so a clerk who corrects a figure in Excel or WPS sees
every total, rate, score, grade and sentence follow. Formulas follow core's rules:
an absent input makes what depends on it absent (blank, not 0: a blank cell counts
as 0 in Excel, so every formula tests ISNUMBER first), a ratio over 0 is blank,
a grid parent is the SUM of its parts unless the file stores it, and a computed value
used by another is inlined exactly, never taken from a cell rounded for display.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from core.findings import Evaluation
from core.form import AssessmentItem
from core.form.expr import BinOp, Call, Name, Neg, Node, to_excel
from core.report import Report
from core.values import ROLE_NAMES, kind_of, placeholders
from exports.xlsx.book import Book, call

__all__ = ["Formulas"]


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _strict_names(node: Node) -> list[str]:
    """Names whose absence makes the formula absent in core: all but those inside sum()."""
    if isinstance(node, Name):
        return [node.path]
    if isinstance(node, Call):
        return [] if node.func == "sum" else [n for arg in node.args for n in _strict_names(arg)]
    if isinstance(node, Neg):
        return _strict_names(node.operand)
    if isinstance(node, BinOp):
        return _strict_names(node.left) + _strict_names(node.right)
    return []


class Formulas:
    """Excel expressions (without `=`) for names, given the input cells already placed."""

    def __init__(self, book: Book, report: Report, evaluation: Evaluation) -> None:
        self.book, self.report, self.ev, self.spec = book, report, evaluation, report.spec
        # a list column's cells by (list, column): 总分 and its checks are written in several
        # places, each asking the same 100,000 cells (the inputs are all placed by now)
        self._columns: dict[tuple[str, str], tuple[str, ...]] = {}

    # -- names ---------------------------------------------------------------------
    def of(self, name: str) -> str | None:
        """An expression for a name, or None when the workbook has nothing for it."""
        ref = self.book.ref(name)
        if ref is not None:
            return ref
        spec = self.spec
        if name in ROLE_NAMES:
            if name == "prev_year":
                year = self.of("year")
                return f'IF(ISNUMBER({year}),{year}-1,"")' if year else None
            path = spec.role(name)
            return self.book.ref(path) if path else None
        if name.startswith("form."):
            return format(spec.decimal(name[5:]), "f")
        if name.startswith("calc."):
            return self._calc(name[5:])
        if name.startswith("score."):
            return self._score(name[6:])
        if name.startswith("review."):
            return self.book.ref(name)
        return None

    def _calc(self, key: str) -> str | None:
        base, _, index = key.partition("[")
        computed = next((c for c in self.spec.computed if c.id == base), None)
        if computed is not None:
            row: Callable[[str], str | None] | None = None
            if computed.each and index:
                row_path = f"{computed.each}[{index}"

                def row_cell(column: str) -> str | None:
                    return self.of(f"{row_path}.{column}")

                row = row_cell
            return self.expression(computed.expr, row)
        grid_id, _, rest = key.partition(".")
        grid = self.spec.grids.get(grid_id)
        if grid is None or not rest:
            return None
        row_key, _, column = rest.rpartition(".")
        stored = self.book.ref(f"{grid.path}.{row_key}.{column}")
        if stored is not None:
            return stored
        grid_row = next((r for r in grid.rows if row_key in (r.key, r.list_id)), None)
        if grid_row is None:
            return None
        if grid_row.list_id and not grid_row.key:
            refs = self._list_cells(f"{grid.path}.{grid_row.list_id}", column)
            total = f'IF({call("COUNT", refs)}=0,"",{call("SUM", refs)})'
            if grid_row.empty_is_zero:
                filled = [r for r in (self.book.ref(f"{grid.path}.{k.key}.{column}") for k in grid.rows if k.key) if r]
                total = f'IF({call("COUNT", refs)}>0,{call("SUM", refs)},IF({call("COUNT", filled)}>0,0,""))'
            return total
        parts = [self.of(f"calc.{grid_id}.{part}.{column}") for part in grid_row.parts]
        for list_id in grid_row.sum_lists:
            parts += self._list_cells(f"{grid.path}.{list_id}", column)
        present = [part for part in parts if part]
        if not present:
            return None
        return f'IF({call("COUNT", present)}=0,"",{call("SUM", present)})'

    def _list_cells(self, path: str, column: str) -> list[str]:
        """The cells of one column of a list's rows, in row order."""
        cells = self._columns.get((path, column))
        if cells is None:
            rows = self.report.get(path)
            refs = (self.book.ref(f"{path}[{index}].{column}")
                    for index in range(len(rows) if isinstance(rows, list) else 0))
            cells = self._columns[path, column] = tuple(ref for ref in refs if ref)
        return list(cells)

    def expression(self, node: Node, row: Callable[[str], str | None] | None = None) -> str:
        """A form formula with core's absent-in, absent-out rule: blank unless every value it
        needs is a number; a division by 0 is blank too."""

        def cell(name: str) -> str | None:
            if name.startswith("row.") and row is not None:
                return row(name[4:])
            found = self.of(name)
            return f"({found})" if found and not found.startswith("'") and not found[:1].isdigit() else found

        refs = list(dict.fromkeys(ref for name in _strict_names(node) if (ref := cell(name))))
        body = to_excel(node, cell)
        if refs:
            body = f'IF(AND({",".join(f"ISNUMBER({ref})" for ref in refs)}),{body},"")'
        return f'IFERROR({body},"")'

    # -- scores ----------------------------------------------------------------------
    def scored_cells(self, column: str) -> list[str]:
        scored = self.spec.scored_list
        return self._list_cells(scored.path, column) if scored else []

    def _score(self, key: str) -> str | None:
        scores = self.scored_cells("score")
        if key == "total":
            if not scores:
                return '""'
            base = self.of(self.spec.scoring.base) if self.spec.scoring.base else "0"
            return f'IF(ISNUMBER({base}),{base}+{call("SUM", scores)},"")' if base else None
        if key == "grade":
            # the 等级 asks only ISNUMBER and ROUND(…, 2) of 总分: its rounded cell answers alike
            total = self.book.rounded.get("score.total") or self._score("total")
            return self._grade(total) if total else None
        if key == "weights_total":
            weights = self.scored_cells("weight")
            base_weight = self.of(self.spec.scoring.base_weight) if self.spec.scoring.base_weight else "0"
            if not weights:
                return '""'
            return f'IF({call("COUNT", weights)}=0,"",{call("SUM", weights)}+{base_weight})'
        if key.startswith("level1."):
            name = key[7:]
            scored = self.spec.scored_list
            rows = self.report.get(scored.path) if scored else None
            refs = [self.book.ref(f"{scored.path}[{i}].score") for i, row in enumerate(rows or [])
                    if scored and isinstance(row, dict) and row.get("level1") == name]
            present = [r for r in refs if r]
            return f'IF({call("COUNT", present)}=0,"",{call("SUM", present)})' if present else '""'
        return None

    def _grade(self, total: str) -> str | None:
        grades = sorted(self.spec.grades, key=lambda g: -g[0])
        formula = _quote(grades[-1][1]) if grades else '""'
        for minimum, grade in reversed(grades[:-1]):
            formula = f"IF(ROUND({total},2)>={minimum},{_quote(grade)},{formula})"
        if self.spec.scoring.withhold_grade:
            withheld = self._withheld(total)
            if withheld is None:
                return None  # too many rows for one formula: the grade is written as a value
            if withheld:
                formula = f"IF(OR({','.join(withheld)}),{_quote(self.spec.words.get('grade_withheld', '—'))},{formula})"
        return f'IF(ISNUMBER({total}),{formula},"")'

    def _withheld(self, total: str) -> list[str] | None:
        """Conditions under which core withholds the grade: 总分 above the 满分, a score above its weight."""
        conditions = []
        full = self.spec.scoring_number(self.spec.scoring.full)
        if full is not None:
            conditions.append(f"ROUND({total},2)>{full}")
        scored = self.spec.scored_list
        rows = self.report.get(scored.path) if scored else None
        if scored is None or not isinstance(rows, list):
            return conditions
        if len(rows) > 200:
            return None
        for index in range(len(rows)):
            score, weight = (self.book.ref(f"{scored.path}[{index}].{key}") for key in ("score", "weight"))
            if score and weight:
                conditions.append(f"AND(ISNUMBER({score}),ISNUMBER({weight}),{score}>{weight})")
        return conditions

    # -- the reviewer's items (附件5) -----------------------------------------------------
    def review_item(self, item: AssessmentItem, pending: str, presence: Callable[[AssessmentItem], str | None]
                    ) -> str | None:
        raw = item.raw

        def clamp(expr: str) -> str:
            return f"MAX(0,MIN({item.max},{expr}))"

        if item.kind == "bool":
            ref = self.book.ref(raw["input"])
            return f'IF(ISBLANK({ref}),{_quote(pending)},IF({ref},{item.max},0))' if ref else None
        if item.kind in ("deduct", "input"):
            ref = self.book.ref(raw["input"])
            if ref is None:
                return None
            per = Decimal(str(raw.get("per", 1)))
            expr = f"{item.max}-{per}*{ref}" if item.kind == "deduct" else ref
            return f'IF(ISBLANK({ref}),{_quote(pending)},{clamp(expr)})'
        if item.kind == "weights_match":
            scored = self.spec.scored_list
            rows = self.report.get(scored.path) if scored else None
            if not rows or scored is None:
                return "0"
            terms = []
            for level in self.spec.level1:
                refs = [self.book.ref(f"{scored.path}[{i}].weight") for i, row in enumerate(rows)
                        if isinstance(row, dict) and row.get("level1") == level.name]
                terms.append(f"({call('SUM', [r for r in refs if r])}={level.weight})")
            return f"{item.max}*({'+'.join(terms)})/{len(self.spec.level1)}"
        if item.kind in ("sections_absent", "attachments_empty"):
            return presence(item)
        if item.kind == "levels_named":
            scored = self.spec.scored_list
            rows = self.report.get(scored.path) if scored else None
            if not rows or scored is None:
                return "0"
            if len(rows) > 200:
                return None  # too long a formula: the figure is written as a value
            terms = []
            for index in range(len(rows)):
                refs = [self.book.ref(f"{scored.path}[{index}].{k}") or '""' for k in ("level1", "level2", "name")]
                terms.append("AND(" + ",".join(f"LEN(TRIM({r}))>0" for r in refs) + ")")
            return f"{item.max}*({'+'.join(terms)})/{len(rows)}"
        return None

    # -- text ------------------------------------------------------------------------------
    def text(self, template: str, absent: str, extra: dict[str, str] | None = None) -> str | None:
        """A label or sentence as a formula over the cells it names; None when it names none."""
        pieces: list[str] = []
        live = False
        rest = template
        for name in placeholders(template):
            before, _, rest = rest.partition("{" + name + "}")
            if before:
                pieces.append(_quote(before))
            if extra and name in extra:
                pieces.append(_quote(extra[name]))
                continue
            kind = kind_of(name, self.spec)
            # a figure is shown rounded to 2 places (ISNUMBER, ROUND): its rounded cell answers alike
            expr = (self.book.rounded.get(name) if kind in ("money", "score", "percent") else None) or self.of(name)
            if expr is None:
                pieces.append(_quote(absent))
                continue
            live = True
            pieces.append(self._shown(expr, kind, absent) + self._over_full(name, expr))
        if rest:
            pieces.append(_quote(rest))
        if not live:
            return None
        return "&".join(pieces) or '""'

    def _over_full(self, name: str, expr: str) -> str:
        """A 总分 above the 满分 is followed by the form's mark in a sentence, as core prints it."""
        full = self.spec.scoring_number(self.spec.scoring.full)
        if name != "score.total" or full is None or not self.spec.scoring.withhold_grade:
            return ""
        mark = _quote(self.spec.words.get("over_full", "（超过满分）"))
        return f'&IF(ISNUMBER({expr}),IF(ROUND({expr},2)>{full},{mark},""),"")'

    def _shown(self, expr: str, kind: str, absent: str) -> str:
        if kind in ("money", "score", "percent"):
            suffix = '&"%"' if kind == "percent" else ""
            return f'IF(ISNUMBER({expr}),ROUND({expr},2){suffix},{_quote(absent)})'
        if kind == "date":
            return (f'IF(ISNUMBER({expr}),YEAR({expr})&"年"&MONTH({expr})&"月"&DAY({expr})&"日",'
                    f'{_quote(absent)})')
        return f'IF(LEN({expr}&"")=0,{_quote(absent)},{expr}&"")'

