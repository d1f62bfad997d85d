"""200 rounds of a fast typist in the real program: jump to a field (the palette), End,
N × BSpace, a value, Tab (and Ctrl+S), the edit keys in one burst, over a number, a text, a list entry, a
grid cell and an indicator table cell. Every round must be shown exactly (capture-pane)
and saved exactly (the file read back after the round's Ctrl+S).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from core.form import FormSpec, section_short
from core.storage import load
from tests.editor.tmux import Tmux, editor_command
from tui.editor.values import parse_value, show_value

pytestmark = pytest.mark.tmux
ROUNDS = 200
BLOCK = 10  # rounds on one field before the next: every round jumps, a section is rebuilt per block


class Target(NamedTuple):
    query: str  # what the clerk types into the palette
    path: str
    kind: str
    tabs: int = 0  # Tabs after the jump (a table cell: from the row's name to the column)


def targets(spec: FormSpec) -> list[Target]:
    """A figure, a text, a list entry, a grid cell and an indicator cell, found in the form."""
    found: list[Target] = []
    for section in spec.sections:
        money = [p for p in section.fields if spec.fields[p].type == "money"]
        if section.kind == "fields" and money:
            found.append(Target(f"{section.nav} · {spec.fields[money[-1]].label}", money[-1], "money"))
            break
    short = spec.role("short_name")
    if short:
        section = spec.field_section[short]
        found.append(Target(f"{section.nav} · {spec.fields[short].label}", short, "text"))
    records = next(s for s in spec.sections if s.kind == "records")
    table = spec.lists[records.list_id or ""]
    found.append(Target(f"{section_short(records)} · {table.row_label} 2", f"{table.path}[1].{table.columns[0].key}",
                        "text"))
    grid = next(iter(spec.grids.values()))
    row = next(r for r in grid.rows if r.key and not (r.parts or r.sum_lists))
    owner = spec.grid_section(grid.id)
    assert owner is not None
    found.append(Target(f"{owner.nav} · {grid.label} · {row.label}", f"{grid.path}.{row.key}.{grid.column_keys[0]}",
                        "money"))
    scored = spec.scored_list
    assert scored is not None
    keys = [c.key for c in scored.columns]
    score = [c.key for c in scored.columns if c.type == "score"][-1]
    section = next(s for s in spec.sections if s.list_id == scored.id)
    found.append(Target(f"{section_short(section)} · {scored.row_label} 10", f"{scored.path}[9].{score}", "score",
                        tabs=keys.index(score) - keys.index(scored.row_name or keys[0])))
    return found


def value_for(target: Target, round_number: int) -> str:
    if target.kind == "text":
        return f"值{round_number}号[/]"
    return f"{round_number % 97 + 1}.{round_number:03d}"


def test_two_hundred_bursts(tmp_path: Path, reference_path: Path) -> None:
    file = tmp_path / "burst.toml"
    shutil.copyfile(reference_path, file)
    spec = load(file).spec
    shown: dict[str, str] = {t.path: show_value(t.kind, load(file).get(t.path)) for t in targets(spec)}
    tmux = Tmux(editor_command(file), env={"XDG_DATA_HOME": str(tmp_path / "data")})
    good_screen = good_file = 0
    started = time.monotonic()
    try:
        tmux.wait_for("第 1/16 节")
        order = targets(spec)
        for number in range(ROUNDS):
            target = order[(number // BLOCK) % len(order)]
            value = value_for(target, number)
            tmux.keys("ctrl+p")
            tmux.wait_for("命令面板")
            tmux.text(target.query)
            tmux.keys("enter")
            tmux.wait_gone("命令面板")
            if target.tabs:
                tmux.keys(*["tab"] * target.tabs)
            erase = len(shown[target.path]) + number % 4
            tmux.run("send-keys", "-t", "jx", "End", *["BSpace"] * erase, ";",
                     "send-keys", "-t", "jx", "-l", "--", value, ";",
                     "send-keys", "-t", "jx", "Tab", "C-s")
            expected = parse_value(target.kind, value)
            shown[target.path] = show_value(target.kind, expected)
            screen = tmux.screen()
            deadline = time.monotonic() + 10
            while shown[target.path] not in screen and time.monotonic() < deadline:
                time.sleep(0.05)
                screen = tmux.screen()
            good_screen += shown[target.path] in screen
            deadline = time.monotonic() + 10
            saved: Any = None
            while time.monotonic() < deadline:
                try:
                    saved = load(file).get(target.path)
                except Exception:  # noqa: BLE001 - read while it is being replaced
                    saved = None
                if saved == expected:
                    break
                time.sleep(0.05)
            good_file += saved == expected
        tmux.keys("ctrl+q")
        tmux.wait_for("JIXIAO-EXITED 0")
    finally:
        tmux.close()
    print(f"burst rounds: {ROUNDS}, shown {good_screen}/{ROUNDS}, saved {good_file}/{ROUNDS}, "
          f"{time.monotonic() - started:.0f} s")
    assert (good_screen, good_file) == (ROUNDS, ROUNDS)
