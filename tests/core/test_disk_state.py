"""A save can tell that the file on disk is no longer the one that was loaded."""

from __future__ import annotations

import os
from pathlib import Path

from core.disk_state import changed_on_disk, disk_state, state_of_bytes


def test_unchanged_file_is_not_a_change(tmp_path: Path) -> None:
    file = tmp_path / "r.toml"
    file.write_text("a = 1\n", encoding="utf-8")
    state = disk_state(file)
    assert state.exists and not changed_on_disk(file, state)


def test_touch_with_same_bytes_is_not_a_change(tmp_path: Path) -> None:
    file = tmp_path / "r.toml"
    file.write_text("a = 1\n", encoding="utf-8")
    state = disk_state(file)
    os.utime(file, ns=(state.mtime_ns + 5_000_000_000, state.mtime_ns + 5_000_000_000))
    assert not changed_on_disk(file, state)


def test_rewrite_same_size_is_a_change(tmp_path: Path) -> None:
    file = tmp_path / "r.toml"
    file.write_text("a = 1\n", encoding="utf-8")
    state = disk_state(file)
    replacement = tmp_path / "other"
    replacement.write_text("a = 2\n", encoding="utf-8")
    os.replace(replacement, file)  # what sed -i does: a new inode
    os.utime(file, ns=(state.mtime_ns, state.mtime_ns))
    assert changed_on_disk(file, state)


def test_deleted_and_created(tmp_path: Path) -> None:
    file = tmp_path / "r.toml"
    missing = disk_state(file)
    assert not missing.exists and not changed_on_disk(file, missing)
    file.write_text("x", encoding="utf-8")
    assert changed_on_disk(file, missing)
    state = disk_state(file)
    file.unlink()
    assert changed_on_disk(file, state)


def test_state_of_written_bytes(tmp_path: Path) -> None:
    file = tmp_path / "r.toml"
    file.write_bytes(b"abc")
    assert state_of_bytes(file, b"abc") == disk_state(file)
