"""Runs jixiao commands one after another in this process and reports each as JSON.

tests/hardening/test_hostile_corpus.py starts one of these per hostile case, under
`resource` limits (address space, CPU time) and a wall-clock timeout, so a case that
hangs or blows up memory fails its test instead of the machine. Each command gets its
own alarm; its exit status, what it printed and how long it took are written to the
results file. Usage: python -m tests.hardening.hostile_driver commands.json results.json
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sys
import time
from typing import Any


class _Hung(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Hung


def main() -> int:
    from tui.cli.main import main as jixiao

    commands = json.loads(open(sys.argv[1], encoding="utf-8").read())
    results = []
    signal.signal(signal.SIGALRM, _alarm)
    for command in commands:
        out, err = io.StringIO(), io.StringIO()
        start = time.perf_counter()
        signal.alarm(int(command["seconds"]))
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code: Any = jixiao(command["argv"])
        except _Hung:
            code = "hung"
        except BaseException as exc:  # noqa: BLE001 - the test reports whatever escaped
            code = f"raised {type(exc).__name__}: {exc}"
        finally:
            signal.alarm(0)
        results.append({"argv": command["argv"], "code": code, "stdout": out.getvalue(), "stderr": err.getvalue(),
                        "seconds": time.perf_counter() - start})
    with open(sys.argv[2], "w", encoding="utf-8") as handle:
        json.dump(results, handle, ensure_ascii=False)
    os._exit(0)  # no atexit work: a pool or a thread left behind must not hold the test


if __name__ == "__main__":
    sys.exit(main())
