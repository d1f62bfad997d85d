"""Consistent state: a section's mark agrees with its 必填 count and its findings, and the
status line shows what core decides (no plain grade beside a total over the maximum)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from core.evaluate import evaluate
from core.storage import load, save
from tests.editor.conftest import make_app
from tests.editor.helpers import editor_screen, screen_text, settle, status
from tui.editor.summary import MARKS, score_text, section_marks


def test_partly_filled_section_is_not_complete(reference: Any) -> None:
    section = next(s for s in reference.spec.sections if len(s.required) > 1 and s.kind == "text")
    reference.delete(section.required[0])
    marks = section_marks(reference, evaluate(reference))
    assert marks[section.id] in ("partial", "error", "warning")
    assert marks[section.id] != "complete"


async def test_mark_beside_required_count_on_screen(tmp_path: Path, reference_path: Path) -> None:
    report = load(reference_path)
    section = next(s for s in report.spec.sections if len(s.required) > 1 and s.kind == "text")
    report.delete(section.required[0])
    target = tmp_path / "partial.toml"
    save(report, target)
    app = make_app(target)
    async with app.run_test(size=(80, 24)) as pilot:
        await editor_screen(app).goto(section.id, None)
        await settle(pilot)
        text = screen_text(app)
        filled, required = len(section.required) - 1, len(section.required)
        assert f"必填 {filled}/{required}" in text
        line = next(line for line in text.splitlines() if line.startswith(section.nav))
        assert MARKS["complete"] not in line


def _over_maximum(report: Any) -> Any:
    table = report.spec.scored_list
    rows = report.get(table.path)
    rows[0]["weight"] = rows[0]["score"] = Decimal(rows[0]["weight"]) + 10
    return report


def test_total_over_maximum_shows_no_grade(reference: Any) -> None:
    evaluation = evaluate(_over_maximum(reference))
    text = score_text(reference.spec, evaluation)
    assert "（超过满分）" in text and text.endswith("等级 —")
    assert f"· {evaluation.grade}" not in text or evaluation.grade is None


def test_scoring_error_withholds_grade(reference: Any) -> None:
    table = reference.spec.scored_list
    reference.get(table.path)[0]["score"] = Decimal(reference.get(table.path)[0]["weight"]) + 1
    reference.get(table.path)[1]["score"] = Decimal(0)
    text = score_text(reference.spec, evaluate(reference))
    assert text.endswith("等级 —")


def test_plain_grade_when_no_scoring_error(reference: Any) -> None:
    assert score_text(reference.spec, evaluate(reference)).endswith("· 优")


async def test_status_line_over_maximum(tmp_path: Path, reference_path: Path) -> None:
    target = tmp_path / "over.toml"
    save(_over_maximum(load(reference_path)), target)
    app = make_app(target)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = status(app)
        assert "（超过满分）· 等级 —" in line and "· 优" not in line
