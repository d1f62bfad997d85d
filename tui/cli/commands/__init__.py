"""The commands, in the order `jixiao --help` lists them.

Each module has `add_parser(subparsers)` and `run(args) -> int`; importing them is
cheap (their heavy imports happen inside `run`), so the parser knows every command.
"""

from __future__ import annotations

COMMAND_MODULES = ("new", "edit", "check", "score", "show", "export", "importer", "batch", "diff", "form")

__all__ = ["COMMAND_MODULES"]
