"""A lock file beside a report, so a second editor on the same file is told the first has it.

Two clerks (or one clerk in two SSH sessions) opening the same report would otherwise
each save over the other. The lock is advice, not enforcement: the second editor is
told who holds the file and may still open it (its saves then meet the on-disk check of
core.disk_state). A lock left by an editor that died is stale and taken over quietly:
its process is gone (same host), or its heartbeat, refreshed by a running editor every
minute, is older than `STALE_SECONDS` (any host, where the process cannot be asked).
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import time
from pathlib import Path
from typing import NamedTuple

__all__ = ["LockInfo", "ReportLock", "lock_path", "read_lock", "is_stale", "STALE_SECONDS",
           "HEARTBEAT_SECONDS"]

LOCK_SUFFIX = ".jixiao-lock"
HEARTBEAT_SECONDS = 60
STALE_SECONDS = 10 * 60


class LockInfo(NamedTuple):
    """Who holds a report: process, host, user, when they opened it and last said so."""

    pid: int
    host: str
    user: str
    started: float
    updated: float
    token: str

    def describe(self) -> str:
        """`张三@host（进程 1234，自 2025-03-01 09:30 起）` for a dialog."""
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.started))
        return f"{self.user}@{self.host}（进程 {self.pid}，自 {when} 起）"


def lock_path(report: Path) -> Path:
    """The hidden lock file beside the report: `.NAME.jixiao-lock`."""
    return report.with_name(f".{report.name}{LOCK_SUFFIX}")


def _user() -> str:
    for name in ("USER", "LOGNAME", "USERNAME"):
        if os.environ.get(name):
            return os.environ[name]
    return str(os.getuid()) if hasattr(os, "getuid") else "?"


def read_lock(path: Path) -> LockInfo | None:
    """The lock's content, or None when there is no lock or it cannot be read as one."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        # float-ok: Unix times of the lock, not money
        return LockInfo(int(raw["pid"]), str(raw["host"]), str(raw["user"]), float(raw["started"]),  # float-ok
                        float(raw["updated"]), str(raw["token"]))  # float-ok
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    except OSError:
        return False
    return True


def is_stale(info: LockInfo | None, now: float | None = None) -> bool:
    """Whether a lock may be taken over: unreadable, its process dead, or its heartbeat old."""
    if info is None:
        return True
    now = time.time() if now is None else now
    if now - info.updated > STALE_SECONDS:
        return True
    return info.host == socket.gethostname() and not _alive(info.pid)


class ReportLock:
    """This process's lock on one report; `acquire` answers who else holds it, if anyone."""

    def __init__(self, report: Path) -> None:
        self.path = lock_path(report)
        self.token = secrets.token_hex(8)
        self.started = time.time()
        self.held = False

    def _payload(self) -> bytes:
        info = {"pid": os.getpid(), "host": socket.gethostname(), "user": _user(),
                "started": self.started, "updated": time.time(), "token": self.token}
        return json.dumps(info, ensure_ascii=False).encode("utf-8")

    def acquire(self) -> LockInfo | None:
        """Take the lock; return the other holder's info when a live lock is in the way.

        A folder where no lock can be written (read-only) gives no lock and no holder:
        the editor still works, only without the warning.
        """
        for _attempt in range(2):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                other = read_lock(self.path)
                if not is_stale(other):
                    return other
                try:  # a dead editor's lock: remove it and try once more
                    self.path.unlink()
                except OSError:
                    return None
                continue
            except OSError:
                return None
            with os.fdopen(fd, "wb") as handle:
                handle.write(self._payload())
            self.held = True
            return None
        return None

    def refresh(self) -> None:
        """The heartbeat: rewrite `updated`, so a running editor's lock never looks stale."""
        if not self.held:
            return
        current = read_lock(self.path)
        if current is None or current.token != self.token:
            self.held = False  # taken over (we were thought dead): do not fight for it
            return
        tmp = self.path.with_name(self.path.name + f".{self.token}.tmp")
        try:
            tmp.write_bytes(self._payload())
            os.replace(tmp, self.path)
        except OSError:
            try:
                tmp.unlink()
            except OSError:
                pass

    def release(self) -> None:
        """Remove the lock if it is still ours (never another editor's)."""
        if not self.held:
            return
        self.held = False
        current = read_lock(self.path)
        if current is not None and current.token == self.token:
            try:
                self.path.unlink()
            except OSError:
                pass
