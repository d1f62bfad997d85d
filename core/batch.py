"""One row per report for `jixiao batch`: which files, and what each one says.

Kept apart from the command so the per-file work (load + evaluate, nothing else) is a
plain top-level function a worker process can run, and its result a plain dict of
strings and ints that pickles cheaply between processes. Figures are strings made by
core.summary (Decimal underneath, never float), so the JSON, the terminal table and
the workbook all quote the same digits.

A Word report or a workbook is read by a `Reader` the caller passes in (the command
line passes exports.importing.import_file: core imports no exports); each row says
what the file was (`kind`) and, for an imported file, how much of it was understood.
With a folder to save into, the imported data file is kept there, never over a file
that exists.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.readback.model import FILE_KINDS

if TYPE_CHECKING:
    from core.readback.model import ImportReport
    from core.report import Report

__all__ = ["BatchRow", "Entry", "Reader", "collect_files", "check_file", "check_files", "plan_saves", "summarise",
           "printable", "PARALLEL_FROM", "REPORT_SUFFIXES"]

REPORT_SUFFIXES = (".toml",)

# Reads a .docx or .xlsx into an import report; never raises for a bad file (refused instead).
Reader = Callable[[Path], "ImportReport"]

# Below this many files a worker pool costs more to start than it saves.
PARALLEL_FROM = 48

FIGURE_ROLES = ("budget_total", "executed", "execution_rate")


@dataclass(slots=True)
class BatchRow:
    """What `jixiao batch` says of one file; figures are decimal strings (never float)."""

    file: str
    readable: bool
    message: str | None = None
    kind: str = "toml"  # a key of core.readback.model.FILE_KINDS
    fields_read: int | None = None  # an imported file: fields read
    not_understood: int | None = None  # pieces that matched nothing, or were given twice
    saved: str | None = None  # where --save-toml kept the imported data file
    save_problem: str | None = None  # why it did not
    form: str | None = None
    unit: str | None = None
    year: int | None = None
    budget_total: str | None = None
    executed: str | None = None
    execution_rate: str | None = None
    total: str | None = None
    grade: str | None = None
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    # severity, id, path, the path in the form's words (core.labels.path_label), message
    findings: list[tuple[str, str, str, str, str]] = field(default_factory=list)

    @property
    def kind_name(self) -> str:
        return FILE_KINDS.get(self.kind, self.kind)

    @property
    def understood(self) -> str | None:
        """`95/97` for an imported file: fields read of the pieces that held anything."""
        if self.fields_read is None:
            return None
        return f"{self.fields_read}/{self.fields_read + (self.not_understood or 0)}"

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("findings")
        out["kind_name"] = self.kind_name
        out["understood"] = self.understood
        return out


Entry = tuple[str, str | None]  # a path found, and why it cannot be checked (None: check it)


def _is_report_name(name: str, suffixes: Sequence[str]) -> bool:
    # `~$x.docx` is the lock file Word and Excel leave beside a file they have open
    return name.lower().endswith(tuple(suffixes)) and not name.startswith("~$")


def _walk(top: str, suffixes: Sequence[str]) -> list[Entry]:
    """Every report file (by suffix) below `top` (whatever it is: a file, a FIFO, a dangling link — the
    loader says why it cannot be read), and every folder that cannot be listed, with its
    reason. Symlinked folders are not followed (a link loop cannot recurse)."""
    found: list[Entry] = []

    def unlistable(error: OSError) -> None:
        from core.visible import visible

        folder = error.filename if isinstance(error.filename, str) else top
        reason = "没有读取权限" if isinstance(error, PermissionError) else (error.strerror or "无法列出")
        shown = visible(folder, keep_newlines=False)
        found.append((folder, f"{shown}：无法读取文件夹（{reason}），其中的报告未检查"))

    for folder, _dirs, names in os.walk(top, onerror=unlistable, followlinks=False):
        found.extend((os.path.join(folder, name), None) for name in names if _is_report_name(name, suffixes))
    return found


def collect_files(paths: Sequence[str], suffixes: Sequence[str] = REPORT_SUFFIXES) -> list[Entry]:
    """Files named, and every file ending in one of `suffixes` below folders named, in path order, each once; a
    folder that cannot be listed is an entry too, with its reason, so every path given
    or found is a row of the batch.

    A path that does not exist is returned as itself (the loader says so); the command
    refuses the run before, when a path it was given does not exist at all.
    """
    seen: set[str] = set()
    found: list[Entry] = []
    for name in paths:
        if os.path.isdir(name):
            candidates = sorted(_walk(name, suffixes), key=lambda entry: Path(entry[0]).as_posix())
        else:
            candidates = [(name, None)]
        for candidate, problem in candidates:
            key = os.path.normpath(candidate)
            if key not in seen:
                seen.add(key)
                found.append((candidate, problem))
    return found


def printable(text: str) -> str:
    """A name or message safe to print and to write as UTF-8 JSON.

    A file name that is not UTF-8 reaches Python as lone surrogates, which a strict
    stdout or the workbook's XML writer refuse; they are shown as U+FFFD instead.
    """
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _name(file: str) -> str:
    from core.visible import visible

    return visible(file, keep_newlines=False)


def _unreadable(file: str, message: str, kind: str = "toml") -> BatchRow:
    return BatchRow(file=printable(file), readable=False, message=printable(message), kind=kind)


def _kind(file: str) -> str:
    return {".docx": "docx", ".xlsx": "xlsx"}.get(Path(file).suffix.lower(), "toml")


def _imported(file: str, reader: Reader) -> tuple[Report | None, BatchRow | None, ImportReport | None]:
    """The report a Word file or workbook holds, or the row that says why it holds none."""
    kind = _kind(file)
    try:
        result = reader(Path(file))
    except MemoryError:
        return None, _unreadable(file, f"{_name(file)}：内存不足，无法读取", kind), None
    except Exception:  # a reader bug must not sink the other 199 files
        return None, _unreadable(file, f"{_name(file)}：读取时程序内部出错，请报告此问题", kind), None
    if result.refused is not None or result.report is None:
        return None, _unreadable(file, result.refused or f"{_name(file)}：无法导入", result.kind), None
    return result.report, None, result


def check_file(file: str, with_findings: bool = False, reader: Reader | None = None,
               save_to: str | None = None) -> BatchRow:
    """Load (or import, with `reader`, a .docx or .xlsx) and evaluate one report; never
    raises, so one bad file never stops a batch. `save_to`: where to keep an imported
    data file (a file that exists there is never replaced)."""
    from core.report import ReportError
    from core.storage import load

    result: ImportReport | None = None
    if reader is not None and _kind(file) != "toml":
        report, refused, result = _imported(file, reader)
        if refused is not None:
            return refused
        assert report is not None
    else:
        try:
            report = load(file)
        except ReportError as exc:
            return _unreadable(file, str(exc))
        except MemoryError:
            return _unreadable(file, f"{_name(file)}：内存不足，无法读取")
        except Exception:  # a loader bug must not sink the other 999 reports
            return _unreadable(file, f"{_name(file)}：读取时程序内部出错，请报告此问题")
    row = _evaluated(file, report, with_findings)
    if result is not None and row.readable:
        row.kind = result.kind
        row.not_understood = len(result.unmatched) + len(result.conflicts)
        # a jixiao workbook is read whole through its map: no field-by-field account to count
        row.fields_read = len(result.read) if result.read or row.not_understood else None
    if result is not None and save_to is not None:
        row.saved, row.save_problem = _save(report, save_to)
    return row


def _save(report: Report, target: str) -> tuple[str | None, str | None]:
    """(where it was written, None) or (None, why not) — never over an existing file."""
    from core.storage import SaveError, atomic_create_bytes, dumps

    try:
        atomic_create_bytes(Path(target), dumps(report).encode("utf-8"))
    except FileExistsError:
        return None, printable(f"数据文件未保存：{_name(target)} 已存在，不会覆盖")
    except SaveError as exc:
        return None, printable(f"数据文件未保存：{exc.strerror or exc}")
    except Exception:  # a writer bug must not sink the batch
        return None, printable(f"数据文件未保存：{_name(target)}：写入时程序内部出错，请报告此问题")
    return printable(target), None


def _evaluated(file: str, report: Report, with_findings: bool) -> BatchRow:
    from core.checks import resolver
    from core.evaluate import evaluate
    from core.form.expr import compile_expr
    from core.form.expr import evaluate as eval_expr
    from core.summary import decimal_str, score_str

    try:
        evaluation = evaluate(report)
    except MemoryError:
        return _unreadable(file, f"{_name(file)}：内存不足，无法检查", _kind(file))
    except Exception:  # a core bug must not sink the other 999 reports
        return _unreadable(file, f"{_name(file)}：检查时程序内部出错，请报告此问题", _kind(file))
    first_error = next((printable(f.message) for f in evaluation.findings if f.severity == "error"), None)
    spec = report.spec
    figures: dict[str, str | None] = {}
    for role in FIGURE_ROLES:
        expr = spec.role(role)
        value = eval_expr(compile_expr(expr), resolver(spec, report.data, evaluation.values)) if expr else None
        figures[role] = decimal_str(value if isinstance(value, Decimal) else None)
    unit_path = spec.role("unit")
    unit = report.get(unit_path) if unit_path else None
    return BatchRow(
        file=printable(file), readable=True, message=first_error, form=spec.id,
        unit=unit if isinstance(unit, str) else None, year=report.year,
        total=score_str(evaluation.total), grade=evaluation.grade,
        errors=evaluation.errors, warnings=evaluation.warnings, infos=evaluation.infos,
        findings=[(f.severity, f.id, f.path, _place(report, f.path), printable(f.message))
                  for f in evaluation.findings] if with_findings else [],
        budget_total=figures["budget_total"], executed=figures["executed"],
        execution_rate=figures["execution_rate"],
    )


def _place(report: Report, path: str) -> str:
    """Where a finding is, named as the form names it (never the internal path)."""
    from core.labels import path_label

    if not path:
        return ""
    try:
        label = path_label(report.spec, report.data, path)
    except Exception:  # a path the labeller does not know: say nothing rather than the path
        return ""
    return "" if label == path else printable(label)


def plan_saves(entries: Sequence[Entry], folder: str) -> dict[str, str]:
    """Where each imported file's data file goes: `folder/<name>.toml`, in path order;
    a name already given in this run gets `-2`, `-3`… (a file already there is not
    replaced: check_file says so in the row)."""
    taken: set[str] = set()
    out: dict[str, str] = {}
    for file, problem in entries:
        if problem or _kind(file) == "toml":
            continue
        stem = Path(file).stem or "report"
        name, n = f"{stem}.toml", 1
        while name.lower() in taken:
            n += 1
            name = f"{stem}-{n}.toml"
        taken.add(name.lower())
        out[file] = os.path.join(folder, name)
    return out


_Job = tuple[str, "str | None", "str | None"]  # file, why it cannot be checked, where to save


def _check_entry(job: _Job, with_findings: bool, reader: Reader | None) -> BatchRow:
    file, problem, save_to = job
    return _unreadable(file, problem, _kind(file)) if problem else check_file(file, with_findings, reader, save_to)


def _check_chunk(jobs: list[_Job], with_findings: bool, reader: Reader | None) -> list[BatchRow]:
    return [_check_entry(job, with_findings, reader) for job in jobs]


def check_files(entries: Sequence[Entry | str], with_findings: bool = False,
                workers: int | None = None, reader: Reader | None = None,
                save_to: Mapping[str, str] | None = None) -> Iterator[BatchRow]:
    """Rows in path order, one per entry; many files are spread over every core in chunks.

    Chunks (not single files) keep the inter-process traffic to a few dozen messages;
    results are yielded in input order as they complete, so a progress bar can follow.
    Should a worker die (killed by the system), the chunks not yet done are checked here.
    `reader` must be a top-level function (it is sent to the workers by name).
    """
    from concurrent.futures.process import BrokenProcessPool

    items: list[Entry] = [(entry, None) if isinstance(entry, str) else entry for entry in entries]
    targets = save_to or {}
    jobs: list[_Job] = [(file, problem, targets.get(file)) for file, problem in items]
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(jobs) < PARALLEL_FROM:
        for job in jobs:
            yield _check_entry(job, with_findings, reader)
        return
    _warm(reader)
    size = max(8, min(64, len(jobs) // (workers * 4) or 1))
    chunks = [jobs[i:i + size] for i in range(0, len(jobs), size)]
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_quiet_worker)
    done = 0
    try:
        for rows in pool.map(_check_chunk, chunks, [with_findings] * len(chunks), [reader] * len(chunks)):
            done += 1
            yield from rows
    except BrokenProcessPool:
        pool.shutdown(wait=False, cancel_futures=True)
        for chunk in chunks[done:]:
            yield from _check_chunk(chunk, with_findings, reader)
        return
    except BaseException:
        # Ctrl+C (or a consumer that stops early): drop the queued chunks instead of
        # waiting for them; the CLI turns the interrupt into "已中断" and exit 130.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def _quiet_worker() -> None:
    """Ctrl+C reaches the whole process group; only the parent should answer it,
    or every worker prints a KeyboardInterrupt traceback of its own."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _warm(reader: Reader | None) -> None:
    """Import the core and read the forms before forking, so no worker repeats it; the
    reader's own module too (it may import its libraries lazily: `warm` does that)."""
    import sys

    import core.evaluate  # noqa: F401
    from core.form import installed_forms

    installed_forms()
    module = sys.modules.get(getattr(reader, "__module__", "") or "")
    warm = getattr(module, "warm", None)
    if callable(warm):
        warm()


def _context() -> Any:
    """fork where there is one: the workers inherit core already imported (fast start)."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def summarise(rows: Iterable[BatchRow]) -> dict[str, Any]:
    """Counts over the batch, and the sums of budget and spending of the readable files."""
    from core.summary import decimal_str

    rows = list(rows)
    readable = [row for row in rows if row.readable]
    budget = sum((Decimal(row.budget_total) for row in readable if row.budget_total), Decimal(0))
    executed = sum((Decimal(row.executed) for row in readable if row.executed), Decimal(0))
    return {
        "files": len(rows),
        "readable": len(readable),
        "unreadable": len(rows) - len(readable),
        "with_errors": sum(1 for row in readable if row.errors),
        "clean": sum(1 for row in readable if not row.errors),
        "errors": sum(row.errors for row in readable),
        "warnings": sum(row.warnings for row in readable),
        "kinds": {kind: sum(1 for row in rows if row.kind == kind) for kind in FILE_KINDS
                  if any(row.kind == kind for row in rows)},
        "not_understood": sum(1 for row in readable if row.not_understood),
        "saved": sum(1 for row in rows if row.saved),
        "budget_total": decimal_str(budget),
        "executed": decimal_str(executed),
    }
