"""Shared fixtures: the reference report (as published, never edited) and CLI runners."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference" / "junshan-ccpit-2024.toml"


@pytest.fixture(scope="session")
def reference_path() -> Path:
    assert REFERENCE.is_file(), f"reference report missing: {REFERENCE}"
    return REFERENCE


@pytest.fixture(scope="session")
def _reference_loaded(reference_path: Path) -> Any:
    from core.model import load

    return load(reference_path)


@pytest.fixture
def reference(_reference_loaded: Any) -> Any:
    """A fresh copy of the reference report each test may break as it likes."""
    return _reference_loaded.copy()


def run_jixiao(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
               input: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess, as a user or a server would."""
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=env,
        input=input,
        timeout=120,
    )


@pytest.fixture
def jixiao():
    return run_jixiao


def findings_by_id(evaluation: Any, finding_id: str) -> list[Any]:
    return [f for f in evaluation.findings if f.id == finding_id]


def mutate(report: Any, path: str, value: Any) -> Any:
    out = report.copy()
    out.set(path, copy.deepcopy(value))
    return out
