"""No Python of core/, exports/, the command line or the editor names anything of a form.

The form definition is the single source of ids, paths, labels and layout: a new form
or a province's variant is a data file. This test reads every string literal of the
code (ast) and every name the shipped forms declare — form ids, section ids, field
paths, list and grid ids and paths, sheet names, and the Chinese labels of fields,
sections, list columns and printed cells — and fails on any literal that contains one.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

from core.form import installed_forms
from tests.conftest import ROOT

CODE = ["core", "exports", "tui/cli", "tui/editor"]
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ID = re.compile(r"^[A-Za-z0-9_]+$")
# words of the form language and of the JSON contract that a form may also use as an id
LANGUAGE = {"indicators"}


def _form_names(spec: Any) -> set[str]:
    names = {spec.id, *spec.fields, *spec.lists, *spec.grids}
    names |= {s.id for s in spec.sections} | {t.id for t in spec.tables} | {t.sheet for t in spec.tables}
    names |= {item.path for item in spec.lists.values()} | {g.path for g in spec.grids.values()}
    labels = {f.label for f in spec.fields.values()} | {s.label for s in spec.sections}
    labels |= {s.nav for s in spec.sections} | {c.label for t in spec.lists.values() for c in t.columns}
    labels |= {cell.text for t in spec.tables for row in t.rows for cell in row.cells if cell.text}
    labels |= {r.label for g in spec.grids.values() for r in g.rows}
    # a label of up to three characters (分值, 得分, 执行率) is an ordinary word, not the form's
    names |= {label for label in labels if len(label) > 3 and _CJK.search(label) and "{" not in label}
    return {name for name in names if len(name) > 2 and name not in LANGUAGE}


def _names_in(text: str, names: set[str]) -> list[str]:
    """Ids must be the whole literal (`costs`, not `costed`); paths and labels may sit inside one."""
    return sorted(name for name in names if (text == name if _ID.match(name) else name in text))


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


@pytest.mark.parametrize("folder", CODE)
def test_code_names_nothing_of_a_form(folder: str) -> None:
    names = set().union(*(_form_names(spec) for spec in installed_forms()))
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for line, text in _literals(path):
            hits = _names_in(text, names)
            if hits:
                found.append(f"{path.relative_to(ROOT)}:{line}: {text!r} names {hits}")
    assert not found, "\n".join(found)


def test_the_test_sees_a_form_name(tmp_path: Path) -> None:
    """A literal naming a field of the form is caught (the test can fail)."""
    spec = installed_forms()[0]
    path = tmp_path / "probe.py"
    field = next(iter(spec.fields))
    path.write_text(f"X = {field!r}\n", encoding="utf-8")
    assert any(_names_in(text, _form_names(spec)) for _, text in _literals(path))
