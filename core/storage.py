"""Reading and writing report files, so that nothing a clerk typed is ever lost.

Loading refuses what cannot be read (with the line and column, and the file left
untouched) and keeps every key it does not know, so a file written by a newer jixiao
survives a round trip through an older one. Saving is atomic (temp file, fsync,
rename) and keeps the previous version as `.bak`.
"""

from __future__ import annotations

import copy
import os
import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.form import FormError, FormSpec, UnknownForm, load_form
from core.report import SCHEMA, Report, ReportError, describe, validate_types

__all__ = [
    "load", "loads", "save", "dumps", "atomic_write_bytes", "SaveError", "file_problem", "SIZE_CAP",
    "RESULTS_KEY",
]

SIZE_CAP = 10 * 1024 * 1024
RESULTS_KEY = "results"


class SaveError(OSError):
    """A save that could not complete; the previous file is intact."""


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def loads(text: str, name: str = "<文本>", source: Path | None = None) -> Report:
    """Read a report from TOML text; raise ReportError with a Chinese reason."""
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_POSITION.search(str(exc))
        if match:
            where = f"第 {match.group(1)} 行第 {match.group(2)} 列"
        else:  # "(at end of document)": the position is the end of the text
            last = text.rsplit("\n", 1)[-1]
            where = f"第 {text.count(chr(10)) + 1} 行第 {len(last) + 1} 列（文件末尾）"
        reason = _TOML_POSITION.sub("", str(exc)).replace("(at end of document)", "").strip()
        raise ReportError(f"{name}：不是有效的 TOML，{where}有误（{reason}）") from exc
    schema = data.get("schema", SCHEMA)
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise ReportError(f"{name}：schema 应为整数，文件中是{describe(schema)}")
    if schema > SCHEMA:
        raise ReportError(f"{name}：数据文件版本 schema = {schema} 比本程序支持的 {SCHEMA} 新，请升级 jixiao")
    if schema < 1:
        raise ReportError(f"{name}：数据文件版本 schema = {schema} 无效")
    form_id = data.get("form")
    if not isinstance(form_id, str):
        from core.form import installed_forms

        known = "、".join(spec.id for spec in installed_forms())
        raise ReportError(f"{name}：缺少表单类型 form（可用：{known}）")
    try:
        spec = load_form(form_id)
    except FormError as exc:
        raise ReportError(f"{name}：表单 {form_id} 的定义有误，无法使用：\n{exc}") from None
    except UnknownForm:
        raise ReportError(f"{name}：未知的表单类型 form = “{form_id}”") from None
    validate_types(name, data, spec)
    data.pop(RESULTS_KEY, None)
    return Report(data, spec, source)


def file_problem(file: Path, cap: int, what: str) -> str | None:
    """Why a file given to jixiao cannot be opened (missing, a folder, over its size cap).

    Reports and workbooks from outside are both checked this way before any byte is
    parsed, so a wrong path or a 50 MB file gets the same plain answer.
    """
    name = str(file)
    try:
        size = file.stat().st_size
    except FileNotFoundError:
        return f"{name}：文件不存在"
    except OSError as exc:
        return f"{name}：无法读取（{exc.strerror}）"
    if file.is_dir():
        return f"{name}：是文件夹，不是{what}"
    if size > cap:
        return f"{name}：文件过大（{size / 1024 / 1024:.1f} MB，上限 {cap / 1024 / 1024:.0f} MB）"
    return None


def load(path: str | os.PathLike[str]) -> Report:
    """Read a report file; the file is only read, never touched."""
    file = Path(path)
    name = str(path)
    problem = file_problem(file, SIZE_CAP, "报告文件")
    if problem:
        raise ReportError(problem)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise ReportError(f"{name}：无法读取（{exc.strerror}）") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ReportError(f"{name}：不是 UTF-8 编码的文本（第 {line} 行第 {column} 列）") from None
    return loads(text, name, file)


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


def atomic_write_bytes(target: Path, payload: bytes, backup: bool = True) -> Path:
    """Temp file beside the target, fsync, keep `.bak`, rename.

    At every instant the target is either the old file or the new one, whole; a
    failure (disk full, read-only folder) raises SaveError and leaves the old file.
    """
    import tempfile  # saving only; `check` never needs it

    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        # mkstemp makes the file 0600; the report keeps the mode it had, or the usual one
        os.fchmod(fd, _file_mode(target))
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if backup and target.exists():
            _backup(target)
        os.replace(tmp_name, target)
        tmp_name = None
        _fsync_dir(folder)
    except OSError as exc:
        raise SaveError(exc.errno, f"无法保存 {target}：{_os_reason(exc)}，原文件未改动") from exc
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
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
