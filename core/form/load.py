"""Finding and reading the form definitions shipped in forms/, compiled once and cached.

A data file names its form (`form = "hunan-department"`); this module turns the name
into a FormSpec. Parsing and compiling a form costs a third of what `jixiao check`
costs beyond starting Python, so the compiled form is kept beside the .pyc files.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from core.form.errors import FormError
from core.form.spec import FormSpec, parse_form

__all__ = ["UnknownForm", "FormError", "load_form", "forms_dir", "form_dirs", "installed_forms", "read_form_file",
           "check_form_file"]


class UnknownForm(LookupError):
    """The data file names a form that is not in forms/."""


def read_form_file(path: Path) -> dict[str, Any]:
    """A form file's tables, numbers as Decimal; FormError (line, column) when it is not TOML."""
    import tomllib

    text = path.read_text(encoding="utf-8")
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise FormError(f"{path.name}：不是有效的 TOML（{exc}）") from None


def check_form_file(path: Path) -> list[str]:
    """`jixiao form check FILE`: every mistake of a form file, as its load would refuse it."""
    from core.form.lint import lint

    raw = read_form_file(path)
    return lint(raw, path.read_text(encoding="utf-8"), str(path))


def forms_dir() -> Path:
    """Where the form definitions and the built-in sample live (inside the package)."""
    import forms

    return Path(forms.__file__).parent


def form_dirs() -> list[Path]:
    """Folders searched for forms: those in $JIXIAO_FORMS (a province's own forms, a test's),
    then the package's."""
    import os

    extra = [Path(part) for part in os.environ.get("JIXIAO_FORMS", "").split(os.pathsep) if part]
    return [*extra, forms_dir()]


def _form_path(form_id: str) -> Path | None:
    return next((folder / f"{form_id}.toml" for folder in form_dirs() if (folder / f"{form_id}.toml").is_file()),
                None)


@cache
def load_form(form_id: str) -> FormSpec:
    """The form named by a data file's `form` key; cached, since forms do not change."""
    if not form_id or "/" in form_id or "\\" in form_id or form_id.startswith("."):
        raise UnknownForm(form_id)
    path = _form_path(form_id)
    if path is None:
        raise UnknownForm(form_id)
    cached = _compiled_path(path) if _own(path) else None
    spec = _read_compiled(cached) if cached is not None else None
    if spec is None:
        from core.form.lint import lint  # a compiled form was linted when it was compiled

        raw = read_form_file(path)
        if raw.get("id") != form_id or "sections" not in raw:
            raise UnknownForm(form_id)  # a sample report or another file beside the forms
        problems = lint(raw, path.read_text(encoding="utf-8"), str(path))
        if problems:
            raise FormError("\n".join(problems))
        spec = parse_form(raw)
        if cached is not None:
            _write_compiled(cached, spec)
    return spec


# Parsing the form and compiling its formulas is a third of what `jixiao check` costs
# beyond starting Python; like a .pyc, the compiled form is kept in forms/__pycache__,
# named by the source's size and mtime so an edited form is never read stale. Only for
# the package's own forms: unpickling runs code, and a folder of forms in $JIXIAO_FORMS
# (a province's, a download's) is trusted for data, never for code.


def _own(path: Path) -> bool:
    return path.parent.resolve() == forms_dir().resolve()


def _compiled_path(path: Path) -> Path:
    """Keyed by the form's size and mtime and by this code's, whose classes it holds."""
    import core.form.expr

    here = Path(__file__).parent
    code = [here / name for name in ("spec.py", "layout.py", "lint.py", "names.py")] + [Path(core.form.expr.__file__)]
    key = "-".join(f"{st.st_size}.{st.st_mtime_ns}" for st in (path.stat(), *(p.stat() for p in code)))
    return path.parent / "__pycache__" / f"{path.stem}.{key}.form.pickle"


def _read_compiled(cached: Path) -> FormSpec | None:
    try:  # the C unpickler alone: pickle.py and what it imports cost milliseconds a run
        from _pickle import loads
    except ImportError:  # a Python without it
        from pickle import loads

    try:
        spec = loads(cached.read_bytes())
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
    paths = {p.stem: p for folder in reversed(form_dirs()) for p in sorted(folder.glob("*.toml"))}
    for path in sorted(paths.values()):
        try:
            found.append(load_form(path.stem))
        except UnknownForm:
            continue
    return sorted(found, key=lambda spec: (not spec.default, spec.id))
