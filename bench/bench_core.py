"""Core figures: `jixiao check --json` start-to-exit against the bare-TOML-load floor,
evaluate() per call, and check/score of 10,000 and 100,000 indicator rows (issue 13:
100,000 rows under 5 s, growing linearly). Medians of interleaved runs; prints figures,
asserts nothing. Children run as a user's install does (.pyc written, see user_install).
A 10-million-step Python loop is timed too, to say how fast the machine
was (about 0.4 s on a laptop of 2024)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from user_install import user_env

ROOT = Path(__file__).resolve().parent.parent
REF = ROOT / "forms" / "sample-junshan-ccpit-2024.toml"
RUNS = 15
ENV = user_env()


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
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
    print(f"ratio: {check / floor:.2f}x  (target: within 1.75x)")

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
    print(f"evaluate() per call: {statistics.median(per_call) * 1000:.3f} ms (median of 7 x 200 calls; target < 1 ms)")


def rows_report(count: int, folder: Path) -> Path:
    """The reference with `count` indicator rows instead of its 13, within the 10 MB cap:
    every row judged, one in ten with a target and an actual, none with a 二级 (so every
    row is also a finding: the worst case for the checks)."""
    import re

    text = REF.read_text(encoding="utf-8")
    start = text.index("[[self_eval.indicators]]")
    rest = re.search(r"\n(?=\[(?!\[self_eval\.indicators\]\]))", text[start:])
    head, tail = text[:start], (text[start + rest.start():] if rest else "")
    levels = ("产出指标", "效益指标", "满意度指标")
    rows = []
    for i in range(count):
        extra = f'target="≥{i % 9 + 1}个"\nactual="{i % 11}个"\n' if i % 10 == 0 else ""
        rows.append(f'[[self_eval.indicators]]\nlevel1="{levels[i % 3]}"\nname="n{i}"\n{extra}weight=1\nscore={i % 2}\n')
    out = folder / f"rows-{count}.toml"
    out.write_text(head + "".join(rows) + tail, encoding="utf-8")
    return out


def machine_speed() -> float:
    start = time.perf_counter()
    total = 0
    for step in range(10_000_000):
        total += step
    return time.perf_counter() - start


def scale() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        print(f"machine: 10M-step loop {machine_speed():.2f} s")
        for count in (10_000, 100_000):
            path = rows_report(count, Path(folder))
            size = path.stat().st_size / 1024 / 1024
            for command in ("check", "score"):
                seconds = wall([sys.executable, "-m", "tui.cli", command, str(path), "--json"])
                print(f"{command} --json, {count:>7,} rows ({size:.1f} MB): {seconds:6.2f} s"
                      + ("  (target: under 5 s)" if count == 100_000 else ""))
            from core.evaluate import evaluate
            from core.storage import load

            start = time.perf_counter()
            report = load(path)
            loaded = time.perf_counter()
            evaluate(report)
            print(f"  in-process: load {loaded - start:.2f} s, evaluate {time.perf_counter() - loaded:.2f} s")


if __name__ == "__main__":
    main()
    scale()
