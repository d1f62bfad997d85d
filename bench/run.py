"""`make bench`: run every bench/bench_*.py in turn; each prints its own figures.

`make bench-big` (bench/bench_exports.py --big-only): issue 13's three figures on 100,000
indicator rows against their targets. Arguments naming no option pick the scripts to run."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    sys.path.insert(0, str(HERE.parent))
    only = [arg for arg in sys.argv[1:] if not arg.startswith("--") and not arg.isdigit()]  # options reach the scripts
    for script in sorted(HERE.glob("bench_*.py")):
        if only and not any(name in script.stem for name in only):
            continue
        print(f"== {script.stem}", flush=True)
        runpy.run_path(str(script), run_name="__main__")
        print(flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
