"""The editor names nothing of any form: every string literal of tui/editor against the
names the shipped forms declare (section ids, field paths, list and grid ids, labels), with
the rule of tests/forms/test_no_form_in_code.py, which checks core/ and exports/."""

from __future__ import annotations

from core.form import installed_forms
from tests.conftest import ROOT
from tests.forms.test_no_form_in_code import _form_names, _literals, _names_in


def test_editor_names_nothing_of_a_form() -> None:
    names = set().union(*(_form_names(spec) for spec in installed_forms()))
    found = []
    for path in sorted((ROOT / "tui" / "editor").rglob("*.py")):
        for line, text in _literals(path):
            hits = _names_in(text, names)
            if hits:
                found.append(f"{path.relative_to(ROOT)}:{line}: {text!r} names {hits}")
    assert not found, "\n".join(found)


def test_no_hunan_words_in_the_editor() -> None:
    """The words the issue names: a section id, a field path, labels of the form."""
    for word in ("att1", "s6", "unit.name", "budget.total", "总分", "附件5", "评审录入"):
        for path in sorted((ROOT / "tui" / "editor").rglob("*.py")):
            assert all(word not in text for _line, text in _literals(path)), f"{path}: {word}"
