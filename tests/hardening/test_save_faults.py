"""Saving under faults: a kill mid-save, a full disk, a read-only folder.

architecture.md promises "nothing lost": at every instant the report file is either
the old version or the new one, whole and loadable, and a save that cannot complete
says why in Chinese and leaves the old file as it was.

Tests run as root here, where chmod 0o555 does not stop a write; so the read-only and
disk-full cases run twice: with the failure injected (monkeypatched os calls, always)
and for real on a tiny or read-only tmpfs mounted in a private mount namespace
(`unshare -m`, skipped where mounting is not allowed; the mount vanishes with the
namespace, so nothing is left behind on the machine).
"""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from core.storage import SaveError, dumps, load, save
from tests.conftest import ROOT


def _versions(reference: Any) -> tuple[Any, Any]:
    old, new = reference.copy(), reference.copy()
    old.set("unit.name", "旧版本单位")
    new.set("unit.name", "新版本单位")
    new.set("performance.summary", "新版本" * 4000)  # a larger file: a longer window to be killed in
    return old, new


def test_sigkill_mid_save_leaves_old_or_new(tmp_path: Path, reference: Any) -> None:
    """200 kills at random moments of a child that saves two versions in turn."""
    old, new = _versions(reference)
    payloads = {dumps(old).encode("utf-8"), dumps(new).encode("utf-8")}
    target = tmp_path / "report.toml"
    save(old, target)
    rng = random.Random(20261127)
    caught_mid_save = 0
    for _ in range(200):
        pid = os.fork()
        if pid == 0:  # the child: save forever until killed; never return into pytest
            try:
                while True:
                    save(new, target)
                    save(old, target)
            finally:
                os._exit(1)
        time.sleep(rng.uniform(0, 0.02))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        assert target.read_bytes() in payloads
        assert load(target).get("unit.name") in ("旧版本单位", "新版本单位")
        bak = target.with_name(target.name + ".bak")
        if bak.exists():
            assert bak.read_bytes() in payloads
        leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        caught_mid_save += bool(leftovers)
        for path in leftovers:  # a SIGKILL leaves its temp file; the next kill is judged afresh
            path.unlink()
    # how often the kill landed inside a save (temp file present); printed for the note
    print(f"kills inside a save: {caught_mid_save}/200")


class _FullDisk:
    """A file handle whose writes fail as a full disk makes them fail."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def _listing(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_disk_full_keeps_old_file(tmp_path: Path, reference: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = _versions(reference)
    target = tmp_path / "report.toml"
    save(old, target)
    before = _listing(tmp_path)
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _FullDisk(real_fdopen(fd, *a, **k)))
    with pytest.raises(SaveError) as caught:
        save(new, target)
    monkeypatch.undo()
    assert "磁盘空间不足" in str(caught.value.strerror) and "原文件未改动" in str(caught.value.strerror)
    assert _listing(tmp_path) == before  # no temp file, no .bak, old bytes and mtime
    assert load(target).get("unit.name") == "旧版本单位"


@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS])
def test_read_only_folder_keeps_old_file(tmp_path: Path, reference: Any, monkeypatch: pytest.MonkeyPatch,
                                         code: int) -> None:
    """Root ignores 0o555, so the refusal the kernel would give is injected at mkstemp."""
    old, new = _versions(reference)
    target = tmp_path / "report.toml"
    save(old, target)
    tmp_path.chmod(0o555)
    try:
        before = _listing(tmp_path)

        def refuse(*args: Any, **kwargs: Any) -> Any:
            raise OSError(code, os.strerror(code))

        if os.geteuid() == 0:
            monkeypatch.setattr("tempfile.mkstemp", refuse)
        with pytest.raises(SaveError) as caught:
            save(new, target)
        monkeypatch.undo()
        assert ("没有写入权限" if code == errno.EACCES else "文件系统只读") in str(caught.value.strerror)
        assert _listing(tmp_path) == before
    finally:
        tmp_path.chmod(0o755)


_NS_SCRIPT = r"""
set -e
mount -t tmpfs -o size={size} tmpfs "$DIR"
cp "$REF" "$DIR/report.toml"
{prepare}
before=$(sha256sum "$DIR/report.toml")
set +e
"$PY" -m tui.cli export "$DIR/report.toml" --to "$DIR/report.toml" 2>"$DIR.err"
code=$?
set -e
after=$(sha256sum "$DIR/report.toml")
"$PY" -m tui.cli check "$DIR/report.toml" --json >/dev/null; checked=$?
printf '{{"code": %d, "same": %s, "checked": %d, "files": "%s"}}\n' "$code" \
  "$([ "$before" = "$after" ] && echo true || echo false)" "$checked" "$(ls -A "$DIR" | tr '\n' ' ')"
"""


def _in_namespace(tmp_path: Path, reference_path: Path, size: str, prepare: str) -> tuple[dict[str, Any], str]:
    if shutil.which("unshare") is None:
        pytest.skip("unshare not available")
    probe = subprocess.run(["unshare", "-m", "sh", "-c", f"mount -t tmpfs tmpfs {tmp_path}"],
                           capture_output=True)
    if probe.returncode != 0:
        pytest.skip("mounting a tmpfs is not allowed here")
    folder = tmp_path / "mnt"
    folder.mkdir()
    env = {**os.environ, "DIR": str(folder), "REF": str(reference_path), "PY": sys.executable}
    script = _NS_SCRIPT.format(size=size, prepare=prepare)
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True,
                            cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    stderr = (tmp_path / "mnt.err").read_text(encoding="utf-8")
    return json.loads(result.stdout.strip().splitlines()[-1]), stderr


def test_real_full_tmpfs(tmp_path: Path, reference_path: Path) -> None:
    fill = 'dd if=/dev/zero of="$DIR/filler" bs=4096 2>/dev/null || true'
    outcome, stderr = _in_namespace(tmp_path, reference_path, "128k", fill)
    assert outcome["code"] == 2 and outcome["same"] is True and outcome["checked"] == 0
    assert "磁盘空间不足" in stderr and "原文件未改动" in stderr and "Traceback" not in stderr
    assert outcome["files"].split() == ["filler", "report.toml"]  # no temp file, no .bak


def test_real_read_only_tmpfs(tmp_path: Path, reference_path: Path) -> None:
    outcome, stderr = _in_namespace(tmp_path, reference_path, "1m", 'mount -o remount,ro "$DIR"')
    assert outcome["code"] == 2 and outcome["same"] is True and outcome["checked"] == 0
    assert "文件系统只读" in stderr and "原文件未改动" in stderr and "Traceback" not in stderr
    assert outcome["files"].split() == ["report.toml"]
