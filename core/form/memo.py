"""Things worked out from a form alone, once per form rather than on every evaluate().

A FormSpec is never changed after it is loaded, so what depends on it only (which
fields are amounts, each section's keys) can be kept beside it. Keyed by the form
object's id with the form kept alive in the entry, so an id is never reused while
its entry stands; bounded, since tests make forms on the fly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from core.form.spec import FormSpec

__all__ = ["per_form"]

T = TypeVar("T")

_KEPT: dict[tuple[int, str], tuple[FormSpec, object]] = {}
_KEPT_MAX = 256


def per_form(spec: FormSpec, name: str, build: Callable[[FormSpec], T]) -> T:
    """build(spec), worked out the first time `name` is asked of this form and kept."""
    entry = _KEPT.get((id(spec), name))
    if entry is None or entry[0] is not spec:
        if len(_KEPT) >= _KEPT_MAX:
            _KEPT.clear()
        entry = (spec, build(spec))
        _KEPT[(id(spec), name)] = entry
    return cast(T, entry[1])
