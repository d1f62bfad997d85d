"""Dotted keys into a report's nested tables: `section.field`, `list.rows[0].column`.

Findings, the TUI and the exports all name a field this way (report-schema.md,
"Finding paths"), so one small parser serves them all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

_PART = re.compile(r"([^.\[\]]+)((?:\[\d+\])*)")
_INDEX = re.compile(r"\[(\d+)\]")

Segment = str | int


def split_path(path: str) -> list[Segment]:
    """`a.b[2].c` → ["a", "b", 2, "c"]."""
    if not path:
        return []
    if "[" not in path and "]" not in path:  # the common case, without a regex
        parts: list[Segment] = list(path.split("."))
        if "" in parts:
            raise ValueError(f"bad path {path!r}")
        return parts
    segments: list[Segment] = []
    for piece in path.split("."):
        match = _PART.fullmatch(piece)
        if not match:
            raise ValueError(f"bad path {path!r}")
        segments.append(match.group(1))
        for index in _INDEX.findall(match.group(2)):
            segments.append(int(index))
    return segments


# A path's segments, kept: evaluate() reads the same few hundred paths of the form on
# every call. Keyed by the text alone, so never stale; bounded, so 100,000 row paths
# (`list[12345].col`) cannot grow it without end.
_SEGMENTS: dict[str, tuple[Segment, ...]] = {}
_SEGMENTS_MAX = 65536


def _segments(path: str) -> tuple[Segment, ...]:
    found = _SEGMENTS.get(path)
    if found is None:
        found = tuple(split_path(path))
        if len(_SEGMENTS) < _SEGMENTS_MAX:
            _SEGMENTS[path] = found
    return found


def get_path(data: Any, path: str | list[Segment]) -> Any:
    """The value at path, or None when any step is missing."""
    node = data
    segments: Sequence[Segment]
    if isinstance(path, str):
        segments = _SEGMENTS.get(path) or _segments(path)
        if "[" not in path:  # every step a key (a path that parsed has an index only after a "[")
            for segment in segments:
                if not isinstance(node, dict):
                    return None
                node = node.get(segment)  # a key held as None reads as a missing one, as below
                if node is None:
                    return None
            return node
    else:
        segments = path
    for segment in segments:
        if isinstance(segment, int):
            if not isinstance(node, list) or segment >= len(node):
                return None
            node = node[segment]
        elif isinstance(node, dict):
            node = node.get(segment)  # a key held as None reads as a missing one, as it always did
            if node is None:
                return None
        else:
            return None
    return node


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Set the value at path, creating tables on the way; None or "" removes the key."""
    segments = split_path(path)
    if value is None or value == "" or value == []:
        delete_path(data, path)
        return
    node: Any = data
    for segment, following in zip(segments, segments[1:], strict=False):
        if isinstance(segment, int):
            node = node[segment]
            continue
        if segment not in node or not isinstance(node[segment], (dict, list)):
            node[segment] = [] if isinstance(following, int) else {}
        node = node[segment]
    last = segments[-1]
    if isinstance(last, int):
        node[last] = value
    else:
        node[last] = value


def delete_path(data: dict[str, Any], path: str) -> None:
    """Remove the key at path and any table the removal leaves empty."""
    segments = split_path(path)
    trail: list[tuple[Any, Segment]] = []
    node: Any = data
    for segment in segments[:-1]:
        child = get_path(node, [segment])
        if child is None:
            return
        trail.append((node, segment))
        node = child
    last = segments[-1]
    if isinstance(node, dict) and isinstance(last, str):
        node.pop(last, None)
    elif isinstance(node, list) and isinstance(last, int) and last < len(node):
        node.pop(last)
    for parent, segment in reversed(trail):
        child = parent[segment]
        if isinstance(child, dict) and not child and isinstance(parent, dict):
            del parent[segment]
        else:
            break
