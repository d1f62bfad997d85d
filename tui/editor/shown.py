"""Report text on its way to the screen: never Rich markup, control characters escaped.

A 简称 of `[/]x` must show as `[/]x` (Rich markup would raise MarkupError) and one of
`\\x1b]0;…\\x07` must show escaped (raw, it retitles the terminal). Every label, list
entry, finding, title and palette entry built from report text goes through `plain`.
"""

from __future__ import annotations

from rich.text import Text

try:
    from core.visible import visible
except ImportError:  # until core/visible.py lands on main (another engineer's)
    import re

    _UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                         r"\u2028\u2029\ud800-\udfff]")

    def visible(text: str, *, keep_newlines: bool = True) -> str:
        """Controls escaped as `\\xHH` / `\\uHHHH` (the core.visible contract)."""
        if not keep_newlines:
            text = text.replace("\n", "\\x0a").replace("\t", "\\x09")

        def escape(match: re.Match[str]) -> str:
            code = ord(match.group())
            return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

        return _UNSAFE.sub(escape, text)

__all__ = ["visible", "plain", "one_line", "update_static"]


def plain(text: object, style: str = "") -> Text:
    """A Rich Text of report text: escaped, and never parsed as markup."""
    return Text(visible(str(text)), style=style)


def one_line(text: object, limit: int | None = None) -> str:
    """Escaped on one line (newlines shown as ⏎), cut with an ellipsis past `limit` characters."""
    shown = visible(str(text)).replace("\n", "⏎")
    if limit is not None and len(shown) > limit:
        return shown[: max(0, limit - 1)] + "…"
    return shown


def update_static(widget: object, content: Text | str, *, layout: bool | None = None) -> bool:
    """Update a Static only when what it shows changes: each update costs a layout pass,
    unless the text stays on the one line it had (then a repaint is enough)."""
    from rich.cells import cell_len
    from textual.widgets import Static

    assert isinstance(widget, Static)
    key = (content.plain, tuple(content.spans), str(content.style)) if isinstance(content, Text) else content
    if getattr(widget, "_jixiao_shown", None) == key:
        return False
    if layout is None:
        text = content.plain if isinstance(content, Text) else content
        width = widget.content_region.width
        layout = not (widget.size.height == 1 and "\n" not in text and 0 < cell_len(text) <= width)
    widget._jixiao_shown = key  # type: ignore[attr-defined]
    widget.update(content, layout=layout)
    return True
