"""`jixiao edit` and `jixiao demo` are registered without loading textual; NO_COLOR is honoured."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def test_edit_and_demo_are_commands(jixiao: Any) -> None:
    result = jixiao("--help")
    assert "edit" in result.stdout and "demo" in result.stdout
    assert jixiao("edit", "--help").returncode == 0


def test_registering_edit_does_not_import_textual() -> None:
    code = ("import sys; from tui.cli.main import build_parser; "
            "build_parser(); print('textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def test_edit_refuses_unreadable_file(jixiao: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("schema = [", encoding="utf-8")
    result = jixiao("edit", str(bad))
    assert result.returncode == 2 and "不是有效的 TOML" in result.stderr


async def test_no_color(report_file: Path, monkeypatch: Any) -> None:
    from tests.editor.conftest import make_app

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(report_file)
    assert app.no_color
