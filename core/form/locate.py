"""Where a key of a form file is written: its line, for messages that send the author there.

tomllib gives values, not positions. A form's mistakes must be reported with the line
(`forms/x.toml 第 412 行：checks[3].total …`), so this reads the text once, line by
line, tracking table headers (`[fields."a.b"]`, `[[checks]]` counted per array)
and the keys under them, and finds a dotted address such as
`checks[3].total` or `tables[0].rows[5].cells[1].field` (an inline array of inline
tables is searched element by element). It is a locator, not a parser: when it cannot
place a key it gives the line of the nearest enclosing table.
"""

from __future__ import annotations

import re

__all__ = ["Address", "locate"]

Address = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r'^\s*("(?:[^"\\]|\\.)*"|[A-Za-z0-9_\-]+)\s*=')


def _parts(header: str) -> list[str]:
    out, current, quoted = [], "", False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif ch == "." and not quoted:
            out.append(current.strip())
            current = ""
        else:
            current += ch
    out.append(current.strip())
    return out


def _blocks(lines: list[str]) -> list[tuple[Address, int]]:
    """(address, first line) of every table header, array headers numbered."""
    counts: dict[tuple[str, ...], int] = {}
    blocks: list[tuple[Address, int]] = [((), 1)]
    parents: dict[tuple[str, ...], Address] = {}
    for number, line in enumerate(lines, 1):
        match = _HEADER.match(line)
        if not match or line.lstrip().startswith("#"):
            continue
        is_array, names = match.group(1) == "[[", _parts(match.group(2))
        address: list[str | int] = []
        for depth, name in enumerate(names):
            prefix = tuple(names[: depth + 1])
            address.append(name)
            if depth < len(names) - 1 and prefix in parents:
                address = list(parents[prefix])
        key = tuple(names)
        if is_array:
            index = counts.get(key, 0)
            counts[key] = index + 1
            for deeper in [k for k in counts if len(k) > len(key) and k[: len(key)] == key]:
                counts.pop(deeper)
            address.append(index)
        parents[key] = tuple(address)
        blocks.append((tuple(address), number))
    return blocks


def _element_line(lines: list[str], start: int, index: int) -> int | None:
    """The line where the `index`-th `{…}` of an inline array opening on line `start` begins."""
    depth, seen, in_string = 0, -1, False
    for number in range(start, min(len(lines), start + 2000) + 1):
        line = lines[number - 1]
        begin = line.index("=") + 1 if number == start and "=" in line else 0
        for ch in line[begin:]:
            if ch == '"':
                in_string = not in_string
            if in_string:
                continue
            if ch == "{":
                depth += 1
                if depth == 1:
                    seen += 1
                    if seen == index:
                        return number
            elif ch == "}":
                depth -= 1
            elif ch == "]" and depth == 0 and number > start:
                return None
    return None


def locate(text: str, address: Address) -> int:
    """The 1-based line of `address` in the form's text (best effort, never raises)."""
    lines = text.splitlines()
    best, line = 0, 1
    for block, number in _blocks(lines):
        if len(block) <= len(address) and tuple(address[: len(block)]) == block and len(block) >= best:
            best, line = len(block), number
    rest = list(address[best:])
    if not rest:
        return line
    key = rest[0]
    end = next((n for b, n in _blocks(lines) if n > line), len(lines) + 1)
    found = None
    for number in range(line, end):
        match = _KEY.match(lines[number - 1])
        if match and match.group(1).strip('"') == str(key):
            found = number
            break
    if found is None:
        return line
    if len(rest) >= 2 and isinstance(rest[1], int):
        element = _element_line(lines, found, rest[1])
        if element is not None:
            found = element
            if len(rest) >= 3:
                for number in range(element, min(end, element + 40)):
                    if re.search(rf'(?:^|[{{,\s]){re.escape(str(rest[2]))}\s*=', lines[number - 1]):
                        return number
    return found
