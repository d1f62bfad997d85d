"""The first screen: complete from its first frame, styled and laid out once.

The editor skips Textual's second styling pass on the screen's first ScreenResume and
its layouts for a Resize to the size already laid out (tui/editor/screens/once.py), and
composes the footer's keys with the footer rather than after the first frame
(tui/editor/widgets/keyfooter.py). Here, for a first screen on a section of each kind
of both sample reports, styling every widget again changes no style and nothing drawn;
a new terminal size is laid out; the footer shows its keys in the very first frame; and
the keys the footer asked about while the screen was being built left the view's lists
of widgets whole (Tab, Ctrl+N and the row lists are found from them).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.editor.conftest import make_app
from tests.editor.helpers import editor_screen

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "forms").glob("sample-*.toml"))


def _starts() -> list[tuple[Path, str]]:
    """(sample, section id): the first section of each kind in each sample report."""
    from core.storage import load

    starts = []
    for sample in SAMPLES:
        seen: set[str] = set()
        for section in load(sample).spec.sections:
            if section.kind not in seen:
                seen.add(section.kind)
                starts.append((sample, section.id))
    return starts


def _opened_at(tmp_path: Path, sample: Path, section_id: str) -> Any:
    from tui.editor.places import Place, save_place

    path = tmp_path / sample.name
    shutil.copyfile(sample, path)
    save_place(path, Place(section_id, None))
    return make_app(path, offer_recovery=False)


def _styles(screen: Any) -> list[tuple[str, dict[str, object]]]:
    return [(repr(node), dict(node.styles.get_rules())) for node in screen.walk_children(with_self=True)]


@pytest.mark.parametrize(("sample", "section_id"), _starts(), ids=lambda value: getattr(value, "stem", value))
async def test_styling_the_first_screen_again_changes_nothing(tmp_path: Path, sample: Path, section_id: str) -> None:
    app = _opened_at(tmp_path, sample, section_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = editor_screen(app)
        assert screen.session.report.spec.sections[screen.index].id == section_id
        before, drawn = _styles(screen), app.export_screenshot()
        app.stylesheet.update(screen)  # what Textual's first ScreenResume would have done
        screen.refresh(layout=True)
        await pilot.pause()
        assert _styles(screen) == before
        assert app.export_screenshot() == drawn


@pytest.mark.parametrize(("sample", "section_id"), _starts(), ids=lambda value: getattr(value, "stem", value))
async def test_the_view_found_its_widgets_whole(tmp_path: Path, sample: Path, section_id: str) -> None:
    """What the view keeps of its widgets is what a fresh search finds once it is built."""
    app = _opened_at(tmp_path, sample, section_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = editor_screen(app).view
        kept = (view.focusables(), view.row_hosts())
        view.forget_widgets()
        assert (view.focusables(), view.row_hosts()) == kept
        assert kept[0], "a first screen with nothing to focus"


async def test_the_footer_shows_its_keys_in_the_first_frame(report_file: Path) -> None:
    from textual.screen import Screen
    from textual.widgets._footer import FooterKey

    first: list[list[str]] = []
    paint = Screen._compositor_refresh

    def first_paint(screen: Screen[Any]) -> None:
        if not first and screen.query(FooterKey):
            first.append([key.key for key in screen.query(FooterKey)])
        elif not first:
            first.append([])
        paint(screen)

    app = make_app(report_file, offer_recovery=False)
    Screen._compositor_refresh = first_paint  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            shown = [key.key for key in editor_screen(app).query(FooterKey)]
    finally:
        Screen._compositor_refresh = paint  # type: ignore[method-assign]
    assert shown and first == [shown]


async def test_a_new_terminal_size_is_laid_out(report_file: Path) -> None:
    app = make_app(report_file, offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        body = editor_screen(app).query_one("#body")
        assert tuple(body.size) == (80, 21)  # less the title, the status line and the footer
        for width, height in ((100, 30), (100, 30), (80, 24)):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            assert tuple(body.size) == (width, height - 3)
