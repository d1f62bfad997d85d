"""What several commands share: loading a report as a command does, printing JSON, --verbose.

Kept free of rich and of any heavy import, so `jixiao check --json` pays for neither.
"""

from __future__ import annotations

import functools
import re
import sys
from typing import Any

from tui.cli.exits import CannotRun

__all__ = ["load_report", "print_json", "json_text", "add_verbose", "refusal", "say"]

# Characters a JSON writer may leave raw (ensure_ascii=False escapes only C0) that a
# terminal acts on or a strict UTF-8 stdout refuses: C1 controls, DEL, bidi controls,
# line separators, lone surrogates (a file name that is not UTF-8). Written as \uXXXX
# escapes they are the same JSON strings, and inert.
@functools.cache
def _json_unsafe() -> re.Pattern[str]:
    """Compiled for the first JSON written: commands that write none (`show`) never pay it."""
    return re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


def add_verbose(parser: Any) -> None:
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="同时显示检查的内部编号和数据文件中的键名，便于排查")


def refusal(exc: Exception) -> CannotRun:
    """CannotRun from a refusal (ReportError, WorkbookRefused …) with its verbose form."""
    verbose = getattr(exc, "verbose", None)
    return CannotRun(str(exc), verbose() if callable(verbose) else None)


def load_report(path: str) -> Any:
    """The report at `path`, or CannotRun with the Chinese reason it cannot be read."""
    from core.report import ReportError
    from core.storage import load

    try:
        return load(path)
    except ReportError as exc:
        raise refusal(exc) from None


def json_text(payload: Any) -> str:
    text = _indented(payload)
    return _json_unsafe().sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class _Unusual(Exception):
    """A value the fast writer leaves to json.dumps (a float, a key that is not text …)."""


try:  # the C function json.dumps(ensure_ascii=False) uses, without importing all of json
    from _json import encode_basestring as _ENCODE
except ImportError:  # a Python without the C accelerator
    from json.encoder import encode_basestring as _ENCODE


def _indented(payload: Any) -> str:
    """json.dumps(payload, ensure_ascii=False, indent=2), character for character.

    The standard library writes indented JSON in Python, a call per value: 100,000 findings
    took seconds. Here each value is one append; anything but text, whole numbers, booleans,
    null, lists and tables with text keys goes to json.dumps as before.
    """
    out: list[str] = []
    try:
        _write(payload, "\n", out)
    except _Unusual:
        import json

        return json.dumps(payload, ensure_ascii=False, indent=2)
    return "".join(out)


def _write(value: Any, newline: str, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(_ENCODE(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            out.append(separator)
            separator = "," + inner
            _write(item, inner, out)
        out.append(newline + "]")
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Unusual
            out.append(separator + _ENCODE(key) + ": ")
            separator = "," + inner
            _write(item, inner, out)
        out.append(newline + "}")
    else:
        raise _Unusual


def print_json(payload: Any) -> None:
    sys.stdout.write(json_text(payload) + "\n")


def say(message: str) -> None:
    """A line for the user on stderr, made inert (it may hold file names and cell text)."""
    from core.visible import visible

    sys.stderr.write(visible(message) + "\n")
