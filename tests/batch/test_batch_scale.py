"""A county's year in one run: 1,000 generated reports, about a tenth of them broken.

The counts must be exactly what the generator put in. No timing assertion (machines
differ; `make bench` reports the time): the subprocess timeout only guards a hang.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.generate_reports import write_reports


def test_thousand_reports(tmp_path: Path) -> None:
    written = write_reports(tmp_path / "reports", 1000, seed=5)
    out = tmp_path / "summary.xlsx"
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "batch", str(tmp_path / "reports"), "--json", "--summary", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    payload = json.loads(result.stdout)
    rows = payload["reports"]
    assert [row["file"] for row in rows] == [str(path) for path, _ in written]
    for row, (_, item) in zip(rows, written, strict=True):
        assert row["readable"] is item.readable, row
        if item.readable:
            assert row["errors"] == item.errors, row
        else:
            assert item.reason in row["message"], row
    summary = payload["summary"]
    assert summary["files"] == 1000
    assert summary["unreadable"] == sum(not item.readable for _, item in written) == 100
    assert summary["with_errors"] == sum(1 for _, item in written if item.errors)
    assert summary["errors"] == sum(item.errors for _, item in written)
    assert out.is_file() and out.stat().st_size > 0
