"""Import timings: a department's Word report and a hand-filled workbook read through the form,
and `jixiao batch` over 200 mixed files (Word, workbooks, data files, some broken).

Targets (issue 12): a Word report under 150 ms per file. Medians after a warm-up run
(which pays for importing python-docx/openpyxl and laying out the form once per
process). The batch is the real command line in a subprocess, start-up included.
Figures only; the tests check correctness.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUNS = 15
MIXED = 200


def median_ms(action: Callable[[], object], runs: int = RUNS, clock: Callable[[], float] = time.perf_counter) -> float:
    action()
    times = []
    for _ in range(runs):
        start = clock()
        action()
        times.append((clock() - start) * 1000)
    return statistics.median(times)


def _load() -> str:
    """The machine's load, printed beside the figures: on a shared machine the wall
    times grow with it, the CPU times much less."""
    try:
        return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    except OSError:
        return f"{os.cpu_count()} CPUs"


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    from exports.docx.read import read_docx
    from exports.xlsx.template_read import read_template
    from tests.helpers import seed_docx, seed_xlsx
    from tests.helpers.mixed_batch import write_mixed

    with tempfile.TemporaryDirectory(prefix="jixiao-bench-import-") as tmp:
        folder = Path(tmp)
        word = folder / "report.docx"
        word.write_bytes(seed_docx.build("faithful"))
        book = folder / "template.xlsx"
        book.write_bytes(seed_xlsx.build("faithful"))
        print(_load())
        print(f"{'docx import (check + read + evaluate)':42s} median {median_ms(lambda: read_docx(word)):7.1f} ms "
              f"over {RUNS} runs (target < 150 ms)")
        cpu = median_ms(lambda: read_docx(word), clock=time.process_time)
        print(f"{'docx import, CPU time of this process':42s} median {cpu:7.1f} ms")
        print(f"{'hand-filled xlsx import':42s} median {median_ms(lambda: read_template(book)):7.1f} ms "
              f"over {RUNS} runs")
        mixed = folder / "mixed"
        expected = write_mixed(mixed, MIXED, seed=7)
        start, cpu_start = time.perf_counter(), _children_cpu()
        done = subprocess.run([sys.executable, "-m", "tui.cli", "batch", str(mixed), "--json"], cwd=ROOT,
                              capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        print(_load())
        print(f"batch CPU time (process and workers): {_children_cpu() - cpu_start:.2f} s")
        counts = ", ".join(f"{kind} {n}" for kind, n in sorted(expected.kinds.items()))
        print(f"batch --json over {MIXED} mixed files ({counts}; {expected.unreadable} broken): "
              f"{elapsed:.2f} s, {elapsed / MIXED * 1000:.1f} ms per file, exit {done.returncode}")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "tui.cli", "batch", str(mixed), "--json", "--jobs", "1"], cwd=ROOT,
                       capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        print(f"batch --json --jobs 1 (one core): {elapsed:.2f} s, {elapsed / MIXED * 1000:.1f} ms per file")


if __name__ == "__main__":
    main()
