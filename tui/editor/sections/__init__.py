"""Section views, one module per section kind, found by the kind's name.

A form's section says its `kind` (fields, text, records, indicators, assessment …); the
view for it is the class registered by the module `tui.editor.sections.<kind>`, imported
the first time a section of that kind is shown, so a new kind is one new file here and
the first screen pays only for the kind it shows. A kind with no module of its own is
shown by the generic fields view, which lays out whatever the section declares.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.editor.sections.base import SectionView

__all__ = ["register", "view_class"]

_VIEWS: dict[str, type[SectionView]] = {}
_KIND = re.compile(r"[a-z][a-z0-9_]*")
FALLBACK = "fields"


def register(kind: str) -> Callable[[type[SectionView]], type[SectionView]]:
    """Class decorator: this view shows sections of `kind`."""

    def add(view: type[SectionView]) -> type[SectionView]:
        _VIEWS[kind] = view
        return view

    return add


def view_class(kind: str) -> type[SectionView]:
    if kind not in _VIEWS and _KIND.fullmatch(kind):
        try:
            importlib.import_module(f"{__name__}.{kind}")
        except ModuleNotFoundError:
            pass
    if kind in _VIEWS:
        return _VIEWS[kind]
    importlib.import_module(f"{__name__}.{FALLBACK}")
    return _VIEWS[FALLBACK]
