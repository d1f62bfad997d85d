"""`jixiao batch` over 1,000 generated reports (about a tenth broken), summary workbook included.

Targets from issue 5: under 5 s for the 1,000 on the 2-core machine, under 300 MB
peak. Prints figures only; no assertion (tests check correctness, this checks cost).
The run is the real command line in a subprocess, start-up included, because that is
what a bureau's script pays. Peak memory is given two ways: the largest single
process (getrusage RUSAGE_CHILDREN maxrss) and the sampled sum of RSS over the
process tree (parent + workers; shared pages counted twice, so an upper bound).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.generate_reports import write_reports  # noqa: E402

COUNT = 1000


def _tree_rss_kb(pid: int) -> int:
    """RSS of a process and its children, from /proc (Linux); 0 where unavailable."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(child) for child in children]
    except OSError:
        pass
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def _run(args: list[str]) -> tuple[float, int, int]:
    """Wall seconds, exit code and the sampled peak RSS sum (KB) of one CLI run."""
    peak = 0
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "tui.cli", *args], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(process.pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    return elapsed, code, peak


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        folder = Path(tmp) / "reports"
        started = time.perf_counter()
        written = write_reports(folder, COUNT, seed=5)
        size = sum(path.stat().st_size for path, _ in written)
        print(f"generated {COUNT} reports ({size / 1024 / 1024:.1f} MB, "
              f"{sum(not g.readable for _, g in written)} unreadable) in {time.perf_counter() - started:.2f} s")
        summary = Path(tmp) / "summary.xlsx"
        elapsed, code, peak = _run(["batch", str(folder), "--json", "--summary", str(summary)])
        largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f"cores: {os.cpu_count()}")
        print(f"batch --json --summary: {elapsed:.2f} s total, {elapsed / COUNT * 1000:.2f} ms per report, "
              f"exit {code} (target < 5 s)")
        print(f"peak memory: largest process {largest / 1024:.0f} MB; process tree sum {peak / 1024:.0f} MB "
              f"(target < 300 MB)")
        print(f"summary workbook: {summary.stat().st_size / 1024:.0f} KB")
        elapsed, code, _ = _run(["batch", str(folder), "--json"])
        print(f"batch --json (no workbook): {elapsed:.2f} s")
        elapsed, code, _ = _run(["batch", str(folder), "--json", "--jobs", "1"])
        print(f"batch --json --jobs 1 (one core): {elapsed:.2f} s, {elapsed / COUNT * 1000:.2f} ms per report")


if __name__ == "__main__":
    main()
