"""tomli, the compiled parser core.storage reads reports with, answers as tomllib does.

core.storage prefers tomli (3× faster on a 10 MB report) and falls back to tomllib, so
the two must agree on everything a report file can be: the same tables and Decimals for
a file that parses, and for one that does not the same line, column and reason (what
the clerk reads) and the same English (what --verbose shows). Checked on every form and
sample, the bad and hostile corpus, the hostile files made from the reference, every
error case the CLI tests name, and the reference cut short at many places (each cut is
a different unfinished statement). Only what passes the nesting guard, as in load().
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from core import storage
from core.toml_errors import explain
from core.toml_guard import TomlTooDeep, scan
from tests.conftest import DATA, REFERENCE, ROOT
from tests.hardening.hostile_cases import _from_reference

tomli = pytest.importorskip("tomli")

ERRORS = [
    'schema = 1\nform = "hunan-department"\n[unit\n',
    'schema = 1\nform = "hunan-department"\nx = 你好\n',
    'schema = 1\nschema = 2\n',
    'schema = 1\nform = "a\n',
    "a = [1, 2", "a = {b = 1", "[a]\n[a]\n", "a.b = 1\na = 2\n", 'a = "\\q"', 'a = "\\uZZZZ"',
    'a = "\\uD800"', "a = 1979-13-01", "a = \x01", "a = 'x\x01'", "[[a]\n", "a = {b = 1, b = 2}",
    "a = {b = 1}\na.c = 2\n", "a = 1 2\n", "= 1\n", "a\n", "a = 1\n[a.b]\n", 'a = """x',
    "\ufeffa = 1\nb = \n",
]


def _texts() -> list[tuple[str, str]]:
    files = [*sorted((ROOT / "forms").glob("*.toml")), *sorted((DATA / "bad").glob("*.toml")),
             *sorted((DATA / "hostile").glob("*.toml"))]
    texts = []
    for path in files:
        try:
            texts.append((path.name, path.read_bytes().decode("utf-8")))
        except UnicodeDecodeError:
            continue  # refused before any parser sees it
    texts += [(name, text) for name, *_rest, text in _from_reference()]
    texts += [(f"error {number}", text) for number, text in enumerate(ERRORS)]
    reference = REFERENCE.read_text(encoding="utf-8")
    texts += [(f"reference cut at {cut}", reference[:cut]) for cut in range(1, len(reference), 97)]
    return texts


def _guarded(text: str) -> bool:
    """Whether load() would hand the text to a parser at all."""
    try:
        scan(text, max_depth=storage.MAX_DEPTH, max_key_parts=storage.MAX_KEY_PARTS,
             max_array_depth=storage.MAX_DEPTH)
    except TomlTooDeep:
        return False
    return True


def _answer(parser: Any, text: str) -> tuple[str, Any]:
    body = text[1:] if text.startswith("\ufeff") else text
    try:
        return "data", parser.loads(body, parse_float=Decimal)
    except parser.TOMLDecodeError as exc:
        return "error", tuple(explain(exc, body))
    except ValueError as exc:  # an integer past int's conversion limit
        return "value", str(exc)


@pytest.mark.parametrize(("name", "text"), [(name, text) for name, text in _texts() if _guarded(text)],
                         ids=lambda value: value if len(value) < 40 else "")
def test_tomli_answers_as_tomllib(name: str, text: str) -> None:
    assert _answer(tomli, text) == _answer(tomllib, text), name


def test_the_corpus_holds_both_kinds() -> None:
    """The comparison above sees files that parse and many kinds of error."""
    answers = [_answer(tomllib, text) for _name, text in _texts() if _guarded(text)]
    reasons = {answer[1][2] for answer in answers if answer[0] == "error"}
    assert sum(answer[0] == "data" for answer in answers) >= 8
    assert len(reasons) >= 12, reasons


def test_reports_are_read_with_tomli() -> None:
    assert storage._toml is tomli


def test_rows_report_of_bench_parses_alike(tmp_path: Path) -> None:
    """The benchmark's long report (1,000 rows here): tables of tables, as in a real file."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from bench_core import rows_report
    finally:
        sys.path.remove(str(ROOT / "bench"))
    text = rows_report(1000, tmp_path).read_text(encoding="utf-8")
    assert _answer(tomli, text) == _answer(tomllib, text)
