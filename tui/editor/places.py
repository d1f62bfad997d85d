"""Where the clerk left off in each report: the section and the field, per report file.

Kept in the user's data folder ($XDG_DATA_HOME/jixiao/places.json), never in the report
file, which holds only what the clerk typed. A place that no longer fits the report
(a section the form lost, a row since deleted) falls back to the section, then to the start.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any, NamedTuple

from tui.editor.session import user_data_dir

__all__ = ["Place", "load_place", "save_place", "places_file"]

KEEP = 200  # reports remembered; the oldest are forgotten first


class Place(NamedTuple):
    section: str
    field: str | None = None


def places_file() -> Path:
    return user_data_dir() / "places.json"


def _key(report: Path) -> str:
    try:
        return str(report.resolve())
    except OSError:
        return str(report)


def _read() -> dict[str, Any]:
    try:
        data = json.loads(places_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load_place(report: Path) -> Place | None:
    entry = _read().get(_key(report))
    if not isinstance(entry, dict) or not isinstance(entry.get("section"), str):
        return None
    field = entry.get("field")
    return Place(entry["section"], field if isinstance(field, str) else None)


def save_place(report: Path, place: Place) -> None:
    """Remember the place; a folder that cannot be written is not an error worth telling."""
    data = _read()
    data[_key(report)] = {"section": place.section, "field": place.field, "time": time.time()}
    if len(data) > KEEP:
        oldest = sorted(data, key=lambda k: data[k].get("time", 0) if isinstance(data[k], dict) else 0)
        for key in oldest[: len(data) - KEEP]:
            del data[key]
    target = places_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        pass
