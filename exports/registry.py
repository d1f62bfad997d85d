"""Which writer handles which file suffix; writers are imported only when used.

`jixiao export --to a.toml` must not import openpyxl (architecture.md, "Fast start"),
so the table maps suffixes to module names, not to imported functions.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["WRITERS", "writer_for"]

WRITERS: dict[str, str] = {
    ".toml": "exports.toml",
    ".md": "exports.markdown",
    ".xlsx": "exports.xlsx.write",
    ".docx": "exports.docx.write",
}


def writer_for(out: Path) -> Callable[..., Any] | None:
    """The `write(report, evaluation, spec, out)` function for this suffix, or None."""
    module = WRITERS.get(out.suffix.lower())
    if module is None:
        return None
    write: Callable[..., Any] = importlib.import_module(module).write
    return write
