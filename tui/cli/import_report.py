"""`jixiao import` of a file jixiao did not write: the import report on the terminal or as JSON.

A reviewer who imports a department's Word report must see, before trusting the data
file, what was read and from where, what the file lacks, what matched nothing, which of
the file's own totals the data does not reproduce, and what was given twice. Rows of
a list (an indicator, a cost row) are shown one line each, their cells together. Text
from the file is made inert (core.visible) and cut to the column; `--json` has all of it.

Exit status: 0 read, 1 read with parts not understood (the data file is still written,
so the reviewer can fix the rest in the editor), 2 not such a report or not readable.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

from core.readback.model import FILE_KINDS, MISSING_REASONS, FieldRead, ImportReport
from core.visible import visible
from tui.cli.exits import CannotRun

__all__ = ["run_readback", "import_lines", "KIND_WORDS"]

KIND_WORDS = FILE_KINDS
_ROW = re.compile(r"^(?P<row>.+\[\d+\])\.[^.\[\]]+$")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _cut(text: str, width: int) -> str:
    """One line of at most `width` cells, made inert, with … where it was cut."""
    lead = text[:len(text) - len(text.lstrip(" "))]
    text = lead + visible(" ".join(text.split()), keep_newlines=False)
    if _width(text) <= width:
        return text
    out, used = "", 0
    for ch in text:
        size = _width(ch)
        if used + size > width - 1:
            break
        out, used = out + ch, used + size
    return out + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _value(read: FieldRead) -> str:
    from core.values import display

    if isinstance(read.value, list):
        return f"{len(read.value)} 条"
    if isinstance(read.value, str) and len(read.value) > 24:
        return f"{read.value[:14]}…（{len(read.value)} 字）"
    return display(read.value, "text")


def _grouped(result: ImportReport) -> list[tuple[str, str, str]]:
    """(label, value, where) per field, a list row's or a grid row's cells on one line."""
    from core.labels import path_label

    assert result.report is not None
    spec, data = result.report.spec, result.report.data
    lines: list[tuple[str, str, str]] = []
    rows: dict[str, list[FieldRead]] = {}
    order: list[str] = []
    for read in result.read:
        grid = spec.grid_of_path(read.path)
        match = _ROW.match(read.path)
        key = read.path.rpartition(".")[0] if grid is not None else match.group("row") if match else None
        if key is None:
            order.append(read.path)
            rows[read.path] = [read]
            continue
        if key not in rows:
            order.append(key)
            rows[key] = []
        rows[key].append(read)
    for key in order:
        reads = rows[key]
        if len(reads) == 1 and reads[0].path == key:
            lines.append((path_label(spec, data, key), _value(reads[0]), reads[0].where.text()))
            continue
        # the row's own place (a merged 一级指标 above is not where the row is)
        own = max(reads, key=lambda r: (r.where.row or 0, r.where.paragraph or 0)).where
        where = own._replace(cell=None) if own.ref is None else own
        table = spec.list_by_path(key.rpartition("[")[0])
        named = {table.row_group, table.row_name} if table is not None else set()
        shown = [r for r in reads if r.path.rpartition(".")[2] not in named] or reads
        lines.append((path_label(spec, data, key), " | ".join(_value(r) for r in shown), where.text()))
    return lines


def import_lines(result: ImportReport, output: Path | None, width: int = 80) -> list[str]:
    """The import report as lines of at most `width` cells."""
    from core.labels import path_label

    kind = KIND_WORDS.get(result.kind, result.kind)
    lines = [_cut(f"导入 {result.file}：{kind}" + (f" · {result.form_name}" if result.form_name else ""), width)]
    if result.refused:
        return lines + [_cut(f"  未导入：{result.refused}", width)]
    assert result.report is not None
    spec, data = result.report.spec, result.report.data
    counts = (f"  读取 {len(result.read)} 项；缺少 {len(result.missing)} 项；未识别 {len(result.unmatched)} 处；"
              f"与计算值不符 {len(result.mismatches)} 处；冲突 {len(result.conflicts)} 处")
    lines.append(_cut(counts, width))
    if result.tables:
        lines.append(_cut("  " + "；".join(f"{name} ← {where}" for name, where in result.tables), width))
    label_w, value_w = max(16, width * 7 // 20), max(10, width * 11 // 40)
    where_w = max(10, width - 2 - label_w - value_w - 4)
    grouped = _grouped(result)
    lines += ["", f"读取（{len(grouped)} 行，{len(result.read)} 项）"]
    for label, value, where in grouped:
        lines.append("  " + _pad(_cut(label, label_w), label_w) + "  " + _pad(_cut(value, value_w), value_w)
                     + "  " + _cut(where, where_w))
    if result.unmatched:
        lines += ["", f"未识别（{len(result.unmatched)} 处，未导入）"]
        for item in result.unmatched:
            field = f"（{path_label(spec, data, item.path)}）" if item.path else ""
            lines.append(_cut(f"  {item.where.text()}{field}：“{item.text}”", width))
            lines.append(_cut(f"      {item.reason}", width))
    if result.conflicts:
        lines += ["", f"冲突（{len(result.conflicts)} 处，保留先读到的）"]
        for conflict in result.conflicts:
            lines.append(_cut(f"  {path_label(spec, data, conflict.path)}：{_value(conflict.kept)}"
                              f"（{conflict.kept.where.text()}）", width))
            lines.append(_cut(f"      另一处为 {_value(conflict.other)}（{conflict.other.where.text()}）", width))
    if result.mismatches:
        lines += ["", f"与计算值不符（{len(result.mismatches)} 处：文件所列的合计、比率与读入的数据算出的不同）"]
        for mismatch in result.mismatches:
            kept = "，已按文件读入（jixiao check 将报告此差异）" if mismatch.stored else ""
            lines.append(_cut(f"  {mismatch.caption}：文件中 {mismatch.file_text}，"
                              f"按读入的数据计算为 {mismatch.computed}{kept}", width))
            lines.append(_cut(f"      {mismatch.where.text()}", width))
    if result.missing:
        lines += ["", f"缺少（{len(result.missing)} 项）"]
        for reason, words in MISSING_REASONS.items():
            labels = [path_label(spec, data, m.path) for m in result.missing if m.reason == reason]
            if labels:
                lines += _packed(f"  {words}：", labels, width)
    if result.notes:
        lines += ["", "说明"]
        for note in result.notes:
            lines += _packed("  ", [note], width)
    if output is not None:
        lines += ["", _cut(f"已写入 {output}", width)]
    return lines


def _packed(head: str, items: list[str], width: int) -> list[str]:
    """`items` after `head`, separated by 、, a line broken only between items (an item
    wider than a line is broken where it must), continuation lines indented; made inert."""
    indent = " " * 6
    lines, line = [], head
    for i, item in enumerate(items):
        piece = visible(item, keep_newlines=False) + ("、" if i < len(items) - 1 else "")
        if line.strip() and line != head and _width(line + piece) > width:
            lines.append(line)
            line = indent
        for ch in piece:
            if _width(line + ch) > width:
                lines.append(line)
                line = indent
            line += ch
    lines.append(line)
    return lines


def run_readback(args: argparse.Namespace) -> int:
    """Import a .docx or a hand-filled .xlsx: print the import report, write the data file."""
    import shutil

    from core.storage import SaveError, save
    from exports.importing import import_file
    from tui.cli.common import print_json

    out = Path(args.output)
    book = Path(args.book)
    if not getattr(args, "json", False) and not book.exists():
        raise CannotRun(f"{visible(str(book))}：文件不存在")
    result = import_file(book)
    written = False
    if result.report is not None and result.refused is None:
        try:
            save(result.report, out)
            written = True
        except SaveError as exc:
            raise CannotRun(f"{out}：无法写入（{exc.strerror or exc}）") from None
    if getattr(args, "json", False):
        payload: dict[str, Any] = {**result.as_json(), "output": str(out), "written": written}
        print_json(payload)  # bidi and C1 in a file name escaped, as every --json writes them
    elif result.refused is None:
        width = max(40, shutil.get_terminal_size((80, 24)).columns)
        sys.stdout.write("\n".join(import_lines(result, out if written else None, width)) + "\n")
    if result.refused is not None:
        sys.stderr.write(f"jixiao: {visible(result.refused)}（未写入 {visible(str(out))}）\n")
    return result.status
