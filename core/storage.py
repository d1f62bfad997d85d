"""Reading and writing report files, so that nothing a clerk typed is ever lost.

Loading refuses what cannot be read (with the line and column, and the file left
untouched) and keeps every key it does not know, so a file written by a newer jixiao
survives a round trip through an older one. Saving is atomic (temp file, fsync,
rename) and keeps the previous version as `.bak`.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.form import FormError, FormSpec, UnknownForm, load_form
from core.report import SCHEMA, Report, ReportError, describe, validate_types
from core.safe_read import FileRefused, check_output_target, read_capped
from core.toml_guard import TomlTooDeep, scan
from core.visible import visible

try:  # the same parser as tomllib, compiled: a 10 MB report parses in a third of the time
    import tomli as _toml
except ImportError:  # pragma: no cover - tomli is a dependency; tomllib gives the same results
    import tomllib as _toml  # type: ignore[no-redef]

__all__ = [
    "load", "loads", "save", "dumps", "atomic_write_bytes", "atomic_create_bytes", "SaveError", "read_file",
    "SIZE_CAP", "RESULTS_KEY", "MAX_DEPTH", "MAX_KEY_PARTS",
]

SIZE_CAP = 10 * 1024 * 1024
RESULTS_KEY = "results"


class SaveError(OSError):
    """A save that could not complete; the previous file is intact."""


# What no report needs and a hostile file uses to exhaust the parser (core.toml_guard):
# a report nests 5 levels and its longest key has 4 parts.
MAX_DEPTH = 24
MAX_KEY_PARTS = 24


def _parse(text: str, name: str) -> dict[str, Any]:
    """TOML 1.0 as tomllib reads it, after the nesting guard; every refusal a ReportError
    with line and column.

    The parser is tomli where it is installed: the project of which tomllib is a copy, with
    the same code and messages, shipped compiled. Versions before 2.4 only, which read TOML
    1.0 as Python 3.11's tomllib does (2.4 reads 1.1, more than the 3.11 jixiao runs on);
    tests/hardening/test_toml_parser.py holds the two to the same answers.
    """
    try:
        scan(text, max_depth=MAX_DEPTH, max_key_parts=MAX_KEY_PARTS, max_array_depth=MAX_DEPTH)
    except TomlTooDeep as exc:
        raise ReportError(f"{name}：{exc.message}") from None
    body = text[1:] if text.startswith("\ufeff") else text
    try:
        return _toml.loads(body, parse_float=Decimal)
    except _toml.TOMLDecodeError as exc:
        from core.toml_errors import explain  # its patterns compile only for a file that needs them

        place = explain(exc, body)
        raise ReportError(f"{name}：不是有效的 TOML，第 {place.line} 行第 {place.column} 列有误：{place.reason}",
                          detail=place.english) from None
    except RecursionError:  # the guard's bound is far below the limit; never expected
        raise ReportError(f"{name}：不是有效的报告文件，嵌套过深") from None
    except ValueError as exc:  # an integer of over 4,300 digits (int's conversion limit)
        raise ReportError(f"{name}：不是有效的报告文件，有一个数字位数过多", detail=str(exc)) from None


def loads(text: str, name: str = "<文本>", source: Path | None = None) -> Report:
    """Read a report from TOML text; raise ReportError with a Chinese reason."""
    data = _parse(text, name)
    schema = data.get("schema", SCHEMA)
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise ReportError(f"{name}：数据文件版本 schema 应为整数，文件中是{describe(schema)}", key="schema")
    if schema > SCHEMA:
        raise ReportError(f"{name}：数据文件版本 schema = {_short(schema)} 比本程序支持的 {SCHEMA} 新，请升级 jixiao")
    if schema < 1:
        raise ReportError(f"{name}：数据文件版本 schema = {_short(schema)} 无效")
    form_id = data.get("form")
    if not isinstance(form_id, str):
        from core.form import installed_forms

        known = "、".join(spec.id for spec in installed_forms())
        raise ReportError(f"{name}：缺少表单类型 form（可用：{known}）", key="form")
    try:
        spec = load_form(form_id)
    except FormError as exc:
        raise ReportError(f"{name}：表单 {form_id} 的定义有误，无法使用：\n{exc}") from None
    except UnknownForm:
        raise ReportError(f"{name}：未知的表单类型 form = “{form_id[:60]}”", key="form") from None
    validate_types(name, data, spec)
    data.pop(RESULTS_KEY, None)
    return Report(data, spec, source)


def _short(number: int) -> str:
    text = str(number) if abs(number) < 10**20 else f"{Decimal(number):.3E}"
    return text


def read_file(path: str | os.PathLike[str], cap: int, what: str) -> bytes:
    """The bytes of a regular file of at most `cap` bytes, or ReportError saying why not."""
    try:
        return read_capped(path, cap, what)
    except FileRefused as exc:
        raise ReportError(str(exc)) from None


def load(path: str | os.PathLike[str]) -> Report:
    """Read a report file; the file is only read, never touched.

    Only a regular file (or a symlink to one) is opened, never more than SIZE_CAP bytes
    are read (a FIFO, /dev/zero or a growing file cannot hang or exhaust the process).
    """
    name = visible(os.fspath(path), keep_newlines=False)
    raw = read_file(path, SIZE_CAP, "报告文件")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ReportError(f"{name}：不是 UTF-8 编码的文本（第 {line} 行第 {column} 列）") from None
    return loads(text, name, Path(path))


# ---------------------------------------------------------------------------
# Writing


def _prune(value: Any) -> Any:
    """Drop what the file must not hold: None, "", empty tables and arrays (blank is absent)."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            pruned = _prune(item)
            if pruned is not None:
                out[key] = pruned
        return out or None
    if isinstance(value, list):
        items = [_prune(item) for item in value]
        if all(isinstance(item, dict) or item is None for item in value) and value:
            kept = [item if item is not None else {} for item in items]
            return [row for row in kept if row] or None
        kept_items = [item for item in items if item is not None]
        return kept_items or None
    if value == "" or value is None:
        return None
    return value


def _table_label(spec: FormSpec, header: str) -> str | None:
    """The Chinese label written as a comment above a table header of the file."""
    if header == RESULTS_KEY:
        return "计算结果：jixiao 每次保存、导出时生成，读取时忽略，请勿手改"
    grid = spec.grid_of_path(header)
    if grid is not None:
        key = header[len(grid.path) + 1:]
        row = next((r for r in grid.rows if key in (r.key, r.list_id)), None)
        owner = spec.grid_section(grid.id)
        prefix = f"{owner.attachment or owner.nav} · " if owner else ""
        return f"{prefix}{grid.label} · {row.label}" if row else None
    table = spec.list_by_path(header)
    if table is not None:
        owner = next((s for s in spec.sections if table.id in (s.list_id, *s.list_ids)), None)
        if owner is None:
            return table.label
        return owner.label if owner.list_id == table.id else f"{owner.label} · {table.label}"
    for section in spec.sections:
        if any(path.startswith(header + ".") for path in section.fields):
            return section.label
    return None


_HEADER = re.compile(r"^\[\[?([^\]]+)\]\]?$")


def dumps(report: Report, results: dict[str, Any] | None = None) -> str:
    """The file text: inputs in their order, unknown keys kept, a label above each table."""
    import copy

    import tomli_w

    data = _prune(copy.deepcopy(report.data)) or {}
    data.pop(RESULTS_KEY, None)
    if results:
        pruned = _prune(results)
        if pruned:
            data[RESULTS_KEY] = pruned
    text = tomli_w.dumps(data)
    lines: list[str] = []
    seen: set[str] = set()
    for line in text.splitlines():
        match = _HEADER.match(line)
        if match and match.group(1) not in seen:
            seen.add(match.group(1))
            label = _table_label(report.spec, match.group(1))
            if label:
                if lines and lines[-1] != "":
                    lines.append("")
                lines.append(f"# {label}")
        lines.append(line)
    return "\n".join(lines) + "\n"


def save(
    report: Report, path: str | os.PathLike[str], results: dict[str, Any] | None = None
) -> Path:
    """Write the report file atomically, keeping the previous version as `.bak`."""
    return atomic_write_bytes(Path(path), dumps(report, results).encode("utf-8"))


def _temp_beside(target: Path, folder: Path, payload: bytes) -> str:
    """`payload` in a new temp file in `folder`, on disk (fsync), with the target's mode
    (mkstemp makes it 0600; the report keeps the mode it had, or the usual one)."""
    import tempfile  # saving only; `check` never needs it

    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, _file_mode(target))
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise
    return tmp_name


def atomic_write_bytes(target: Path, payload: bytes, backup: bool = True) -> Path:
    """Temp file beside the target, fsync, keep `.bak`, rename.

    At every instant the target is either the old file or the new one, whole; a
    failure (disk full, read-only folder) raises SaveError and leaves the old file.
    """

    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        # a FIFO would hang the backup's read, a symlink to a device would be written
        # through: only a regular file (or none yet) is ever replaced
        check_output_target(target)
    except FileRefused as exc:
        raise SaveError(exc.errno, f"{exc}，未写入") from None
    tmp_name: str | None = None
    try:
        tmp_name = _temp_beside(target, folder, payload)
        if backup and target.exists():
            _backup(target)
        os.replace(tmp_name, target)
        tmp_name = None
        _fsync_dir(folder)
    except OSError as exc:
        shown = visible(str(target), keep_newlines=False)
        raise SaveError(exc.errno, f"无法保存 {shown}：{_os_reason(exc)}，原文件未改动") from exc
    finally:
        _discard(tmp_name)
    return target


def _discard(tmp_name: str | None) -> None:
    """The temp file of a write that did not get renamed into place, if any."""
    if tmp_name is not None:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass


def atomic_create_bytes(target: Path, payload: bytes) -> Path:
    """Write a new file whole (temp file, fsync, hard link), never replacing one that exists.

    Raises FileExistsError when `target` exists (even one that appeared meanwhile: the
    link is what refuses), SaveError when it cannot be written. Where the file system has
    no hard links, the rename fallback checks first (a race there could still replace).
    """
    import errno

    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, "exists", str(target))
    tmp_name: str | None = None
    try:
        tmp_name = _temp_beside(target, folder, payload)
        try:
            os.link(tmp_name, target)
        except FileExistsError:
            raise
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                raise
            if os.path.lexists(target):
                raise FileExistsError(errno.EEXIST, "exists", str(target)) from None
            os.replace(tmp_name, target)
            tmp_name = None
        _fsync_dir(folder)
    except FileExistsError:
        raise
    except OSError as exc:
        shown = visible(str(target), keep_newlines=False)
        raise SaveError(exc.errno, f"无法保存 {shown}：{_os_reason(exc)}") from exc
    finally:
        _discard(tmp_name)
    return target


def _file_mode(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _backup(target: Path) -> None:
    """Copy the current file to `.bak` atomically, so the backup is whole too."""
    import tempfile

    bak = target.with_name(target.name + ".bak")
    fd, tmp = tempfile.mkstemp(prefix=f".{bak.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, _file_mode(target))
        with os.fdopen(fd, "wb") as handle:
            handle.write(target.read_bytes())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, bak)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _os_reason(exc: OSError) -> str:
    import errno

    reasons = {
        errno.ENOSPC: "磁盘空间不足",
        errno.EACCES: "没有写入权限",
        errno.EPERM: "没有写入权限",
        errno.EROFS: "文件系统只读",
        errno.ENOENT: "文件夹不存在",
    }
    return reasons.get(exc.errno or 0, exc.strerror or str(exc))
