"""`jixiao show` as a terminal and a pipe receive it: styled only where it may be, figures
whole, nothing from the report able to drive the terminal."""

from __future__ import annotations

import os
import re

from tests.conftest import run_on_terminal
from tui.cli.terminal import cell_width

_ENV = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp")}


def _on_pty(*args: str, env: dict[str, str]) -> str:
    """What `jixiao` writes to a real terminal (a pty)."""
    return run_on_terminal(*args, env=env)[1]


def test_piped_show_is_plain_within_the_width_and_breaks_no_figure(jixiao, reference_path):
    for columns in (60, 80, 133):
        out = jixiao("show", str(reference_path), env={**_ENV, "COLUMNS": str(columns)}).stdout
        assert "\x1b" not in out
        lines = out.splitlines()
        assert max(cell_width(line) for line in lines) <= columns
        assert not [line for line in lines if line[:1] and line[0] in "，。；）、"], columns
        text = "".join(line.strip() for line in lines if "│" not in line)
        assert "2024年本单位部门预算资金194.72万元" in text
    narrow = jixiao("show", str(reference_path), env={**_ENV, "COLUMNS": "60"}).stdout.splitlines()
    assert not [line for line in narrow if re.search(r"\d[.,]$", line.rstrip())]  # `194.` then `72`: never


def test_a_terminal_gets_emphasis_and_no_color_keeps_it_without_colour(reference_path, tmp_path):
    out = _on_pty("show", str(reference_path), env={**_ENV, "COLUMNS": "80", "TERM": "xterm"})
    assert "\x1b[1;7m2024年度" in out  # the title: bold, reverse
    draft = tmp_path / "draft.toml"
    draft.write_text(reference_path.read_text("utf-8").replace("total = 194.72 ", "total = 999.72 ", 1), "utf-8")
    coloured = _on_pty("show", str(draft), env={**_ENV, "COLUMNS": "80", "TERM": "xterm"})
    assert "\x1b[1;31m草稿" in coloured
    plain = _on_pty("show", str(draft), env={**_ENV, "COLUMNS": "80", "TERM": "xterm", "NO_COLOR": "1"})
    assert "\x1b[1m草稿" in plain and "31m" not in plain
    dumb = _on_pty("show", str(draft), env={**_ENV, "COLUMNS": "80", "TERM": "dumb"})
    assert "\x1b[" not in dumb and "草稿" in dumb


def test_hostile_unit_name_reaches_the_terminal_inert(jixiao, reference_path, tmp_path):
    text = reference_path.read_text("utf-8")
    name = re.search(r'^name = "(.*)"$', text, re.M)
    assert name is not None
    hostile = tmp_path / "hostile.toml"
    hostile.write_text(text.replace(name.group(0), 'name = "\\u001b]0;pwned\\u0007\\u001b[2J甲单位"', 1), "utf-8")
    out = _on_pty("show", str(hostile), env={**_ENV, "COLUMNS": "80", "TERM": "xterm"})
    assert "]0;pwned" in out and "\x1b]0;" not in out and "\x1b[2J" not in out and "\x07" not in out
    assert "\\x1b]0;pwned\\x07\\x1b[2J甲单位" in out.replace("\r\n", "\n").replace("\n", "")


def test_the_quick_look_for_controls_misses_no_character_visible_escapes():
    """`show` skips walking a report whose repr() shows no escape; every character
    core.visible would change must therefore show as one (all of Unicode checked)."""
    from core.visible import may_hold_controls, visible

    missed = [hex(code) for code in range(0x110000)
              if visible(text := f"a{chr(code)}b") != text and not may_hold_controls({"k": [text]})]
    assert missed == []
    assert not may_hold_controls({"k": "\u3000\u3000正文"})  # full-width spaces need no walk
