"""Export and import timings on the reference report (medians; figures only, no assertions).

Targets (issue 4): xlsx export under 300 ms, import under 300 ms. The first run is a
warm-up (it pays for `import openpyxl`, ~170 ms, once per process).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "forms" / "sample-junshan-ccpit-2024.toml"
RUNS = 15


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from core.evaluate import evaluate
    from core.storage import load
    from exports import markdown
    from exports.docx import write as docx_export
    from exports.xlsx import write as xlsx
    from exports.xlsx.read import read_workbook

    report = load(REFERENCE)
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "ref.xlsx"
        figures = {
            "xlsx export (evaluate + write)": median_ms(
                lambda: xlsx.write(report, evaluate(report), report.spec, book)),
            "xlsx import (checks + read + evaluate)": median_ms(lambda: read_workbook(book)),
            "docx export": median_ms(lambda: docx_export.write(report, evaluate(report), report.spec,
                                                               Path(folder) / "ref.docx")),
            "markdown export": median_ms(lambda: markdown.write(report, evaluate(report), report.spec,
                                                                Path(folder) / "ref.md")),
        }
        for name, value in figures.items():
            target = " (target < 300 ms)" if name.startswith("xlsx") else ""
            print(f"{name:42s} median {value:7.1f} ms over {RUNS} runs{target}")
        print(f"{'xlsx file size':42s} {book.stat().st_size / 1024:7.1f} KB")


if __name__ == "__main__":
    main()
