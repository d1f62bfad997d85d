"""One row per report for `jixiao batch`: which files, and what each one says.

Kept apart from the command so the per-file work (load + evaluate, nothing else) is a
plain top-level function a worker process can run, and its result a plain dict of
strings and ints that pickles cheaply between processes. Figures are strings made by
core.summary (Decimal underneath, never float), so the JSON, the terminal table and
the workbook all quote the same digits.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

__all__ = ["BatchRow", "Entry", "collect_files", "check_file", "check_files", "summarise", "printable", "PARALLEL_FROM"]

# Below this many files a worker pool costs more to start than it saves.
PARALLEL_FROM = 48

FIGURE_ROLES = ("budget_total", "executed", "execution_rate")


@dataclass(slots=True)
class BatchRow:
    """What `jixiao batch` says of one file; figures are decimal strings (never float)."""

    file: str
    readable: bool
    message: str | None = None
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
    findings: list[tuple[str, str, str, str]] = field(default_factory=list)  # severity, id, path, message

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("findings")
        return out


Entry = tuple[str, str | None]  # a path found, and why it cannot be checked (None: check it)


def _is_report_name(name: str) -> bool:
    return name.lower().endswith(".toml")


def _walk(top: str) -> list[Entry]:
    """Every *.toml below `top` (whatever it is: a file, a FIFO, a dangling link — the
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
        found.extend((os.path.join(folder, name), None) for name in names if _is_report_name(name))
    return found


def collect_files(paths: Sequence[str]) -> list[Entry]:
    """Files named, and every *.toml below folders named, in path order, each once; a
    folder that cannot be listed is an entry too, with its reason, so every path given
    or found is a row of the batch.

    A path that does not exist is returned as itself (the loader says so); the command
    refuses the run before, when a path it was given does not exist at all.
    """
    seen: set[str] = set()
    found: list[Entry] = []
    for name in paths:
        if os.path.isdir(name):
            candidates = sorted(_walk(name), key=lambda entry: Path(entry[0]).as_posix())
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


def _unreadable(file: str, message: str) -> BatchRow:
    return BatchRow(file=printable(file), readable=False, message=printable(message))


def check_file(file: str, with_findings: bool = False) -> BatchRow:
    """Load and evaluate one report; never raises, so one bad file never stops a batch."""
    from core.checks import resolver
    from core.evaluate import evaluate
    from core.form.expr import compile_expr
    from core.form.expr import evaluate as eval_expr
    from core.report import ReportError
    from core.storage import load
    from core.summary import decimal_str, score_str

    try:
        report = load(file)
    except ReportError as exc:
        return _unreadable(file, str(exc))
    except MemoryError:
        return _unreadable(file, f"{_name(file)}：内存不足，无法读取")
    except Exception:  # a loader bug must not sink the other 999 reports
        return _unreadable(file, f"{_name(file)}：读取时程序内部出错，请报告此问题")
    try:
        evaluation = evaluate(report)
    except MemoryError:
        return _unreadable(file, f"{_name(file)}：内存不足，无法检查")
    except Exception:  # a core bug must not sink the other 999 reports
        return _unreadable(file, f"{_name(file)}：检查时程序内部出错，请报告此问题")
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
        findings=[(f.severity, f.id, f.path, printable(f.message)) for f in evaluation.findings]
        if with_findings else [],
        **figures,
    )


def _check_entry(entry: Entry, with_findings: bool) -> BatchRow:
    file, problem = entry
    return _unreadable(file, problem) if problem else check_file(file, with_findings)


def _check_chunk(entries: list[Entry], with_findings: bool) -> list[BatchRow]:
    return [_check_entry(entry, with_findings) for entry in entries]


def check_files(entries: Sequence[Entry | str], with_findings: bool = False,
                workers: int | None = None) -> Iterator[BatchRow]:
    """Rows in path order, one per entry; many files are spread over every core in chunks.

    Chunks (not single files) keep the inter-process traffic to a few dozen messages;
    results are yielded in input order as they complete, so a progress bar can follow.
    Should a worker die (killed by the system), the chunks not yet done are checked here.
    """
    from concurrent.futures.process import BrokenProcessPool

    items: list[Entry] = [(entry, None) if isinstance(entry, str) else entry for entry in entries]
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(items) < PARALLEL_FROM:
        for item in items:
            yield _check_entry(item, with_findings)
        return
    _warm()
    size = max(8, min(64, len(items) // (workers * 4) or 1))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_quiet_worker)
    done = 0
    try:
        for rows in pool.map(_check_chunk, chunks, [with_findings] * len(chunks)):
            done += 1
            yield from rows
    except BrokenProcessPool:
        pool.shutdown(wait=False, cancel_futures=True)
        for chunk in chunks[done:]:
            yield from _check_chunk(chunk, with_findings)
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


def _warm() -> None:
    """Import the core and read the forms before forking, so no worker repeats it."""
    import core.evaluate  # noqa: F401
    from core.form import installed_forms

    installed_forms()


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
        "budget_total": decimal_str(budget),
        "executed": decimal_str(executed),
    }
