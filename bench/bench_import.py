"""Import timings: a department's Word report and a hand-filled workbook read through the form,
and `jixiao batch` over 200 mixed files (Word, workbooks, data files, some broken).

Targets (issue 12): a Word report under 150 ms per file. Medians after a warm-up run
(which pays for importing python-docx/openpyxl and laying out the form once per
process). The batch is the real command line in a subprocess, start-up included.
Figures only; the tests check correctness.
"""

from __future__ import annotations

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


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


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
        print(f"{'docx import (check + read + evaluate)':42s} median {median_ms(lambda: read_docx(word)):7.1f} ms "
              f"over {RUNS} runs (target < 150 ms)")
        print(f"{'hand-filled xlsx import':42s} median {median_ms(lambda: read_template(book)):7.1f} ms "
              f"over {RUNS} runs")
        mixed = folder / "mixed"
        expected = write_mixed(mixed, MIXED, seed=7)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "tui.cli", "batch", str(mixed), "--json"], cwd=ROOT,
                              capture_output=True, text=True)
        elapsed = time.perf_counter() - start
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
