"""What a report file looked like on disk, so a save can tell that someone else changed it.

An editor loads a file, the clerk types for an hour, and meanwhile a colleague's editor,
a `sed -i` or a sync client rewrote the file. Saving then would silently throw their
work away. `DiskState` remembers the file as it was read (inode, size, mtime and a hash
of the bytes); `changed_on_disk` answers whether the file now differs. The stat fields
answer quickly; the hash decides only when they differ, so a `touch` or a copy of the
same bytes is not a change, and a rewrite within the mtime granularity is still caught
when its size or inode differ.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import NamedTuple

__all__ = ["DiskState", "disk_state", "state_of_bytes", "changed_on_disk"]


class DiskState(NamedTuple):
    """A file's identity and content at one moment; `exists=False` for a missing file."""

    exists: bool
    size: int = 0
    mtime_ns: int = 0
    inode: int = 0
    digest: str = ""


def _digest(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


def disk_state(path: str | os.PathLike[str]) -> DiskState:
    """The file as it is now (a missing or unreadable file is `exists=False`)."""
    file = Path(path)
    try:
        stat = file.stat()
        payload = file.read_bytes()
    except OSError:
        return DiskState(False)
    return DiskState(True, stat.st_size, stat.st_mtime_ns, stat.st_ino, _digest(payload))


def state_of_bytes(path: str | os.PathLike[str], payload: bytes) -> DiskState:
    """The state of a file just written with `payload` (no second read of the bytes)."""
    try:
        stat = Path(path).stat()
    except OSError:
        return DiskState(False)
    return DiskState(True, stat.st_size, stat.st_mtime_ns, stat.st_ino, _digest(payload))


def changed_on_disk(path: str | os.PathLike[str], known: DiskState) -> bool:
    """Whether the file differs from `known`: created, deleted, or other bytes."""
    file = Path(path)
    try:
        stat = file.stat()
    except OSError:
        return known.exists
    if not known.exists:
        return True
    if (stat.st_size, stat.st_mtime_ns, stat.st_ino) == (known.size, known.mtime_ns, known.inode):
        return False
    if stat.st_size != known.size:
        return True
    try:
        return _digest(file.read_bytes()) != known.digest
    except OSError:
        return True
