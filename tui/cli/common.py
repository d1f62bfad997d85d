"""What several commands share: loading a report as a command does, and printing JSON.

Kept free of rich and of any heavy import, so `jixiao check --json` pays for neither.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from tui.cli.exits import CannotRun

__all__ = ["load_report", "print_json"]


def load_report(path: str) -> Any:
    """The report at `path`, or CannotRun with the Chinese reason it cannot be read."""
    from core.report import ReportError
    from core.storage import load

    try:
        return load(path)
    except ReportError as exc:
        raise CannotRun(str(exc)) from None


def print_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
