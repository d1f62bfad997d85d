"""What the tool itself cannot carry as it is, whatever the form: a text longer than a
workbook cell, and control characters in a text.

Excel and WPS hold 32,767 characters in a cell, so the xlsx export has to cut a longer
text (and `jixiao import` would bring back the cut one): an error naming the field, how
long it is and by how much it is over. A control character (ESC, NUL, Word's \\v, a bidi
override) is never written raw: the terminal and the editor show its escape (`\\x1b`),
the Word and Excel files turn \\v, \\f and \\r into line breaks and write the other C0
controls as escapes, the Markdown file escapes all of them (core.visible). That changes
what the text says, so each such text is a warning naming the field and the characters.
"""

from __future__ import annotations

from typing import Any

from core.findings import Finding
from core.form import FormSpec
from core.labels import path_label, path_section
from core.visible import has_controls, visible

__all__ = ["TEXT_CAP", "LENGTH_ID", "CONTROLS_ID", "text_limits"]

TEXT_CAP = 32767  # characters a workbook cell holds
LENGTH_ID = "limits.text_length"
CONTROLS_ID = "limits.text_controls"
_SHOWN = 6  # distinct characters a warning names


def text_limits(spec: FormSpec, data: dict[str, Any]) -> list[Finding]:
    """An error for every text longer than TEXT_CAP and a warning for every text holding
    control characters, in the data's order."""
    found: list[tuple[str, str]] = []
    _walk(data, "", found)
    out = []
    for path, text in found:
        section = path_section(spec, path)
        where = section.id if section else None
        label = path_label(spec, data, path)
        if len(text) > TEXT_CAP:
            out.append(Finding(
                id=LENGTH_ID, severity="error", path=path, section=where,
                message=f"{label} 有 {len(text)} 个字符，超过上限 {TEXT_CAP}（多 {len(text) - TEXT_CAP} 个）："
                        f"工作簿的一个单元格最多容纳 {TEXT_CAP} 个字符，导出的工作簿会截去超出的部分",
                values={"length": str(len(text)), "limit": str(TEXT_CAP)}))
        if has_controls(text):
            chars = list(dict.fromkeys(ch for ch in text if has_controls(ch)))
            named = "、".join(visible(ch, keep_newlines=False) for ch in chars[:_SHOWN])
            more = f" 等 {len(chars)} 种" if len(chars) > _SHOWN else ""
            out.append(Finding(
                id=CONTROLS_ID, severity="warning", path=path, section=where,
                message=f"{label} 含有控制字符 {named}{more}（多为粘贴带入，请删去）：屏幕上显示为转义；"
                        "导出的 Word、Excel 文件中 \\v、\\f、\\r 改为换行，其余 C0 控制字符写作转义",
                values={"characters": named}))
    return out


def _odd(text: str) -> bool:
    """Whether a text needs a closer look: too long, or not plainly printable (a line break
    or a tab is not a control, has_controls() decides)."""
    return len(text) > TEXT_CAP or (not text.isprintable() and has_controls(text))


def _walk(node: Any, path: str, found: list[tuple[str, str]]) -> None:
    # a long list's 800,000 values: a text is looked at without building its path
    if isinstance(node, dict):
        for key, value in node.items():
            if value.__class__ is str:
                if _odd(value):
                    found.append((f"{path}.{key}" if path else str(key), value))
            elif isinstance(value, dict | list):
                _walk(value, f"{path}.{key}" if path else str(key), found)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if value.__class__ is str:
                if _odd(value):
                    found.append((f"{path}[{index}]", value))
            elif isinstance(value, dict | list):
                _walk(value, f"{path}[{index}]", found)
