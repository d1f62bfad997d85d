"""The commands, in the order `jixiao --help` lists them.

Each module has `add_parser(subparsers)` and `run(args) -> int`; importing them is
cheap (their heavy imports happen inside `run`), so the parser knows every command.
"""

from __future__ import annotations

COMMAND_MODULES = ("new", "edit", "check", "score", "show", "export", "importer", "batch", "diff", "form")

# The word a user types → the module whose add_parser registers it, so a run builds only
# its own command's parser (tests/cli/test_commands.py keeps this equal to the parser's).
COMMAND_OF_WORD = {"new": "new", "edit": "edit", "demo": "edit", "check": "check", "score": "score", "show": "show",
                   "export": "export", "import": "importer", "batch": "batch", "diff": "diff", "form": "form"}

__all__ = ["COMMAND_MODULES", "COMMAND_OF_WORD"]
