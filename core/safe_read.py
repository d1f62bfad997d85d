"""Open a path from outside only when it is a regular file, and never read too much.

The paths a server is given (a folder of reports, an upload, a symlink farm) are not
always files. `Path.read_bytes()` on a FIFO waits for a writer forever; on /dev/zero
or /dev/urandom it reads until memory runs out (`st_size` is 0, so a size check passes);
on a tape or terminal device the mere open can act. A /proc file also says size 0
and a file can grow between stat and read. An export onto a FIFO hangs the writer
after it made its temp file, and onto a symlink to a device it writes there.

So: lstat first; refuse anything that is not a regular file (or a symlink to one)
before opening; open with O_NONBLOCK and O_NOCTTY (and O_NOFOLLOW when the path was no
symlink), so that a path swapped for a FIFO, a terminal or a link between the check and
the open cannot hang or act either; fstat the open file and check again; then read at
most cap+1 bytes, whatever the file claims. Every refusal is a FileRefused whose
Chinese message starts with the file name, made safe to print (core.visible).
"""

from __future__ import annotations

import errno
import os
import stat

from core.visible import visible

__all__ = ["FileRefused", "read_capped", "check_output_target", "is_regular"]

_CHUNK = 1 << 20
_KINDS = ((stat.S_ISDIR, "文件夹"), (stat.S_ISFIFO, "命名管道（FIFO）"),
          (stat.S_ISCHR, "字符设备"), (stat.S_ISBLK, "块设备"), (stat.S_ISSOCK, "套接字"))


class FileRefused(OSError):
    """A path that will not be read or written; the message says why, in Chinese, and
    starts with the file name (`报告.toml：是命名管道（FIFO），不是报告文件`).
    An OSError, so a caller's existing `except OSError` still catches it."""


def _name(path: str | os.PathLike[str]) -> str:
    return visible(os.fspath(path), keep_newlines=False)


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((word for test, word in _KINDS if test(mode)), "特殊文件")


def _size(size: int, trim: bool = False) -> str:
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            text = f"{size / scale:.1f}"
            return f"{text.removesuffix('.0') if trim else text} {unit}"
    return f"{size} 字节"


def _reason(name: str, exc: OSError) -> FileRefused:
    if exc.errno == errno.ENOENT:
        return FileRefused(f"{name}：文件不存在")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return FileRefused(f"{name}：没有读取权限")
    if exc.errno == errno.ELOOP:
        return FileRefused(f"{name}：符号链接循环，或打开时被换成了符号链接")
    if exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK):
        return FileRefused(f"{name}：读取会一直等待，不是普通文件")
    return FileRefused(f"{name}：无法读取（{exc.strerror or exc}）")


def _target(path: str | os.PathLike[str], name: str, refusal: str) -> tuple[bool, os.stat_result]:
    """(was it a symlink, the stat of what it names); FileRefused unless a regular file.
    `refusal` ends the message of a wrong kind: "不是报告文件", "不能作为输出文件"."""
    try:
        info = os.lstat(path)
    except ValueError:  # an embedded NUL
        raise FileRefused(f"{name}：文件名含有空字符") from None
    except OSError as exc:
        raise _reason(name, exc) from None
    link = stat.S_ISLNK(info.st_mode)
    if link:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            raise FileRefused(f"{name}：是指向不存在位置的符号链接，{refusal}") from None
        except OSError as exc:
            raise _reason(name, exc) from None
    kind = _kind(info.st_mode)
    if kind:
        raise FileRefused(f"{name}：是{f'指向{kind}的符号链接' if link else kind}，{refusal}")
    return link, info


def _too_big(name: str, size: int | None, cap: int) -> FileRefused:
    shown = f"{_size(size)}，" if size is not None else "读取时超过上限，"
    return FileRefused(f"{name}：文件过大（{shown}上限 {_size(cap, trim=True)}）")


def read_capped(path: str | os.PathLike[str], cap: int, what: str) -> bytes:
    """The bytes of `path` if it is a regular file (or a symlink to one) of at most
    `cap` bytes; otherwise FileRefused naming the file and why (`what` is the kind of
    file expected, "报告文件", "工作簿"). Never blocks on a FIFO or device, never opens
    a device, never reads more than cap+1 bytes even from a file that lies about its
    size or grows while read."""
    name = _name(path)
    link, info = _target(path, name, f"不是{what}")
    if info.st_size > cap:
        raise _too_big(name, info.st_size, cap)
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
    try:
        fd = os.open(path, flags if link else flags | os.O_NOFOLLOW)
    except OSError as exc:
        raise _reason(name, exc) from None
    try:
        opened = os.fstat(fd)
        kind = _kind(opened.st_mode)
        if kind:
            raise FileRefused(f"{name}：打开时已被换成{kind}，不是{what}")
        if opened.st_size > cap:
            raise _too_big(name, opened.st_size, cap)
        chunks: list[bytes] = []
        left = cap + 1
        while left > 0:
            chunk = os.read(fd, min(left, _CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except FileRefused:
        raise
    except OSError as exc:  # EAGAIN from a /proc file that would block, EIO, …
        raise _reason(name, exc) from None
    finally:
        os.close(fd)
    if left <= 0:
        raise _too_big(name, None, cap)
    return b"".join(chunks)


def check_output_target(path: str | os.PathLike[str]) -> None:
    """FileRefused if `path` exists and is not a regular file (or a symlink to one): a
    folder, a FIFO (the writer would hang), a device, a socket, a dangling symlink (the
    write would create its target, wherever it points). Call it before making any temp
    file. A path that does not exist is fine (its folder is the writer's business)."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return
    except (OSError, ValueError):
        pass  # _target says what it is
    _target(path, _name(path), "不能作为输出文件")


def is_regular(path: str | os.PathLike[str]) -> bool:
    """True for a regular file or a symlink to one; False for anything else or
    anything that cannot be stat'ed (never raises). For collecting files from folders."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False
