"""The import contracts of pyproject.toml hold, and a change that breaks one is caught.

`make test` runs lint-imports on the tree; this test runs it on a copy of the tree
with one forbidden import added, so a contract that no longer checks anything (a
renamed package, a pattern that matches nothing) fails here instead of passing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

LINT = Path(sys.executable).with_name("lint-imports")
pytestmark = pytest.mark.skipif(not LINT.exists(), reason="import-linter is in the test extra")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run([str(LINT), "--no-cache", "--config", str(tree / "pyproject.toml")],
                          capture_output=True, text=True, cwd=tree, env=env, timeout=120)


def _copy(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    for name in ("core", "tui", "exports", "forms"):
        shutil.copytree(ROOT / name, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def test_contracts_hold_on_the_tree(tmp_path: Path) -> None:
    result = _lint(_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("core/numbers.py", "import tui.cli.exits  # noqa", "core imports neither tui nor exports"),
    ("core/paths.py", "import rich  # noqa", "core imports no terminal or office library"),
    ("tui/cli/common.py", "import textual  # noqa", "the command line imports no textual"),
    ("exports/registry.py", "import tui.cli  # noqa", "exports imports no tui"),
])
def test_a_forbidden_import_breaks_its_contract(tmp_path: Path, module: str, line: str,
                                                contract: str) -> None:
    tree = _copy(tmp_path)
    target = tree / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = _lint(tree)
    assert result.returncode != 0
    assert f"{contract}" in result.stdout and "BROKEN" in result.stdout, result.stdout
