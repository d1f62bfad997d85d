"""The report data file: load it into typed values, save it without ever losing one.

A report is the TOML file a clerk owns. Loading refuses what cannot be read (with the
line and column, and the file left untouched) and keeps every key it does not know,
so a file written by a newer jixiao survives a round trip through an older one. Saving
is atomic (temp file, fsync, rename) and keeps the previous version as `.bak`.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.paths import delete_path, get_path, set_path
from core.spec import FormSpec, UnknownForm, load_form

__all__ = [
    "Report", "ReportError", "SaveError", "load", "loads", "save", "dumps", "atomic_write_bytes", "SCHEMA",
    "file_problem",
]

SCHEMA = 1
SIZE_CAP = 10 * 1024 * 1024
RESULTS_KEY = "results"

_TYPE_NAMES = {
    "text": "文字",
    "textlist": "文字列表",
    "money": "数字",
    "score": "数字",
    "count": "整数",
    "year": "整数年份",
    "date": "日期",
    "bool": "是/否（true/false）",
}


class ReportError(Exception):
    """A file that cannot be read as a report; the message is Chinese and names the file."""


class SaveError(OSError):
    """A save that could not complete; the previous file is intact."""


class Report:
    """The inputs of one report, as nested tables of typed values (Decimal, int, str, date)."""

    __slots__ = ("data", "spec", "source")

    def __init__(self, data: dict[str, Any], spec: FormSpec, source: Path | None = None) -> None:
        self.data = data
        self.spec = spec
        self.source = source

    def __repr__(self) -> str:
        return f"Report({self.spec.id}, {self.get('unit.name')!r}, {self.year})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Report) and (self.data, self.spec.id) == (other.data, other.spec.id)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def get(self, path: str) -> Any:
        return get_path(self.data, path)

    def set(self, path: str, value: Any) -> None:
        """Set a field; None, "" or [] removes it, because blank is absent."""
        set_path(self.data, path, value)

    def delete(self, path: str) -> None:
        delete_path(self.data, path)

    def copy(self) -> Report:
        return Report(copy.deepcopy(self.data), self.spec, self.source)

    @property
    def year(self) -> int | None:
        year = self.get("unit.year")
        return year if isinstance(year, int) and not isinstance(year, bool) else None


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"布尔值 {str(value).lower()}"
    if isinstance(value, str):
        shown = value if len(value) <= 20 else value[:20] + "…"
        return f"文字 “{shown}”"
    if isinstance(value, (int, Decimal)):
        return f"数字 {value}"
    if isinstance(value, dict):
        return "表"
    if isinstance(value, list):
        return "数组"
    return type(value).__name__


def _type_ok(kind: str, value: Any) -> bool:
    if kind == "text":
        return isinstance(value, str)
    if kind == "textlist":
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    if kind in ("money", "score"):
        if isinstance(value, bool):
            return False
        return isinstance(value, int) or (isinstance(value, Decimal) and value.is_finite())
    if kind in ("count", "year"):
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "date":
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if kind == "bool":
        return isinstance(value, bool)
    return True


def _refuse(name: str, path: str, label: str, kind: str, value: Any) -> ReportError:
    return ReportError(
        f"{name}：{path}（{label}）应为{_TYPE_NAMES.get(kind, kind)}，文件中是{_describe(value)}"
    )


def _check_tables(name: str, data: dict[str, Any], path: str) -> None:
    """Every table on the way to a known key must be a table, or the key cannot be read."""
    parts = path.split(".")
    node: Any = data
    for depth, part in enumerate(parts[:-1]):
        if not isinstance(node, dict) or part not in node:
            return
        node = node[part]
        if not isinstance(node, dict):
            prefix = ".".join(parts[: depth + 1])
            raise ReportError(f"{name}：{prefix} 应为表（[{prefix}]），文件中是{_describe(node)}")


def validate_types(name: str, data: dict[str, Any], spec: FormSpec) -> None:
    """Refuse keys of the wrong type: the form's fields, table rows and cost rows."""
    for path, field_spec in spec.fields.items():
        _check_tables(name, data, path)
        value = get_path(data, path)
        if value is not None and not _type_ok(field_spec.type, value):
            raise _refuse(name, path, field_spec.label, field_spec.type, value)
    for table in spec.tables.values():
        _check_tables(name, data, table.path)
        rows = get_path(data, table.path)
        if rows is None:
            continue
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise ReportError(f"{name}：{table.path}（{table.label}）应为表数组（[[{table.path}]]）")
        for index, row in enumerate(rows):
            for column in table.columns:
                value = row.get(column.key)
                if value is not None and not _type_ok(column.type, value):
                    raise _refuse(
                        name, f"{table.path}[{index}].{column.key}", column.label, column.type, value
                    )
    _validate_costs(name, data, spec)


def _validate_costs(name: str, data: dict[str, Any], spec: FormSpec) -> None:
    costs_path = spec.costs.path
    _check_tables(name, data, costs_path + ".x")
    costs = get_path(data, costs_path)
    if costs is None:
        return
    if not isinstance(costs, dict):
        raise ReportError(f"{name}：{costs_path} 应为表，文件中是{_describe(costs)}")
    keyed = {row.key: row.label for row in spec.costs.rows if row.key}
    tabled = {row.table: row.label for row in spec.costs.rows if row.table}
    columns = [key for key, _, _ in spec.costs.columns]
    for key, label in keyed.items():
        row = costs.get(key)
        if row is None:
            continue
        if not isinstance(row, dict):
            raise ReportError(f"{name}：{costs_path}.{key}（{label}）应为表，文件中是{_describe(row)}")
        for column in columns:
            if column in row and not _type_ok("money", row[column]):
                raise _refuse(name, f"{costs_path}.{key}.{column}", label, "money", row[column])
    for key, label in tabled.items():
        rows = costs.get(key)
        if rows is None:
            continue
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise ReportError(f"{name}：{costs_path}.{key}（{label}）应为表数组")
        for index, row in enumerate(rows):
            if "name" in row and not isinstance(row["name"], str):
                raise _refuse(name, f"{costs_path}.{key}[{index}].name", label, "text", row["name"])
            for column in columns:
                if column in row and not _type_ok("money", row[column]):
                    raise _refuse(name, f"{costs_path}.{key}[{index}].{column}", label, "money", row[column])


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
        raise ReportError(f"{name}：schema 应为整数，文件中是{_describe(schema)}")
    if schema > SCHEMA:
        raise ReportError(f"{name}：数据文件版本 schema = {schema} 比本程序支持的 {SCHEMA} 新，请升级 jixiao")
    if schema < 1:
        raise ReportError(f"{name}：数据文件版本 schema = {schema} 无效")
    form_id = data.get("form")
    if not isinstance(form_id, str):
        raise ReportError(f"{name}：缺少表单类型 form（如 form = \"hunan-department\"）")
    try:
        spec = load_form(form_id)
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
    costs_prefix = spec.costs.path + "."
    if header.startswith(costs_prefix):
        key = header[len(costs_prefix):]
        row = next((r for r in spec.costs.rows if key in (r.key, r.table)), None)
        owner = spec.costs_section()
        prefix = f"{owner.attachment or owner.nav} · " if owner else ""
        return f"{prefix}{spec.costs.label} · {row.label}" if row else None
    table = spec.table_by_path(header)
    if table is not None:
        owner = next((s for s in spec.sections if s.table == table.id or table.id in s.tables), None)
        return f"{owner.label} · {table.label}" if owner and owner.table != table.id else (
            owner.label if owner else table.label
        )
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
