"""The Pilot twin of the acceptance test: the same plan, typed into the App in-process.

A clerk types the whole reference report from a blank file (plan.py), every value in one
burst; the saved file must hold exactly the reference's inputs. The tmux test runs the
same plan against the real `jixiao edit`; this one runs in the fast suite.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from pathlib import Path
from typing import Any

from core.storage import load
from tests.editor.helpers import screen_text, send
from tests.editor.plan import Keys, Pause, Text, Wait, input_keys, plan_report


def polled_text(app: Any) -> str:
    """The screen while the app is busy. screen_text renders the last layout outside
    Textual's own refresh, so it can meet a widget mounted a moment ago and not yet styled
    (TextArea's gutter style missing: KeyError); such a look counts as not shown yet. The
    app's own rendering is not excused: an error there ends the app and fails the test."""
    try:
        return screen_text(app)
    except KeyError:
        return ""


async def run_plan(pilot: Any, steps: list[Any], limit: float = 30) -> None:
    """Each value and each key group in one burst; a pause is a mere time slice, so bursts
    overtake the app's work far more than over SSH: keys must still land in order."""
    for step in steps:
        if isinstance(step, Text):
            send(pilot, text=step.text)
        elif isinstance(step, Keys):
            send(pilot, *step.keys)
        elif isinstance(step, Pause):
            await asyncio.sleep(0.001)
        elif isinstance(step, Wait):
            deadline = time.monotonic() + limit
            while step.text not in polled_text(pilot.app):
                if time.monotonic() > deadline or not pilot.app.is_running:
                    raise AssertionError(f"never shown: {step.text!r}\n{screen_text(pilot.app)}")
                await asyncio.sleep(0.01)


async def type_from_blank(tmp_path: Path, sample: Path) -> None:
    from core.form import installed_forms
    from tui.editor.app import JixiaoApp

    reference = load(sample)
    forms = [spec.id for spec in installed_forms()]
    choice = forms.index(reference.spec.id) if len(forms) > 1 else None
    target = tmp_path / "new.toml"
    steps = plan_report(reference.spec, reference.data, dt.date.today().year - 1, target.name, choice)
    app = JixiaoApp(None, target, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await run_plan(pilot, steps)
        for _ in range(50):
            if not app.is_running:
                break
            await asyncio.sleep(0.05)
        assert not app.is_running, screen_text(app)
    saved = input_keys(load(target).data)
    expected = input_keys(reference.data)
    assert saved == expected


async def test_type_the_whole_report_from_blank(tmp_path: Path, reference_path: Path) -> None:
    await type_from_blank(tmp_path, reference_path)


async def test_the_project_sample_typed_from_blank(tmp_path: Path) -> None:
    """Every shipped form besides the default one, its sample typed from blank."""
    from core.form import installed_forms
    from core.newreport import sample_path

    samples = [sample_path(spec) for spec in installed_forms() if not spec.default and spec.sample]
    assert samples
    for number, sample in enumerate(samples):
        (tmp_path / str(number)).mkdir()
        await type_from_blank(tmp_path / str(number), sample)


async def test_another_form_typed_from_blank(tmp_path: Path, monkeypatch: Any) -> None:
    """The same plan and the same editor, for a form that shares nothing with the Hunan one."""
    from core.form import load_form
    from tests.conftest import DATA

    monkeypatch.setenv("JIXIAO_FORMS", str(DATA / "forms"))
    load_form.cache_clear()
    try:
        await type_from_blank(tmp_path, DATA / "forms" / "village-fund-sample.toml")
    finally:
        load_form.cache_clear()
