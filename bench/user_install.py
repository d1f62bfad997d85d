"""The environment a bench's child process runs in: as a user's install runs, not as the
development shell does.

A user's install writes .pyc files, so their `jixiao` never recompiles a module at start;
the development environment sets PYTHONDONTWRITEBYTECODE, under which every changed
module would be recompiled on every run and start-up figures would be inflated. So the
package is compiled once and the children run without that variable.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "tui", "exports", "forms")


def user_env() -> dict[str, str]:
    """os.environ without PYTHONDONTWRITEBYTECODE, after a compileall of the package."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", *PACKAGES], cwd=ROOT, env=env, check=False,
                   stdout=subprocess.DEVNULL)
    return env
