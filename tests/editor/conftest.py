"""Editor fixtures: a private copy of the reference report, an app opened on it, and a
private user data folder (where the editor keeps places and out-of-folder recoveries)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _user_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path_factory.mktemp("xdg-data")
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    monkeypatch.delenv("JIXIAO_ASCII", raising=False)
    return folder


@pytest.fixture
def report_file(tmp_path: Path, reference_path: Path) -> Path:
    target = tmp_path / "junshan.toml"
    shutil.copyfile(reference_path, target)
    return target


def make_app(path: Path, **kwargs: Any) -> Any:
    from tui.editor.app import JixiaoApp
    from tui.editor.session import Session

    kwargs.setdefault("blink", False)
    return JixiaoApp(Session.open(path), **kwargs)


@pytest.fixture
def editor(report_file: Path) -> Any:
    return make_app(report_file)
