"""A long text (narrative, multi-line, paste) bound to one report value.

Kept apart from tui.editor.widgets.editors so the first screen, which needs only
one-line inputs, does not pay for the TextArea machinery until a section needs it.
F4 hands the text to `$EDITOR` (App.suspend), the proven escape for long Chinese text
over SSH when the terminal's input method fights the widget.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import TextArea

from tui.editor.messages import FieldCommitted, FieldEdited
from tui.editor.session import Address
from tui.editor.widgets.editors import Bound, _post, widget_id
from tui.editor.widgets.text_inputs import FieldTextArea

__all__ = ["LongText"]


class LongText(Bound, FieldTextArea):
    """Multi-line text; Enter is a new line here, Tab leaves the field."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f4", "external_editor", "用 $EDITOR 编辑", show=False),
    ]

    def __init__(self, address: Address, path: str, value: Any, epoch: int, **kwargs: Any) -> None:
        super().__init__(text="" if value is None else str(value), id=widget_id(path), soft_wrap=True,
                         tab_behavior="focus", show_line_numbers=False, **kwargs)
        self.bind(address, "text", epoch, path)

    def on_mount(self) -> None:
        self.cursor_blink = bool(getattr(self.app, "blink", True))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        _post(self, FieldEdited(self, self.address, self.kind, self.text, self.epoch))

    def on_blur(self, event: events.Blur) -> None:
        _post(self, FieldCommitted(self, self.address, self.kind, self.text, self.epoch))

    def action_external_editor(self) -> None:
        import os
        import shlex
        import subprocess
        import tempfile
        from pathlib import Path

        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        with tempfile.TemporaryDirectory() as folder:
            draft = Path(folder) / "jixiao.txt"
            draft.write_text(self.text, encoding="utf-8")
            try:
                with self.app.suspend():
                    subprocess.run([*shlex.split(editor), str(draft)], check=False)
            except Exception as exc:  # noqa: BLE001 - no terminal to hand over (headless, web)
                self.app.notify(f"无法启动编辑器 {editor}：{exc}", severity="error", markup=False)
                return
            text = draft.read_text(encoding="utf-8").rstrip("\n")
        if text != self.text:
            self.load_text(text)
