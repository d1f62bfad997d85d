"""Core figures: `jixiao check --json` start-to-exit against the bare-TOML-load floor,
and evaluate() per call. Medians of interleaved runs; prints figures, asserts nothing."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REF = ROOT / "forms" / "sample-junshan-ccpit-2024.toml"
RUNS = 15


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    floor_cmd = [sys.executable, "-c",
                 f"import tomllib, decimal; tomllib.load(open({str(REF)!r}, 'rb'), parse_float=decimal.Decimal)"]
    check_cmd = [sys.executable, "-m", "tui.cli", "check", str(REF), "--json"]
    floors, checks = [], []
    wall(check_cmd)  # warm the file cache and the .pyc files
    for _ in range(RUNS):
        floors.append(wall(floor_cmd))
        checks.append(wall(check_cmd))
    floor, check = statistics.median(floors), statistics.median(checks)
    print(f"floor (python + tomllib load of the reference): {floor * 1000:7.1f} ms (median of {RUNS})")
    print(f"jixiao check --json on the reference:            {check * 1000:7.1f} ms (median of {RUNS})")
    print(f"ratio: {check / floor:.2f}x  (target: within 2x)")

    sys.path.insert(0, str(ROOT))
    from core.evaluate import evaluate
    from core.storage import load

    report = load(REF)
    evaluate(report)
    per_call = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(200):
            evaluate(report)
        per_call.append((time.perf_counter() - start) / 200)
    print(f"evaluate() per call: {statistics.median(per_call) * 1000:.3f} ms (median of 7 x 200 calls; target < 2 ms)")


if __name__ == "__main__":
    main()
