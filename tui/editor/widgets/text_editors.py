"""Editors for long text and yes/no: TextArea and Select, bound to a report path.

Kept apart from tui.editor.widgets.editors so the first screen, which needs only one-line
inputs, does not pay for importing TextArea (its document model and themes) at start.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.widgets import Select, TextArea

from tui.editor.widgets.editors import widget_id

__all__ = ["LongText", "BoolSelect"]


class LongText(TextArea):
    """Narrative text (multi-line, paste, undo); commits on every change.

    F4 hands the text to `$EDITOR` (App.suspend), the proven escape for long Chinese
    text over SSH when the terminal's input method fights the TextArea.
    """

    BINDINGS = [Binding("f4", "external_editor", "用 $EDITOR 编辑", show=False)]

    def __init__(self, path: str, value: Any, **kwargs: Any) -> None:
        super().__init__(text="" if value is None else str(value), id=widget_id(path),
                         soft_wrap=True, tab_behavior="focus", **kwargs)
        self.path = path
        self.parse_error: str | None = None

    def on_mount(self) -> None:
        app: Any = self.app
        self.cursor_blink = getattr(app, "blink", True)

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
            except Exception as exc:  # no terminal to hand over (headless, web)
                self.app.notify(f"无法启动编辑器 {editor}：{exc}", severity="error")
                return
            text = draft.read_text(encoding="utf-8").rstrip("\n")
        if text != self.text:
            self.load_text(text)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        app: Any = self.app
        text = self.text
        if app.session.get(self.path) != (text or None):
            app.commit(self.path, text or None)


class BoolSelect(Select[bool]):
    """是 / 否 / blank: blank stays absent (a 附件5 item then waits for the reviewer)."""

    def __init__(self, path: str, value: Any, **kwargs: Any) -> None:
        initial: Any = value if isinstance(value, bool) else Select.NULL
        super().__init__([("是", True), ("否", False)], value=initial, prompt="（未填）",
                         id=widget_id(path), compact=True, **kwargs)
        self.path = path
        self.parse_error: str | None = None

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        app: Any = self.app
        value = event.value if isinstance(event.value, bool) else None
        app.commit(self.path, value)
