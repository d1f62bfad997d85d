"""The lock beside a report: a second editor is told, a dead editor's lock is taken over."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

from core.lock import STALE_SECONDS, ReportLock, is_stale, lock_path, read_lock


def _write(path: Path, **info: object) -> None:
    base = {"pid": 1, "host": socket.gethostname(), "user": "u", "started": time.time(),
            "updated": time.time(), "token": "t"}
    path.write_text(json.dumps({**base, **info}), encoding="utf-8")


def test_acquire_then_second_is_told(tmp_path: Path) -> None:
    report = tmp_path / "r.toml"
    first = ReportLock(report)
    assert first.acquire() is None and first.held
    second = ReportLock(report)
    other = second.acquire()
    assert other is not None and other.token == first.token and not second.held
    assert "进程" in other.describe()
    second.release()  # not ours: the first editor's lock stays
    assert lock_path(report).exists()
    first.release()
    assert not lock_path(report).exists()


def test_dead_process_lock_is_stale(tmp_path: Path) -> None:
    report = tmp_path / "r.toml"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    _write(lock_path(report), pid=int(dead))
    lock = ReportLock(report)
    assert lock.acquire() is None and lock.held
    lock.release()


def test_other_host_fresh_is_held_old_is_stale(tmp_path: Path) -> None:
    report = tmp_path / "r.toml"
    _write(lock_path(report), host="elsewhere.example", pid=999999)
    assert ReportLock(report).acquire() is not None  # cannot ask that host: trust the heartbeat
    _write(lock_path(report), host="elsewhere.example", updated=time.time() - STALE_SECONDS - 1)
    lock = ReportLock(report)
    assert lock.acquire() is None and lock.held
    lock.release()


def test_unreadable_lock_is_stale(tmp_path: Path) -> None:
    report = tmp_path / "r.toml"
    lock_path(report).write_text("not json", encoding="utf-8")
    assert read_lock(lock_path(report)) is None and is_stale(None)
    lock = ReportLock(report)
    assert lock.acquire() is None
    lock.release()


def test_heartbeat_keeps_and_yields(tmp_path: Path) -> None:
    report = tmp_path / "r.toml"
    lock = ReportLock(report)
    lock.acquire()
    before = read_lock(lock_path(report))
    time.sleep(0.01)
    lock.refresh()
    after = read_lock(lock_path(report))
    assert before is not None and after is not None and after.updated > before.updated
    _write(lock_path(report), token="someone-else")  # taken over while we were thought dead
    lock.refresh()
    assert not lock.held
    lock.release()
    assert lock_path(report).exists()  # theirs, left alone


def test_read_only_folder_gives_no_lock(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        lock = ReportLock(folder / "r.toml")
        assert lock.acquire() is None and (not lock.held or lock_path(folder / "r.toml").exists())
    finally:
        folder.chmod(0o755)
