"""Shared fixtures: the reference report (the package's built-in sample, as published) and CLI runners.

Tests read only files inside the repository: the reference is the sample the package
ships (forms/sample-…toml); tests/test_reference.py checks it against the published
transcription when that file happens to lie beside the clone.
"""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.external_programs import GROUPS, in_ci, missing

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "forms" / "sample-junshan-ccpit-2024.toml"
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def reference_path() -> Path:
    assert REFERENCE.is_file(), f"reference report missing: {REFERENCE}"
    return REFERENCE


@pytest.fixture(scope="session")
def _reference_loaded(reference_path: Path) -> Any:
    from core.storage import load

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


def run_on_terminal(*args: str, env: dict[str, str]) -> tuple[int, str]:
    """Run the command line with a pseudo-terminal as stdout and stderr, as a clerk's
    terminal receives it: its exit code and the bytes written, decoded (escapes kept)."""
    import os
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "tui.cli", *args], cwd=ROOT, env=env,
                               stdin=subprocess.DEVNULL, stdout=follower, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return process.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture
def jixiao():
    return run_jixiao


def findings_by_id(evaluation: Any, finding_id: str) -> list[Any]:
    return [f for f in evaluation.findings if f.id == finding_id]


def mutate(report: Any, path: str, value: Any) -> Any:
    out = report.copy()
    out.set(path, copy.deepcopy(value))
    return out


# -- tests that need LibreOffice or tmux ------------------------------------------------

_skipped: dict[str, int] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    for name, group in GROUPS.items():
        if item.get_closest_marker(name) is None or not missing(group):
            continue
        if in_ci():
            pytest.fail(f"CI=true，但缺少 {'/'.join(group.programs)}：{group.install}", pytrace=False)
        _skipped[name] = _skipped.get(name, 0) + 1
        pytest.skip(f"缺少 {'/'.join(group.programs)}（{group.install}）")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _skipped:
        return
    parts = [f"{name}（{count} 个测试，{GROUPS[name].what}；安装：{GROUPS[name].install}）"
             for name, count in _skipped.items()]
    terminalreporter.write_line("跳过的测试组：" + "；".join(parts))
