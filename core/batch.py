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

__all__ = ["BatchRow", "collect_files", "check_file", "check_files", "summarise", "printable", "PARALLEL_FROM"]

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


def collect_files(paths: Sequence[str]) -> list[Path]:
    """Files named, and every *.toml below folders named, in path order, each once.

    A missing path is returned as itself so the caller can refuse the run (exit 2)
    before any work; the check for it lives in the command.
    """
    seen: set[str] = set()
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            below = [p for p in path.rglob("*.toml") if p.is_file()]
            candidates = sorted(below, key=lambda p: p.as_posix())
        else:
            candidates = [path]
        for candidate in candidates:
            key = os.path.normpath(candidate.as_posix())
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found


def printable(text: str) -> str:
    """A name or message safe to print and to write as UTF-8 JSON.

    A file name that is not UTF-8 reaches Python as lone surrogates, which a strict
    stdout or the workbook's XML writer refuse; they are shown as U+FFFD instead.
    """
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


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
    except (OSError, MemoryError, RecursionError, ValueError) as exc:
        return _unreadable(file, f"{file}：无法读取（{type(exc).__name__}: {exc}）")
    try:
        evaluation = evaluate(report)
    except Exception as exc:  # a core bug must not sink the other 999 reports
        return _unreadable(file, f"{file}：检查时出错（程序缺陷，请报告）：{type(exc).__name__}: {exc}")
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


def _check_chunk(files: list[str], with_findings: bool) -> list[BatchRow]:
    return [check_file(file, with_findings) for file in files]


def check_files(files: Sequence[str], with_findings: bool = False,
                workers: int | None = None) -> Iterator[BatchRow]:
    """Rows in path order; many files are spread over every core in chunks.

    Chunks (not single files) keep the inter-process traffic to a few dozen messages;
    results are yielded in input order as they complete, so a progress bar can follow.
    """
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(files) < PARALLEL_FROM:
        for file in files:
            yield check_file(file, with_findings)
        return
    _warm()
    size = max(8, min(64, len(files) // (workers * 4) or 1))
    chunks = [list(files[i:i + size]) for i in range(0, len(files), size)]
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_quiet_worker)
    try:
        for rows in pool.map(_check_chunk, chunks, [with_findings] * len(chunks)):
            yield from rows
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
