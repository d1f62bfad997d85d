"""The headless commands stay fast: no textual or openpyxl, and `--json` runs no rich.

Harlequin-style proof: run the real command in a subprocess with a site hook that
reports which modules were loaded at exit.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

PROBE = """
import atexit, json, sys
def report():
    names = sorted(n for n in sys.modules if n.split('.')[0] in ('textual', 'openpyxl', 'rich', 'docx'))
    sys.stderr.write('\\nMODULES=' + json.dumps(sorted({n.split('.')[0] for n in names})) + '\\n')
atexit.register(report)
sys.argv = ['jixiao'] + ARGS
from tui.cli import main
code = main()
sys.stdout.flush()
raise SystemExit(code)
"""


def loaded(args: list[str]) -> tuple[int, set[str]]:
    code = PROBE.replace("ARGS", json.dumps(args))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    line = [x for x in result.stderr.splitlines() if x.startswith("MODULES=")][-1]
    return result.returncode, set(json.loads(line[len("MODULES="):]))


@pytest.mark.parametrize("command", [["check"], ["score"]])
def test_headless_commands_load_no_textual_or_openpyxl(reference_path, command):
    code, modules = loaded([*command, str(reference_path)])
    assert code == 0
    assert not modules & {"textual", "openpyxl", "docx"}


@pytest.mark.parametrize("command", [["check", "--json"], ["score", "--json"]])
def test_json_runs_load_no_rich(reference_path, command):
    code, modules = loaded([command[0], str(reference_path), *command[1:]])
    assert code == 0
    assert modules == set()


def test_export_toml_loads_no_textual_or_openpyxl(reference_path, tmp_path):
    code, modules = loaded(["export", str(reference_path), "--to", str(tmp_path / "x.toml"), "--quiet"])
    assert code == 0
    assert modules == set()
    assert (tmp_path / "x.toml").exists()


def test_probe_sees_rich_when_it_is_loaded(reference_path):
    """The probe itself can fail: the human-readable check does load rich."""
    code, modules = loaded(["check", str(reference_path)])
    assert "rich" in modules
