"""Editor fixtures: a private copy of the reference report and an app opened on it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture
def report_file(tmp_path: Path, reference_path: Path) -> Path:
    target = tmp_path / "junshan.toml"
    shutil.copyfile(reference_path, target)
    return target


def make_app(path: Path, **kwargs: Any) -> Any:
    from tui.editor.app import JixiaoApp
    from tui.editor.session import Session

    return JixiaoApp(Session.open(path), blink=False, **kwargs)


@pytest.fixture
def editor(report_file: Path) -> Any:
    return make_app(report_file)
