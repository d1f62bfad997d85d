"""The editing session: one report, its file, its latest evaluation, undo, recovery, lock.

Kept free of textual so the rules of "nothing lost" can be reasoned about and tested
without a terminal. Only the EditorScreen calls the methods that change the report, so
the report has one writer. Editors name what they edit by `Address`, not by dotted
path: a list row keeps its address when rows above it are added, moved or deleted, so
a keystroke that arrives late still lands in the row it was typed in.
"""

from __future__ import annotations

import copy
import os
import re
import time
from pathlib import Path
from typing import Any, NamedTuple

from core.disk_state import DiskState, changed_on_disk, disk_state, state_of_bytes
from core.evaluate import evaluate
from core.findings import Evaluation
from core.lock import LockInfo, ReportLock
from core.paths import delete_path, get_path, set_path
from core.report import Report, ReportError
from core.storage import atomic_write_bytes, dumps, load
from tui.editor.history import Change, FieldChange, History, ListChange

__all__ = ["Session", "Address", "DiskChanged", "recovery_path", "user_data_dir", "RecoveryProblem"]

RECOVERY_SUFFIX = ".jixiao-recovery"
_ROW = re.compile(r"^(?P<list>.+?)\[(?P<index>\d+)\](?:\.(?P<column>.+))?$")


def user_data_dir() -> Path:
    """$XDG_DATA_HOME/jixiao (or ~/.local/share/jixiao): the editor's own files, never the report's."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "jixiao"


def recovery_path(report_path: Path) -> Path:
    """Beside the report (hidden) when that folder is writable, else in the user data dir."""
    folder = report_path.resolve().parent
    if os.access(folder, os.W_OK):
        return folder / f".{report_path.name}{RECOVERY_SUFFIX}"
    import hashlib  # only here, off the start-up path

    digest = hashlib.sha256(str(report_path.resolve()).encode()).hexdigest()[:16]
    return user_data_dir() / "recovery" / f"{report_path.stem}-{digest}.toml"


class Address(NamedTuple):
    """Where an editor's value lives: a field path, or (list, row key, column).

    `row` is a key the session gave the row, not its index; `column` is None for an
    item of a list of strings.
    """

    path: str | None = None
    list_path: str | None = None
    row: int | None = None
    column: str | None = None


class DiskChanged(Exception):
    """The file on disk is no longer the one loaded or last saved."""


class RecoveryProblem(Exception):
    """A recovery file that cannot be read; it was renamed to `moved_to`."""

    def __init__(self, message: str, moved_to: Path | None) -> None:
        super().__init__(message)
        self.moved_to = moved_to


def _same(a: Any, b: Any) -> bool:
    return bool(a == b) and (a is None) == (b is None)


class Session:
    """A report open for editing; `dirty` means what is in memory differs from the file."""

    def __init__(self, report: Report, path: Path) -> None:
        self.report = report
        self.path = path
        self.epoch = 0  # bumped when the whole report is replaced (reload, restore)
        self._evaluation: Evaluation | None = evaluate(report)
        self.saved_data: dict[str, Any] = copy.deepcopy(report.data)
        self._dirty: bool | None = False
        self.disk: DiskState = disk_state(path)
        self.history = History()
        self.pending: dict[Address, Any] = {}
        self._keys: dict[str, list[int]] = {}
        self._next_key = 0
        self.lock: ReportLock | None = None
        self.other_holder: LockInfo | None = None
        self.changes = 0  # a counter the screen watches to know a recovery is due

    @classmethod
    def open(cls, path: Path) -> Session:
        """Load the file (ReportError if it cannot be read) and take its lock."""
        session = cls(load(path), path)
        session.take_lock()
        return session

    @classmethod
    def create(cls, report: Report, path: Path) -> Session:
        """A new report file: written at once (atomically), then opened."""
        payload = dumps(report).encode("utf-8")
        atomic_write_bytes(path, payload, backup=False)
        report.source = path
        session = cls(report, path)
        session.take_lock()
        return session

    # -- lock ------------------------------------------------------------------
    def take_lock(self) -> None:
        self.lock = ReportLock(self.path)
        self.other_holder = self.lock.acquire()

    def close(self) -> None:
        """The editor is done with the file: release the lock if it is ours."""
        if self.lock is not None:
            self.lock.release()

    # -- reading ---------------------------------------------------------------
    def get(self, path: str) -> Any:
        return self.report.get(path)

    @property
    def evaluation(self) -> Evaluation:
        if self._evaluation is None:
            self._evaluation = evaluate(self.report)
        return self._evaluation

    @property
    def dirty(self) -> bool:
        if self._dirty is None:
            self._dirty = self.report.data != self.saved_data
        return self._dirty

    def _changed(self) -> None:
        self._evaluation = None
        self._dirty = None
        self.changes += 1

    # -- rows and addresses --------------------------------------------------------
    def rows(self, list_path: str) -> list[Any]:
        rows = get_path(self.report.data, list_path)
        return rows if isinstance(rows, list) else []

    def keys(self, list_path: str) -> list[int]:
        """The row keys of a list, made when first asked (and again if the file's list changed)."""
        rows = self.rows(list_path)
        keys = self._keys.get(list_path)
        if keys is None or len(keys) != len(rows):
            keys = [self._new_key() for _ in rows]
            self._keys[list_path] = keys
        return keys

    def _new_key(self) -> int:
        self._next_key += 1
        return self._next_key

    def address(self, path: str) -> Address:
        """The stable address of a dotted path (`problems[1].cause` → that row, that column)."""
        match = _ROW.match(path)
        if match is None:
            return Address(path=path)
        list_path, index = match.group("list"), int(match.group("index"))
        keys = self.keys(list_path)
        if index >= len(keys):
            return Address(path=path)
        return Address(list_path=list_path, row=keys[index], column=match.group("column"))

    def resolve(self, address: Address) -> str | None:
        """The dotted path of an address now, or None when its row is gone."""
        if address.path is not None:
            return address.path
        assert address.list_path is not None
        keys = self.keys(address.list_path)
        if address.row not in keys:
            return None
        index = keys.index(address.row)
        base = f"{address.list_path}[{index}]"
        return f"{base}.{address.column}" if address.column else base

    def index_of(self, list_path: str, row_key: int | None) -> int | None:
        keys = self.keys(list_path)
        return keys.index(row_key) if row_key in keys else None

    # -- the one way values change -------------------------------------------------
    def _store(self, address: Address, value: Any) -> None:
        path = self.resolve(address)
        if path is None:
            return
        if address.list_path is not None:
            rows = self.rows(address.list_path)
            index = self.keys(address.list_path).index(address.row)  # type: ignore[arg-type]
            if address.column is None:  # an item of a list of strings: blank stays a (blank) item
                rows[index] = "" if value is None else copy.deepcopy(value)
                return
            row = rows[index]
            if not isinstance(row, dict):
                row = rows[index] = {}
            if value is None or value == "":
                row.pop(address.column, None)
            else:
                row[address.column] = copy.deepcopy(value)
            return
        self.report.set(path, copy.deepcopy(value))

    def value_at(self, address: Address) -> Any:
        path = self.resolve(address)
        return None if path is None else self.report.get(path)

    def edit(self, address: Address, value: Any) -> bool:
        """A live value while the clerk types; the undo step stays open. False if unchanged."""
        path = self.resolve(address)
        if path is None:
            return False
        current = self.report.get(path)
        if address.list_path is not None and address.column is None and value is None:
            value = ""
        if _same(current, value):
            return False
        if address not in self.pending:
            self.pending[address] = copy.deepcopy(current)
        self._store(address, value)
        self._changed()
        return True

    def commit(self, address: Address, value: Any) -> bool:
        """The value the clerk left the field with: it closes the field's undo step."""
        changed = self.edit(address, value)
        self.close_edit(address)
        return changed

    def revert(self, address: Address) -> None:
        """Back to the value before this edit began (the text typed cannot be read)."""
        if address in self.pending:
            self._store(address, self.pending[address])
            self._changed()

    def close_edit(self, address: Address) -> None:
        if address not in self.pending:
            return
        before = self.pending.pop(address)
        after = copy.deepcopy(self.value_at(address))
        if not _same(before, after):
            self.history.push(FieldChange(address, before, after))

    def close_all(self) -> None:
        for address in list(self.pending):
            self.close_edit(address)

    # -- rows ----------------------------------------------------------------------
    def _put_list(self, list_path: str, rows: list[Any], keys: list[int]) -> None:
        if rows:
            set_path(self.report.data, list_path, rows)
        else:
            delete_path(self.report.data, list_path)
        self._keys[list_path] = list(keys)
        self._changed()

    def _list_op(self, list_path: str, rows: list[Any], keys: list[int], focus_before: int | None,
                 focus_after: int | None) -> None:
        before_rows = copy.deepcopy(self.rows(list_path))
        before_keys = list(self.keys(list_path))
        self._put_list(list_path, rows, keys)
        self.history.push(ListChange(list_path, before_rows, before_keys, copy.deepcopy(rows), list(keys),
                                     focus_before, focus_after))

    def add_row(self, list_path: str, at: int, row: Any) -> int:
        """Insert a blank row at `at`; its key (the new row is the one to edit)."""
        self.close_all()
        rows = copy.deepcopy(self.rows(list_path))
        keys = list(self.keys(list_path))
        at = max(0, min(at, len(rows)))
        before = keys[at - 1] if 0 < at <= len(keys) else (keys[0] if keys else None)
        key = self._new_key()
        rows.insert(at, row)
        keys.insert(at, key)
        self._list_op(list_path, rows, keys, before, key)
        return key

    def delete_row(self, list_path: str, index: int) -> int | None:
        """Delete a row; the key of the row to show next (None when the list is empty)."""
        self.close_all()
        rows = copy.deepcopy(self.rows(list_path))
        keys = list(self.keys(list_path))
        if not 0 <= index < len(rows):
            return None
        deleted = keys[index]
        del rows[index]
        del keys[index]
        after = keys[min(index, len(keys) - 1)] if keys else None
        self._list_op(list_path, rows, keys, deleted, after)
        return after

    def move_row(self, list_path: str, index: int, step: int) -> bool:
        self.close_all()
        rows = copy.deepcopy(self.rows(list_path))
        keys = list(self.keys(list_path))
        target = index + step
        if not (0 <= index < len(rows) and 0 <= target < len(rows)):
            return False
        rows[index], rows[target] = rows[target], rows[index]
        keys[index], keys[target] = keys[target], keys[index]
        self._list_op(list_path, rows, keys, keys[target], keys[target])
        return True

    # -- undo ----------------------------------------------------------------------
    def undo(self) -> Change | None:
        """Undo one step; editors built before it are stale (their late messages are dropped)."""
        self.close_all()
        change = self.history.undo()
        if change is not None:
            self._apply(change, undo=True)
            self.epoch += 1
        return change

    def redo(self) -> Change | None:
        self.close_all()
        change = self.history.redo()
        if change is not None:
            self._apply(change, undo=False)
            self.epoch += 1
        return change

    def _apply(self, change: Change, *, undo: bool) -> None:
        if isinstance(change, FieldChange):
            self._store(change.address, change.before if undo else change.after)
            self._changed()
            return
        rows = change.before_rows if undo else change.after_rows
        keys = change.before_keys if undo else change.after_keys
        self._put_list(change.list_path, copy.deepcopy(rows), keys)

    # -- the file ------------------------------------------------------------------
    def changed_on_disk(self) -> bool:
        return changed_on_disk(self.path, self.disk)

    def save(self, *, force: bool = False) -> Path:
        """Atomic save with `.bak`; DiskChanged (nothing written) if someone else changed the file."""
        if not force and self.changed_on_disk():
            raise DiskChanged(str(self.path))
        payload = dumps(self.report).encode("utf-8")
        atomic_write_bytes(self.path, payload)
        self.disk = state_of_bytes(self.path, payload)
        self.saved_data = copy.deepcopy(self.report.data)
        self._dirty = False
        self.discard_recovery()
        return self.path

    def save_as(self, target: Path) -> Path:
        """Write to another file and go on editing that one (its lock taken, the old one's released)."""
        payload = dumps(self.report).encode("utf-8")
        atomic_write_bytes(target, payload)
        self.discard_recovery()
        self.close()
        self.path = target
        self.report.source = target
        self.disk = state_of_bytes(target, payload)
        self.saved_data = copy.deepcopy(self.report.data)
        self._dirty = False
        self.take_lock()
        return target

    def reload(self) -> None:
        """The file as it is on disk now; what was typed since the last save is dropped."""
        fresh = load(self.path)
        self._replace(fresh.data)
        self.disk = disk_state(self.path)
        self.saved_data = copy.deepcopy(self.report.data)
        self._dirty = False
        self.discard_recovery()

    def _replace(self, data: dict[str, Any]) -> None:
        self.report = Report(data, self.report.spec, self.path)
        self.epoch += 1
        self.pending.clear()
        self._keys.clear()
        self.history.clear()
        self._changed()

    # -- recovery --------------------------------------------------------------------
    @property
    def recovery(self) -> Path:
        return recovery_path(self.path)

    def recovery_snapshot(self) -> Report | None:
        """A copy of the unsaved state (cheap), to be written away from the event loop."""
        if not self.dirty:
            return None
        return Report(copy.deepcopy(self.report.data), self.report.spec, self.path)

    def write_recovery(self, snapshot: Report | None = None) -> Path | None:
        """Autosave the unsaved state; never touches the report file itself."""
        snapshot = snapshot or self.recovery_snapshot()
        if snapshot is None:
            return None
        target = self.recovery
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, dumps(snapshot).encode("utf-8"), backup=False)
        return target

    def newer_recovery(self) -> Path | None:
        """A recovery file at least as new as the report, left by a session that did not save."""
        target = self.recovery
        try:
            if target.stat().st_mtime >= self.path.stat().st_mtime:
                return target
        except OSError:
            return None
        return None

    def read_recovery(self) -> Report:
        """The recovery file as a report; RecoveryProblem (the file set aside) if it cannot be read."""
        try:
            recovered = load(self.recovery)
        except ReportError as exc:
            moved = self.set_aside_recovery()
            raise RecoveryProblem(str(exc), moved) from None
        if recovered.spec.id != self.report.spec.id:
            moved = self.set_aside_recovery()
            raise RecoveryProblem(f"{self.recovery.name}：表单类型与报告不同", moved)
        return recovered

    def restore_recovery(self, recovered: Report | None = None) -> None:
        recovered = recovered or self.read_recovery()
        self._replace(recovered.data)

    def set_aside_recovery(self) -> Path | None:
        """Rename an unreadable recovery file so it is kept but never offered again."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.recovery.with_name(f"{self.recovery.name}.{stamp}.corrupt")
        try:
            os.replace(self.recovery, target)
        except OSError:
            return None
        return target

    def discard_recovery(self) -> None:
        try:
            self.recovery.unlink()
        except OSError:
            pass
