"""The form definition: what a form asks, computes, checks and prints, read from forms/.

`spec` gives the form file types, `expr` is its formula language, `load` finds and
caches the compiled form. Everything else in core reads a form only through here.
"""

from core.form.load import (
    FormError,
    UnknownForm,
    check_form_file,
    form_dirs,
    forms_dir,
    installed_forms,
    load_form,
)
from core.form.spec import (
    AssessmentItem,
    Band,
    CheckSpec,
    ColumnSpec,
    Computed,
    FieldSpec,
    FormSpec,
    GridColumn,
    GridRow,
    GridSpec,
    Level1,
    ListSpec,
    Scoring,
    Section,
    parse_form,
    section_short,
)

__all__ = [
    "AssessmentItem", "Band", "CheckSpec", "ColumnSpec", "Computed", "FieldSpec", "FormSpec", "GridColumn",
    "GridRow", "GridSpec", "Level1", "ListSpec", "Scoring", "Section", "UnknownForm", "forms_dir",
    "form_dirs", "installed_forms", "load_form", "parse_form", "FormError", "check_form_file", "section_short",
]
