"""The inputs every editable field is built on: FieldInput and FieldTextArea.

They come from tui.editor.widgets.inputs (the #6605 fix: editing keys run inline, in
the order they arrived), written by another engineer. Until that module lands the plain
Textual widgets stand in, so the rest of the editor can be built and tested.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget

try:
    from tui.editor.widgets.inputs import FieldInput, FieldTextArea, run_own_binding
except ImportError:  # pragma: no cover - until tui/editor/widgets/inputs.py lands
    from textual.widgets import Input as FieldInput
    from textual.widgets import TextArea as FieldTextArea

    async def run_own_binding(widget: Widget, event: events.Key) -> bool:
        return False

__all__ = ["FieldInput", "FieldTextArea", "run_own_binding"]
