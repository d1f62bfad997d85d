"""Finding and reading the form definitions shipped in forms/, compiled once and cached.

A data file names its form (`form = "hunan-department"`); this module turns the name
into a FormSpec. Parsing and compiling a form costs a third of what `jixiao check`
costs beyond starting Python, so the compiled form is kept beside the .pyc files.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

from core.form.spec import FormSpec, parse_form

__all__ = ["UnknownForm", "load_form", "forms_dir", "installed_forms"]


class UnknownForm(LookupError):
    """The data file names a form that is not in forms/."""


def forms_dir() -> Path:
    """Where the form definitions and the built-in sample live (inside the package)."""
    import forms

    return Path(forms.__file__).parent


@cache
def load_form(form_id: str) -> FormSpec:
    """The form named by a data file's `form` key; cached, since forms do not change."""
    if not form_id or "/" in form_id or "\\" in form_id or form_id.startswith("."):
        raise UnknownForm(form_id)
    path = forms_dir() / f"{form_id}.toml"
    if not path.is_file():
        raise UnknownForm(form_id)
    cached = _compiled_path(path)
    spec = _read_compiled(cached)
    if spec is None:
        import tomllib  # only when the compiled form is missing

        with path.open("rb") as handle:
            raw = tomllib.load(handle, parse_float=Decimal)
        if raw.get("id") != form_id or "sections" not in raw:
            raise UnknownForm(form_id)  # a sample report or another file beside the forms
        spec = parse_form(raw)
        _write_compiled(cached, spec)
    return spec


# Parsing the form and compiling its formulas is a third of what `jixiao check` costs
# beyond starting Python; like a .pyc, the compiled form is kept in forms/__pycache__,
# named by the source's size and mtime so an edited form is never read stale.


def _compiled_path(path: Path) -> Path:
    """Keyed by the form's size and mtime and by this code's, whose classes it holds."""
    import core.form.expr

    key = "-".join(f"{st.st_size}.{st.st_mtime_ns}" for st in (
        path.stat(), Path(__file__).with_name("spec.py").stat(), Path(core.form.expr.__file__).stat()))
    return path.parent / "__pycache__" / f"{path.stem}.{key}.form.pickle"


def _read_compiled(cached: Path) -> FormSpec | None:
    import pickle

    try:
        spec = pickle.loads(cached.read_bytes())
    except Exception:  # missing, unreadable or from another version: parse the source
        return None
    return spec if isinstance(spec, FormSpec) else None


def _write_compiled(cached: Path, spec: FormSpec) -> None:
    import os
    import pickle
    import tempfile

    try:
        cached.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cached.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(pickle.dumps(spec))
        os.replace(tmp, cached)
    except OSError:
        pass  # a read-only install just parses the source each time


def installed_forms() -> list[FormSpec]:
    """Every form shipped in forms/, the default first (for `jixiao new --help`, batch)."""
    found: list[FormSpec] = []
    for path in sorted(forms_dir().glob("*.toml")):
        try:
            found.append(load_form(path.stem))
        except UnknownForm:
            continue
    return sorted(found, key=lambda spec: (not spec.default, spec.id))
