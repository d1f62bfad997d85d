"""Refuse absurdly nested TOML before tomllib parses it.

A report nests 5 levels at most, but a few hostile kilobytes break the parser or the
program after it: `x = [[[[…]]]]` or `x = {a={a={…}}}` 500 deep make tomllib recurse
into a RecursionError; `[a.b.c.…]` of 3,000 parts parses, then every recursive walk of
the result (deepcopy, the writer, the checks) dies; `a.b.c.….=1` of 40,000 parts makes
tomllib keep every prefix of the key, memory growing with the square (4 GB from 97 KB).

`scan` reads the text once, in linear time, skipping strings (all four kinds, with
escapes) and comments, so brackets, dots and quotes in them never count; a quoted key
(`"a.b" = 1`) is one part. It is no validator: on text it cannot make sense of (which
tomllib refuses at that very place) it returns quietly. Depth counts containers below
the document: header parts, extra parts of dotted keys, arrays, inline tables. It cannot
know that an earlier `[[a]]` made `a` an array (a level more), so data may be up to
`max_key_parts` deeper than `max_depth`: 48 with the defaults, far below the recursion
limit. Give it the text tomllib gets (a BOM is allowed). Newlines and comments inside
inline tables (TOML 1.1, a later tomllib) are followed, not taken as the end.
"""

from __future__ import annotations

import functools
import re
import sys

__all__ = ["TomlTooDeep", "scan"]



def _compile(pattern: str) -> re.Pattern[str]:
    """Possessive quantifiers keep the scan fast, but Python before 3.11.5 matches some
    of them wrongly (gh-106052; Debian 12 ships 3.11.2): there they become greedy ones.
    Every pattern here has one way to match each character, so both forms find the same."""
    if sys.version_info < (3, 11, 5):
        pattern = pattern.replace("++", "+").replace("*+", "*").replace("}+", "}")
    return re.compile(pattern)


# One-line strings, never the start of a multi-line one (`""` then `"`); written as
# unrolled loops (a run of plain characters between escapes), so a string never closed
# fails in linear time with or without possessive quantifiers.
_STRING = r'(?!""")"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"|(?!\'\'\')\'[^\'\n]*+\''


@functools.cache
def _strings() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(one-line, multi-line basic, trailing quotes): compiled when a key or a value outside
    an array first holds a string, which a report's simple lines never need."""
    return (_compile(_STRING), _compile(r'"""[^"\\]*+(?:(?:\\[\s\S]|"{1,2}(?!"))[^"\\]*+)*+"{3,5}'),
            _compile(r"'{0,2}"))


_VALUE_STOP = _compile(r"[\"'#\[\]{},\n]")
_KEY_STOP = _compile(r"[\"'.=\n\[\]{},#]")
_SPACE = _compile(r"[ \t\r\n]*+")
_KEY_PART = rf"(?:[A-Za-z0-9_-]++|{_STRING})"  # fast paths (C): a few steps per header
_SIMPLE_HEADER = _compile(  # [a.b] or [[a.b]] of bare keys, alone on its line
    r"(\[\[?)[ \t]*+([A-Za-z0-9_-]++(?:[ \t]*+\.[ \t]*+[A-Za-z0-9_-]++)*+)[ \t]*+\]\]?"
    r"[ \t]*+(?:#[^\n]*+)?\r?\n"
)
# Between an array's values: blanks, newlines, commas, comments, scalars, strings.
_ARRAY_BODY = _compile(rf"(?:[ \t\r\n,]++|#[^\n]*+|{_STRING}|[^\[\]{{}}\"'#,\n \t]++)*+")
# An inline table of one-part keys and scalar or one-line string values (`{name="n1",weight=1}`):
# one level below the array that holds it, nothing nested; a long list of them is one match.
_FLAT_TABLE = (rf"\{{[ \t]*+(?:(?:[A-Za-z0-9_-]++|{_STRING})[ \t]*+=[ \t]*+(?:{_STRING}|[^\[\]{{}}\"'#,\n]++)"
               rf"[ \t]*+(?:,[ \t]*+|(?=\}})))*+\}}")


@functools.cache
def _array_tables() -> re.Pattern[str]:
    """Compiled when an array first holds a table (a millisecond most files never pay)."""
    return _compile(rf"(?:[ \t\r\n,]++|#[^\n]*+|{_STRING}|{_FLAT_TABLE}|[^\[\]{{}}\"'#,\n \t]++)*+")


_LINE, _KEY, _VALUE = 0, 1, 2
# The fast path takes keys of at most this many dots (a report's have two or three): one
# pattern for every table depth, compiled once, where a limit of its own per depth cost a
# millisecond a depth at start-up. A longer key takes the exact slow path, so nothing changes.
_FAST_KEY_DOTS = 8


@functools.lru_cache(maxsize=64)
def _simple_lines(dots: int) -> re.Pattern[str]:
    """Runs of lines that cannot nest: blank, comment, `key = scalar or string` with a
    key of at most `dots` dots (so within the limits: a longer one takes the slow path)."""
    key = rf"{_KEY_PART}(?:[ \t]*+\.[ \t]*+{_KEY_PART}){{0,{dots}}}+"
    return _compile(rf"(?:[ \t]*+(?:{key}[ \t]*+=[ \t]*+(?:{_STRING}|[^\[\]{{}}\"'#\n]*+)"
                      rf"[ \t]*+)?(?:#[^\n]*+)?\r?\n)*+")


class TomlTooDeep(ValueError):
    """Nesting no report has; `.line` and `.column` (1-based) say where, the message
    (`第 3 行第 12 列：数组嵌套超过 24 层，不是报告文件`) what. Prefix the file name."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message, line, column)  # all three in args, so it pickles
        self.message, self.line, self.column = message, line, column

    def __str__(self) -> str:
        return self.message


def _refuse(text: str, pos: int, what: str) -> TomlTooDeep:
    pos = _compile(r"[ \t]*+").match(text, pos).end()  # type: ignore[union-attr]  # always matches; refusals only
    line = text.count("\n", 0, pos) + 1
    column = pos - text.rfind("\n", 0, pos)
    if line == 1 and text.startswith("\ufeff"):
        column -= 1  # tomllib gets the text without its BOM
    return TomlTooDeep(f"第 {line} 行第 {column} 列：{what}，不是报告文件", line, column)


def _string_end(text: str, pos: int) -> int:
    """Where the string starting at `pos` ends, or -1 if it never does."""
    one_line, ml_basic, quotes = _strings()
    if text.startswith("'''", pos):
        end = text.find("'''", pos + 3)
        return -1 if end < 0 else quotes.match(text, end + 3).end()  # type: ignore[union-attr]
    match = (ml_basic if text.startswith('"""', pos) else one_line).match(text, pos)
    return match.end() if match else -1


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end + 1


def scan(text: str, *, max_depth: int = 24, max_key_parts: int = 24,
         max_array_depth: int = 24) -> None:
    """Raise TomlTooDeep if `text` nests deeper or has longer keys than the limits."""
    if min(max_depth, max_key_parts, max_array_depth) < 1:
        raise ValueError("scan: every limit must be at least 1")
    n = len(text)
    pos = 1 if text.startswith("\ufeff") else 0
    frames: list[int] = []  # open containers by depth: arrays +depth, inline tables -depth
    arrays = table_depth = value_base = 0  # value_base: depth the current key's value is at
    key_start = parts = header = 0
    mode = _LINE
    while pos < n:
        if mode == _LINE:
            simple_lines = _simple_lines(min(_FAST_KEY_DOTS, max_key_parts - 1, max_depth - table_depth))
            pos = simple_lines.match(text, pos).end()  # type: ignore[union-attr]
            pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
            if pos >= n:
                return
            if text[pos] == "#":
                pos = _line_end(text, pos)
                continue
            header = 2 if text.startswith("[[", pos) else 1 if text[pos] == "[" else 0
            simple = _SIMPLE_HEADER.match(text, pos) if header else None
            if simple and (parts := simple.group(2).count(".") + 1) <= max_key_parts:
                table_depth = value_base = parts + header - 1
                if table_depth > max_depth:
                    raise _refuse(text, pos, f"表格嵌套超过 {max_depth} 层")
                pos = simple.end()
                continue
            key_start, parts, mode = pos, 1, _KEY
            pos += header
            continue
        if mode == _KEY:
            stop = _KEY_STOP.search(text, pos)
            if stop is None:
                return
            pos = stop.start()
            char = text[pos]
            if char == ".":
                parts += 1
                if parts > max_key_parts:
                    kind = "表头" if header else "键名"
                    raise _refuse(text, key_start, f"{kind}超过 {max_key_parts} 段（以“.”分隔）")
                pos += 1
            elif char in "\"'":
                pos = _string_end(text, pos)
                if pos < 0:
                    return
            elif header:
                if char != "]":
                    return
                table_depth = value_base = parts + header - 1
                if table_depth > max_depth:
                    raise _refuse(text, key_start, f"表格嵌套超过 {max_depth} 层")
                pos += header if text.startswith("]]", pos) else 1
                header, mode = 0, _VALUE  # the rest of the line: a comment at most
            elif char == "=":
                value_base = (-frames[-1] if frames else table_depth) + parts - 1
                if value_base > max_depth:
                    raise _refuse(text, key_start, f"表格嵌套超过 {max_depth} 层")
                pos += 1
                mode = _VALUE
            elif char in "\n#" and frames:  # between an inline table's keys (TOML 1.1)
                pos = _line_end(text, pos) if char == "#" else pos + 1
            elif char == "}" and frames:
                frames.pop()  # `{}`, or `{a = 1,}`
                pos += 1
                mode = _VALUE
            else:
                return  # a key cut short: tomllib says where
            continue
        char = text[pos]
        if frames and frames[-1] > 0 and (char not in "[]{}," or char == "{" and frames[-1] < max_depth):
            # in an array: scalars and strings, and a long list of flat inline tables when they
            # are within the depth limit (a table is a level below its array), in one match
            body = _array_tables() if char == "{" else _ARRAY_BODY
            end = body.match(text, pos).end()  # type: ignore[union-attr]
            if end > pos:
                pos = end
                continue
        if char not in "[]{},":
            stop = _VALUE_STOP.search(text, pos)
            if stop is None:
                return
            pos = stop.start()
            char = text[pos]
            if char in "\"'":
                pos = _string_end(text, pos)
                if pos < 0:
                    return
                continue
        pos += 1
        if char in "\n#":
            if char == "#":
                pos = _line_end(text, pos)
            if not frames:
                mode = _LINE
        elif char == "[" or char == "{":
            base = frames[-1] if frames and frames[-1] > 0 else value_base
            if char == "[":
                arrays += 1
                if arrays > max_array_depth:
                    raise _refuse(text, pos - 1, f"数组嵌套超过 {max_array_depth} 层")
                frames.append(base + 1)
            else:
                frames.append(-base - 1)
                key_start, parts, mode = pos, 1, _KEY
            if base + 1 > max_depth:
                kind = "表格与数组" if char == "[" else "表格"
                raise _refuse(text, pos - 1, f"{kind}嵌套超过 {max_depth} 层")
        elif char == "]" or char == "}":
            if not frames or (frames[-1] > 0) != (char == "]"):
                return
            arrays -= frames.pop() > 0
        elif frames and frames[-1] < 0:  # a comma between an inline table's keys
            key_start, parts, mode = pos, 1, _KEY
