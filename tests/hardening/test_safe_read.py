"""core.safe_read: paths that are not regular files are refused without being read.

Real FIFOs, sockets, symlinks (dangling, to a device, to a FIFO), /dev/zero, /proc files
and a chmod-000 file. Every call that could hang or eat memory if the guard regressed
runs in a worker thread with a deadline, so a regression fails the test in a second
instead of hanging the suite (a FIFO left blocked is unblocked by opening its other end).
"""

from __future__ import annotations

import errno
import os
import socket
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

import core.safe_read as safe_read
from core.safe_read import FileRefused, check_output_target, is_regular, read_capped

T = TypeVar("T")
CAP = 1024


def finishes(call: Callable[[], T], seconds: float = 1.0) -> T:
    """call() in a thread; fail if it has not returned (or raised) within `seconds`."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # handed back to the test below
            box["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds} s: it hangs"
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def refused(call: Callable[[], object]) -> str:
    with pytest.raises(FileRefused) as caught:
        finishes(call)
    return str(caught.value)


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "管道.toml"
    os.mkfifo(path)
    yield path
    try:  # a reader blocked by a regression is released by a writer appearing
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:
        pass


@pytest.fixture
def sock(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "s.toml"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    yield path
    server.close()


def link(tmp_path: Path, target: str | Path, name: str = "link.toml") -> Path:
    path = tmp_path / name
    path.symlink_to(target)
    return path


def test_reads_a_regular_file_and_a_symlink_to_one(tmp_path: Path) -> None:
    file = tmp_path / "报告.toml"
    file.write_bytes(b"x = 1\n")
    assert finishes(lambda: read_capped(file, CAP, "报告文件")) == b"x = 1\n"
    assert finishes(lambda: read_capped(link(tmp_path, file), CAP, "报告文件")) == b"x = 1\n"
    assert read_capped(str(file), 6, "报告文件") == b"x = 1\n"  # exactly the cap


@pytest.mark.parametrize(("make", "words"), [
    (lambda p: p / "missing.toml", "文件不存在"),
    (lambda p: p, "是文件夹，不是报告文件"),
    (lambda p: link(p, p / "nowhere"), "是指向不存在位置的符号链接，不是报告文件"),
    (lambda p: link(p, "/dev/zero"), "是指向字符设备的符号链接，不是报告文件"),
    (lambda p: Path("/dev/zero"), "是字符设备，不是报告文件"),
    (lambda p: Path("/dev/null"), "是字符设备，不是报告文件"),
    (lambda p: link(p, "loop.toml", "loop.toml"), "符号链接循环"),
])
def test_refused_before_any_read(tmp_path: Path, make: Callable[[Path], Path], words: str) -> None:
    path = make(tmp_path)
    message = refused(lambda: read_capped(path, CAP, "报告文件"))
    assert message == f"{path}：{words}" or message.startswith(f"{path}：{words}")


def test_a_fifo_is_refused_without_waiting(fifo: Path) -> None:
    assert refused(lambda: read_capped(fifo, CAP, "报告文件")) == f"{fifo}：是命名管道（FIFO），不是报告文件"


def test_a_symlink_to_a_fifo_is_refused(tmp_path: Path, fifo: Path) -> None:
    path = link(tmp_path, fifo)
    assert "是指向命名管道（FIFO）的符号链接" in refused(lambda: read_capped(path, CAP, "报告文件"))


def test_a_socket_is_refused(sock: Path) -> None:
    assert refused(lambda: read_capped(sock, CAP, "工作簿")) == f"{sock}：是套接字，不是工作簿"


def test_a_block_device_is_refused() -> None:
    devices = [Path("/dev", n) for n in sorted(os.listdir("/dev"))
               if stat.S_ISBLK(os.lstat(Path("/dev", n)).st_mode)]
    if not devices:
        pytest.skip("no block device in /dev here")
    assert "是块设备" in refused(lambda: read_capped(devices[0], CAP, "报告文件"))


def test_a_file_over_the_cap_is_refused_from_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: nothing is written
    message = refused(lambda: read_capped(big, 10 * 1024 * 1024, "报告文件"))
    assert message == f"{big}：文件过大（50.0 MB，上限 10 MB）"  # as core.model words it
    small = tmp_path / "small.toml"
    small.write_bytes(b"x" * (CAP + 1))
    assert refused(lambda: read_capped(small, CAP, "报告文件")) == f"{small}：文件过大（1.0 KB，上限 1 KB）"


def test_no_read_permission(tmp_path: Path) -> None:
    file = tmp_path / "secret.toml"
    file.write_bytes(b"x = 1\n")
    file.chmod(0)
    try:
        with open(file, "rb"):
            pytest.skip("running as root: mode 000 does not stop root reading, nothing to refuse")
    except PermissionError:
        pass
    assert refused(lambda: read_capped(file, CAP, "报告文件")) == f"{file}：没有读取权限"


def test_no_read_permission_even_when_run_as_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same refusal, reached as root too: the open fails as it would for a clerk."""
    file = tmp_path / "secret.toml"
    file.write_bytes(b"x = 1\n")

    def denied(path: Any, flags: int, *args: Any) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(safe_read.os, "open", denied)
    assert refused(lambda: read_capped(file, CAP, "报告文件")) == f"{file}：没有读取权限"


class Counting:
    """Wraps os.read in core.safe_read and counts the bytes it hands back."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.total = 0
        real = os.read

        def read(fd: int, size: int) -> bytes:
            chunk = real(fd, size)
            self.total += len(chunk)
            return chunk

        monkeypatch.setattr(safe_read.os, "read", read)


def test_a_proc_file_that_says_size_0_is_read_only_up_to_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    proc = Path("/proc/self/smaps")
    if not proc.exists() or proc.stat().st_size != 0:
        pytest.skip("no /proc/self/smaps of size 0 here")
    assert finishes(lambda: read_capped("/proc/self/status", 1024 * 1024, "报告文件")).startswith(b"Name:")
    counting = Counting(monkeypatch)
    message = refused(lambda: read_capped(proc, 100, "报告文件"))
    assert message == f"{proc}：文件过大（读取时超过上限，上限 100 字节）"
    assert counting.total <= 101


def test_a_file_that_grows_after_the_check_is_read_only_up_to_the_cap(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "growing.toml"
    file.write_bytes(b"x = 1\n")
    real_fstat = os.fstat

    def fstat_then_grow(fd: int) -> os.stat_result:
        result = real_fstat(fd)  # what the guard sees: small
        with file.open("ab") as handle:
            handle.write(b"#" * (CAP * 50))
        return result

    monkeypatch.setattr(safe_read.os, "fstat", fstat_then_grow)
    counting = Counting(monkeypatch)
    assert "读取时超过上限" in refused(lambda: read_capped(file, CAP, "报告文件"))
    assert counting.total <= CAP + 1


@pytest.mark.parametrize("swap", ["fifo", "symlink to /dev/zero"])
def test_a_path_swapped_between_check_and_open_cannot_hang(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, swap: str) -> None:
    file = tmp_path / "swapped.toml"
    file.write_bytes(b"x = 1\n")
    real_open = os.open

    def swap_then_open(path: Any, flags: int, *args: Any) -> int:
        os.unlink(file)
        if swap == "fifo":
            os.mkfifo(file)
        else:
            file.symlink_to("/dev/zero")
        return real_open(path, flags, *args)

    monkeypatch.setattr(safe_read.os, "open", swap_then_open)
    try:
        message = refused(lambda: read_capped(file, CAP, "报告文件"))
    finally:
        if swap == "fifo":
            try:
                os.close(real_open(file, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass
    expected = "打开时已被换成命名管道（FIFO）" if swap == "fifo" else "打开时被换成了符号链接"
    assert expected in message


def test_a_read_that_would_block_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """/proc/kmsg is a 'regular file' whose read waits: with O_NONBLOCK it says EAGAIN."""
    file = tmp_path / "kmsg"
    file.write_bytes(b"x")

    def would_block(fd: int, size: int) -> bytes:
        raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(safe_read.os, "read", would_block)
    assert refused(lambda: read_capped(file, CAP, "报告文件")) == f"{file}：读取会一直等待，不是普通文件"


def test_hostile_file_names_are_shown_safely(tmp_path: Path) -> None:
    name = tmp_path / "a\x1b[2Jb\u202e.toml"
    message = refused(lambda: read_capped(name, CAP, "报告文件"))
    assert "\x1b" not in message and "\u202e" not in message
    assert "a\\x1b[2Jb\\u202e.toml：文件不存在" in message
    raw = os.path.join(os.fsencode(tmp_path), b"\xff\xfe.toml")
    message = refused(lambda: read_capped(os.fsdecode(raw), CAP, "报告文件"))
    assert "\\udcff\\udcfe.toml：文件不存在" in message
    message.encode("utf-8")  # printable on a strict stdout
    assert "文件名含有空字符" in refused(lambda: read_capped(str(tmp_path / "a\x00b"), CAP, "报告文件"))


def test_file_refused_is_an_os_error() -> None:
    assert issubclass(FileRefused, OSError)


# --- output targets ----------------------------------------------------------------------

def test_output_may_be_new_or_a_regular_file(tmp_path: Path) -> None:
    file = tmp_path / "out.xlsx"
    finishes(lambda: check_output_target(file))
    file.write_bytes(b"old")
    finishes(lambda: check_output_target(file))
    finishes(lambda: check_output_target(link(tmp_path, file)))
    finishes(lambda: check_output_target(tmp_path / "no-such-folder" / "out.xlsx"))


@pytest.mark.parametrize(("make", "words"), [
    (lambda p: p, "是文件夹"),
    (lambda p: link(p, "/dev/zero"), "是指向字符设备的符号链接"),
    (lambda p: Path("/dev/null"), "是字符设备"),
    (lambda p: link(p, p / "nowhere"), "是指向不存在位置的符号链接"),
])
def test_output_onto_something_else_is_refused(tmp_path: Path, make: Callable[[Path], Path],
                                               words: str) -> None:
    path = make(tmp_path)
    assert refused(lambda: check_output_target(path)) == f"{path}：{words}，不能作为输出文件"


def test_output_onto_a_fifo_or_socket_is_refused_without_waiting(fifo: Path, sock: Path) -> None:
    assert refused(lambda: check_output_target(fifo)) == f"{fifo}：是命名管道（FIFO），不能作为输出文件"
    assert refused(lambda: check_output_target(sock)) == f"{sock}：是套接字，不能作为输出文件"


def test_is_regular(tmp_path: Path, fifo: Path, sock: Path) -> None:
    file = tmp_path / "r.toml"
    file.write_bytes(b"")
    assert is_regular(file) and is_regular(link(tmp_path, file))
    for path in (tmp_path, fifo, sock, Path("/dev/zero"), tmp_path / "missing",
                 link(tmp_path, tmp_path / "nowhere", "dangling"), link(tmp_path, "/dev/zero", "z")):
        assert not finishes(lambda path=path: is_regular(path)), path
    assert not is_regular(str(tmp_path / "a\x00b"))
