"""Exit status of every command, and the one exception that means "cannot run".

0 no errors, 1 errors found, 2 cannot run (a file that cannot be read, a missing
file, bad arguments), 130 interrupted. Commands raise `CannotRun` at the edges; the
dispatcher in tui.cli.main turns it into the message and exit status 2, once.
"""

from __future__ import annotations

from typing import Any

__all__ = ["EXIT_OK", "EXIT_FINDINGS", "EXIT_CANNOT", "EXIT_INTERRUPTED", "CannotRun", "status"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_CANNOT = 2
EXIT_INTERRUPTED = 130


class CannotRun(Exception):
    """A reason the command cannot run at all (exit 2); the message is for the user.

    `verbose` is the same with what only a programmer needs (the data key, a parser's
    English words), printed with `--verbose`."""

    def __init__(self, message: str, verbose: str | None = None) -> None:
        super().__init__(message)
        self.verbose = verbose or message


def status(evaluation: Any) -> int:
    """1 when the report has errors, else 0: warnings never fail a run."""
    return EXIT_FINDINGS if evaluation.errors else EXIT_OK
