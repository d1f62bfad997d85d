"""Export and import timings on the reference report (medians; figures only, no assertions).

Targets: xlsx export under 200 ms, docx under 300 ms, import under 300 ms; `jixiao show`
start to exit within 1.5× `jixiao check --json`. The first run is a warm-up (it pays
for `import openpyxl`, ~170 ms, once per process). With `--big`, also a report of
100,000 indicator rows made on the fly: `check --json` (target under 5 s), `show` and the
xlsx export (targets under 20 s), with CPU time and peak RSS; `--big-only` skips the rest.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from user_install import user_env

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "forms" / "sample-junshan-ccpit-2024.toml"
RUNS = 15
ENV = user_env()  # children run as a user's install does (.pyc written)


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
    if "--big-only" in sys.argv:
        _big()
        return
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
        targets = {"xlsx export (evaluate + write)": 200, "xlsx import (checks + read + evaluate)": 300,
                   "docx export": 300}
        for name, value in figures.items():
            target = f" (target < {targets[name]} ms)" if name in targets else ""
            print(f"{name:42s} median {value:7.1f} ms over {RUNS} runs{target}")
        print(f"{'xlsx file size':42s} {book.stat().st_size / 1024:7.1f} KB")
    _show_against_check()
    if "--big" in sys.argv:
        _big()


def _wall(command: list[str]) -> float:
    import subprocess

    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def _show_against_check() -> None:
    show = [sys.executable, "-m", "tui.cli", "show", str(REFERENCE)]
    check = [sys.executable, "-m", "tui.cli", "check", str(REFERENCE), "--json"]
    _wall(show)
    shows, checks = [], []
    for _ in range(9):  # interleaved, so a busy machine slows both alike
        shows.append(_wall(show))
        checks.append(_wall(check))
    ratio = statistics.median(shows) / statistics.median(checks)
    print(f"{'show / check --json (start to exit)':42s} {statistics.median(shows) * 1000:7.1f} ms / "
          f"{statistics.median(checks) * 1000:.1f} ms = {ratio:.2f}x (target < 1.5x)")


def _measured(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MB) of a child process run to its end."""
    import os
    import subprocess

    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _big() -> None:
    """Issue 13's scale targets on 100,000 indicator rows: check --json under 5 s, show and
    the xlsx export under 20 s each; the median of `--big-runs N` runs (3 unless told), with
    the CPU time (a busy machine stretches the wall clock, less the CPU) and the peak RSS."""
    from tests.helpers.long_list import with_indicators

    rows = (f'{{level1="产出指标",level2="数量指标",name="n{i}",target="≥1",actual="1",weight=1,score=1}}'
            for i in range(100_000))
    runs = int(sys.argv[sys.argv.index("--big-runs") + 1]) if "--big-runs" in sys.argv else 3
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "big.toml"
        big.write_text(with_indicators(REFERENCE.read_text(encoding="utf-8"), rows), encoding="utf-8")
        print(f"{'100,000 indicator rows':42s} {big.stat().st_size / 1e6:7.1f} MB")
        for name, args, target in (
                ("check --json", ["check", str(big), "--json"], 5),
                ("show", ["show", str(big)], 20),
                ("xlsx export", ["export", str(big), "--to", str(Path(folder) / "b.xlsx"), "--quiet"], 20)):
            figures = [_measured([sys.executable, "-m", "tui.cli", *args]) for _ in range(runs)]
            wall, cpu, rss = (statistics.median(f[i] for f in figures) for i in range(3))
            verdict = "met" if wall < target else "NOT met"
            print(f"{'100,000 rows: ' + name:42s} {wall:7.1f} s wall, {cpu:5.1f} s CPU, peak RSS {rss:5.0f} MB"
                  f" (target < {target} s: {verdict}; median of {runs})", flush=True)


if __name__ == "__main__":
    main()
