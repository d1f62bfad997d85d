"""The acceptance test: a person types the whole report, from a blank file, in the real
`jixiao edit` at 80×24 in tmux, keys only.

Every field, list entry, 附件1 figure and 附件2 row of the reference report, each value one
`tmux send-keys` burst, moving on with Tab/Enter and entering each section through the
palette, a short pause between fields and waits only on what the screen shows. Then
Ctrl+S, Ctrl+Q; the saved file's inputs must equal the reference's, key by key. The plan is
built from the form and the report (plan.py), so another form's sample runs the same way.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from core.storage import load
from tests.editor.plan import input_keys, plan_report
from tests.editor.tmux import Tmux, editor_command, run_steps

pytestmark = pytest.mark.tmux


def _type_from_blank(tmp_path: Path, sample: Path) -> None:
    from core.form import installed_forms

    tmp_path.mkdir(exist_ok=True)
    reference = load(sample)
    forms = [spec.id for spec in installed_forms()]
    choice = forms.index(reference.spec.id) if len(forms) > 1 else None
    target = tmp_path / "new.toml"
    steps = plan_report(reference.spec, reference.data, dt.date.today().year - 1, target.name, choice)
    tmux = Tmux(editor_command(target), env={"XDG_DATA_HOME": str(tmp_path / "data")})
    try:
        run_steps(tmux, steps)
        tmux.wait_for("JIXIAO-EXITED 0")
    finally:
        tmux.close()
    assert input_keys(load(target).data) == input_keys(reference.data)


def test_a_clerk_types_the_whole_report(tmp_path: Path, reference_path: Path) -> None:
    _type_from_blank(tmp_path, reference_path)


def test_a_clerk_types_the_project_sample(tmp_path: Path) -> None:
    """The national 项目支出绩效自评表's sample, chosen in the new-report dialog, typed the same way."""
    from core.form import installed_forms
    from core.newreport import sample_path

    samples = [sample_path(spec) for spec in installed_forms() if not spec.default and spec.sample]
    assert samples, "a second shipped form with a sample"
    for number, sample in enumerate(samples):
        _type_from_blank(tmp_path / str(number), sample)
