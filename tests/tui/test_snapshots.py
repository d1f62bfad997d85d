"""Every section at 80×24 and 120×40 as SVG snapshots (tests/tui/__snapshots__).

Regenerate after a deliberate change with `pytest tests/tui --snapshot-update` and
look at the SVGs before committing them. Cursor blink is off so frames are stable.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import make_app

from core.form import load_form

SECTIONS = [section.id for section in load_form("hunan-department").sections]
SIZES = [(80, 24), (120, 40)]


async def settle(pilot: Any) -> None:
    """Wait until two frames in a row are the same: auto-height text areas lay out late."""
    previous = None
    for _ in range(30):
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        frame = re.sub(r"terminal-\d+", "", pilot.app.export_screenshot())
        if frame == previous:
            return
        previous = frame


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("section_id", SECTIONS)
def test_section(snap_compare: Any, report_file: Path, section_id: str, size: tuple[int, int]) -> None:
    app = make_app(report_file)

    async def open_section(pilot: Any) -> None:
        await pilot.app.goto(section_id, None)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_section)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_findings_screen(snap_compare: Any, report_file: Path, size: tuple[int, int]) -> None:
    async def open_findings(pilot: Any) -> None:
        await pilot.press("f8")
        await settle(pilot)

    assert snap_compare(make_app(report_file), terminal_size=size, run_before=open_findings)


def test_too_small(snap_compare: Any, report_file: Path) -> None:
    assert snap_compare(make_app(report_file), terminal_size=(60, 20), run_before=settle)
