"""The inputs every editable field is built on: FieldInput, and FieldTextArea for long text.

FieldInput comes from tui.editor.widgets.inputs (the #6605 fix: editing keys run inline,
in the order they arrived); this module is the one name the rest of the editor imports
for it. FieldTextArea is imported from tui.editor.widgets.text_inputs by the long-text
editor alone, so no screen pays for TextArea before it shows one.
"""

from __future__ import annotations

from tui.editor.widgets.inputs import FieldInput, run_own_binding

__all__ = ["FieldInput", "run_own_binding"]
