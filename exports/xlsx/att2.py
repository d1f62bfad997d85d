"""附件2 部门整体支出绩效自评表: funds, 年度总体目标, 绩效指标, 总分.

执行率 and its 得分 are the form's computed formulas (to_excel over the cells), 总分
is 得分 + Σ indicator scores, so the sheet and core can only disagree if Excel's
arithmetic does. 一级 and 二级 cells are merged over runs of equal rows as the printed
table does; each row's key points at the run's top cell, so import reads it back.
"""

from __future__ import annotations

import re
from typing import Any

from core.findings import Evaluation
from core.form import FormSpec
from core.paths import get_path
from core.report import Report
from core.text import heading
from exports.xlsx.att1 import expr_formula, signature_formula
from exports.xlsx.book import Book, Formula, MapEntry, SheetWriter, call

__all__ = ["write_attachment2", "grade_formula", "numbered", "unnumbered"]

WIDTHS = [6.0, 12.0, 12.0, 20.0, 15.0, 15.0, 8.0, 8.0, 26.0]
_NUMBER = re.compile(r"^\d+[.．、]")


def numbered(items: list[str]) -> str:
    """A list as the printed cell shows it: `1.…` on each line."""
    return "\n".join(f"{i}.{item}" for i, item in enumerate(items, 1))


def unnumbered(text: str) -> list[str]:
    """The inverse of `numbered`: a numbered line starts an item, other lines continue it."""
    items: list[str] = []
    for line in text.split("\n"):
        match = _NUMBER.match(line)
        if match or not items:
            items.append(line[match.end():] if match else line)
        else:
            items[-1] += "\n" + line
    return [item for item in items if item.strip()]


def grade_formula(spec: FormSpec, total_ref: str) -> Formula:
    """等级 from the 总分 as displayed (rounded to 2 places), bands from the profile."""
    grades = sorted(spec.grades, key=lambda g: -g[0])
    formula = f'"{grades[-1][1]}"' if grades else '""'
    for minimum, grade in reversed(grades[:-1]):
        formula = f'IF(ROUND({total_ref},2)>={minimum},"{grade}",{formula})'
    return Formula(f'IF(ISNUMBER({total_ref}),{formula},"")')


def _runs(values: list[str]) -> list[tuple[int, int]]:
    """(start, length) of each run of equal neighbours."""
    runs: list[tuple[int, int]] = []
    for i, value in enumerate(values):
        if runs and values[runs[-1][0]] == value and value:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((i, 1))
    return runs


def write_attachment2(book: Book, ws: Any, report: Report, ev: Evaluation, values: dict[str, str]) -> None:
    spec, data, words = report.spec, report.data, report.spec.words
    first = next(s for s in spec.sections if s.attachment and s.kind == "fields" and s.title and not s.grid_ids)
    label = spec.fields
    w = SheetWriter(book, ws, WIDTHS)
    w.box(1, 1, first.attachment or "", style="label", border=False, span=2)
    w.box(2, 1, heading(first.title, values), span=9, style="title", align="center", border=False)
    w.height(2, 30)
    w.box(3, 1, words.get("unit_name", ""), span=3, style="head", align="center")
    name = book.ref("unit.name")
    w.box(3, 4, Formula(f'IF(ISBLANK({name}),"",{name})') if name else None, span=6, derived="data.unit.name")
    w.box(4, 1, words.get("funds_group", ""), down=7, style="head", align="center")
    w.box(4, 2, "", style="head")
    heads = [label["budget.initial"].label, label["budget.total"].label, label["budget.executed"].label,
             words.get("funds_weight", ""), words.get("funds_rate", "")]
    for i, text in enumerate(heads):
        w.box(4, 3 + i, text, style="head", align="center")
    w.box(4, 8, words.get("funds_score", ""), span=2, style="head", align="center")
    w.box(5, 2, words.get("funds_total", ""), style="head", align="center")
    for col, path in ((3, "budget.initial"), (4, "budget.total"), (5, "budget.executed")):
        w.box(5, col, get_path(data, path), align="num", fmt="money", key=path, type="money")
    w.box(5, 6, spec.decimal("execution_weight"), align="num", fmt="score")
    book.refs["form.execution_weight"] = w.qualified("F5")
    rate = next(c for c in spec.computed if c.id == "execution_rate")
    w.box(5, 7, expr_formula(rate.expr, book.ref), align="num", fmt="percent",
          derived="calc.execution_rate", type="percent")
    score = next(c for c in spec.computed if c.id == "execution_score")
    w.box(5, 8, expr_formula(score.expr, book.ref), span=2, align="num", fmt="score",
          derived="calc.execution_score", type="score")
    w.box(6, 2, words.get("by_source", ""), span=3, style="head")
    w.box(6, 5, words.get("by_nature", ""), span=5, style="head")
    sources = [p for p in spec.fields if p.startswith("budget.sources.")]
    nature = ["budget.basic", "budget.project"]
    for i in range(4):
        row = 7 + i
        if i < len(sources):
            w.box(row, 2, label[sources[i]].label + "：", span=2)
            w.box(row, 4, get_path(data, sources[i]), align="num", fmt="money", key=sources[i], type="money")
        else:
            w.box(row, 2, "", span=3)
        if i < len(nature):
            w.box(row, 5, label[nature[i]].label + "：", span=2)
            w.box(row, 7, get_path(data, nature[i]), span=3, align="num", fmt="money", key=nature[i], type="money")
        else:
            w.box(row, 5, "", span=5)
    w.box(11, 1, words.get("goals_group", ""), down=2, style="head", align="center")
    w.box(11, 2, label["self_eval.targets"].label, span=4, style="head", align="center")
    w.box(11, 6, label["self_eval.achieved"].label, span=4, style="head", align="center")
    targets = get_path(data, "self_eval.targets") or []
    w.box(12, 2, numbered(targets) if targets else None, span=4, key="self_eval.targets", type="numbered")
    w.box(12, 6, get_path(data, "self_eval.achieved"), span=4, key="self_eval.achieved")
    goals_lines = max(len(targets) + 1, _lines(str(get_path(data, "self_eval.achieved") or ""), 60))
    w.height(12, goals_lines * 15)
    total_row = _indicators(w, book, report, 13)
    w.box(total_row + 2, 1, signature_formula(book, words.get("signature", ""),
                                              {p for p, f in spec.fields.items() if f.type == "date"}),
          span=9, style="note", border=False)
    w.finish(header_rows="13:13", landscape=True)


def _lines(text: str, width: int) -> int:
    from exports.xlsx.book import text_width

    return sum(max(1, -(-text_width(part) // width)) for part in text.split("\n"))


def _indicators(w: SheetWriter, book: Book, report: Report, row: int) -> int:
    spec, data, words = report.spec, report.data, report.spec.words
    table = spec.scored_list
    assert table is not None
    rows: list[dict[str, Any]] = [r for r in get_path(data, table.path) or [] if isinstance(r, dict)]
    w.box(row, 1, "\n".join(words.get("indicators_group", "")), down=len(rows) + 1, style="head", align="center")
    for i, col in enumerate(table.columns):
        w.box(row, 2 + i, col.label, style="head", align="center")
    start = row + 1
    level1 = [str(r.get("level1") or "") for r in rows]
    level2 = [f"{level1[i]}\u0000{r.get('level2') or ''}" if r.get("level2") else "" for i, r in enumerate(rows)]
    for column, keys in ((2, level1), (3, level2)):
        key_name = "level1" if column == 2 else "level2"
        for first, length in _runs(keys):
            coord = w.box(start + first, column, rows[first].get(key_name), down=length, align="center",
                          key=f"{table.path}[{first}].{key_name}")
            for other in range(first + 1, first + length):
                book.entries.append(MapEntry(f"{table.path}[{other}].{key_name}", w.ws.title, coord, "text", "input"))
    scores: list[str] = []
    weights: list[str] = []
    for index, entry in enumerate(rows):
        at = start + index
        base = f"{table.path}[{index}]"
        for i, col in enumerate(table.columns[2:], 4):
            numeric = col.type != "text"
            w.box(at, i, entry.get(col.key), align="num" if numeric else "left",
                  fmt="score" if numeric else None, key=f"{base}.{col.key}", type=col.type)
            if col.key == "score":
                scores.append(f"{chr(64 + i)}{at}")
            elif col.key == "weight":
                weights.append(f"{chr(64 + i)}{at}")
    total_row = start + len(rows)
    w.box(total_row, 1, words.get("total_row", ""), span=6, style="head", align="center")
    w.box(total_row, 7, Formula(call("SUM", weights + ["F5"])), align="num", fmt="score", derived="weights_total",
          type="score")
    total = Formula(f'IF(ISNUMBER(H5),H5+{call("SUM", scores)},"")' if rows else '""')
    w.box(total_row, 8, total, align="num", fmt="score", derived="total", type="score")
    w.box(total_row, 9, None)
    book.refs["indicator_scores"] = ",".join(w.qualified(s) for s in scores)
    for level in spec.level1:
        refs = [w.qualified(scores[i]) for i, r in enumerate(rows) if str(r.get("level1") or "") == level.name]
        book.refs[f"level1.{level.name}"] = "\n".join(refs)
        wrefs = [w.qualified(weights[i]) for i, r in enumerate(rows) if str(r.get("level1") or "") == level.name]
        book.refs[f"level1_weights.{level.name}"] = "\n".join(wrefs)
    return total_row
