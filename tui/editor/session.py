"""The editing session: one report, its file, its latest evaluation, and the recovery file.

Kept free of textual so the rules of "nothing lost" (dirty tracking, atomic save,
autosave to a recovery file, offering a newer recovery) can be reasoned about and
tested without a terminal. Every change goes through `Session.set`, which re-runs
`core.evaluate` so that nothing on screen is ever computed by the TUI itself.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

from core.evaluate import evaluate, section_present
from core.findings import Evaluation
from core.report import Report
from core.storage import atomic_write_bytes, dumps, load, save

__all__ = ["Session", "recovery_path", "section_marks", "MARKS"]

RECOVERY_SUFFIX = ".jixiao-recovery"

# Sidebar marks; ASCII behind JIXIAO_ASCII=1 for terminals that draw these two cells wide.
MARKS = {"complete": "✓", "warning": "⚠", "error": "✗", "empty": "○"}
ASCII_MARKS = {"complete": "+", "warning": "!", "error": "x", "empty": "o"}


def marks() -> dict[str, str]:
    return ASCII_MARKS if os.environ.get("JIXIAO_ASCII") else MARKS


def _user_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "jixiao" / "recovery"


def recovery_path(report_path: Path) -> Path:
    """Beside the report (hidden) when that folder is writable, else in the user data dir."""
    folder = report_path.resolve().parent
    if os.access(folder, os.W_OK):
        return folder / f".{report_path.name}{RECOVERY_SUFFIX}"
    import hashlib  # only here, off the start-up path (~3 ms)

    digest = hashlib.sha256(str(report_path.resolve()).encode()).hexdigest()[:16]
    return _user_data_dir() / f"{report_path.stem}-{digest}.toml"


def section_marks(report: Report, evaluation: Evaluation) -> dict[str, str]:
    """complete / warning / error / empty for every section, judged only by evaluate()."""
    present = section_present(report.spec, report.data)
    status: dict[str, str] = {}
    for section in report.spec.sections:
        found = evaluation.findings_in(section.id)
        if any(f.severity == "error" for f in found):
            status[section.id] = "error"
        elif any(f.severity == "warning" for f in found):
            status[section.id] = "warning"
        elif not present.get(section.id, False):
            status[section.id] = "empty"
        else:
            status[section.id] = "complete"
    return status


class Session:
    """A report open for editing; `dirty` means the file on disk differs from memory."""

    def __init__(self, report: Report, path: Path) -> None:
        self.report = report
        self.path = path
        self.evaluation = evaluate(report)
        self.dirty = False
        self.recovery_written = False

    @classmethod
    def open(cls, path: Path) -> Session:
        return cls(load(path), path)

    def get(self, path: str) -> Any:
        return self.report.get(path)

    def set(self, path: str, value: Any) -> bool:
        """Commit one value and re-evaluate; False when nothing changed."""
        if self.report.get(path) == value and value is not None:
            return False
        if value is None and self.report.get(path) is None:
            return False
        self.report.set(path, copy.deepcopy(value))
        self.evaluation = evaluate(self.report)
        self.dirty = True
        return True

    def replace_list(self, path: str, rows: list[Any]) -> None:
        """Structural edits of a list (add, delete, move) replace it whole."""
        self.report.set(path, copy.deepcopy(rows))
        self.evaluation = evaluate(self.report)
        self.dirty = True

    def save(self) -> Path:
        """Atomic save with `.bak` (core.storage.save); the recovery file is then stale."""
        written = save(self.report, self.path)
        self.dirty = False
        self.discard_recovery()
        return written

    # -- recovery ---------------------------------------------------------
    @property
    def recovery(self) -> Path:
        return recovery_path(self.path)

    def write_recovery(self) -> Path | None:
        """Autosave the unsaved state; never touches the report file itself."""
        if not self.dirty:
            return None
        target = self.recovery
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, dumps(self.report).encode("utf-8"), backup=False)
        self.recovery_written = True
        return target

    def newer_recovery(self) -> Path | None:
        """A recovery file newer than the report, left by a session that did not save."""
        target = self.recovery
        try:
            if target.stat().st_mtime >= self.path.stat().st_mtime:
                return target
        except OSError:
            return None
        return None

    def restore_recovery(self) -> None:
        recovered = load(self.recovery)
        self.report = type(self.report)(recovered.data, recovered.spec, self.path)
        self.evaluation = evaluate(self.report)
        self.dirty = True

    def discard_recovery(self) -> None:
        try:
            self.recovery.unlink()
        except OSError:
            pass
        self.recovery_written = False
