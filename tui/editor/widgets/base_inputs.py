"""The inputs every editable field is built on: FieldInput and FieldTextArea.

They come from tui.editor.widgets.inputs (the #6605 fix: editing keys run inline, in
the order they arrived); this module is the one name the rest of the editor imports.
"""

from __future__ import annotations

from tui.editor.widgets.inputs import FieldInput, FieldTextArea, run_own_binding

__all__ = ["FieldInput", "FieldTextArea", "run_own_binding"]
