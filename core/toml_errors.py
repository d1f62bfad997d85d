"""tomllib's English errors in a clerk's words, with the line and column they name.

tomllib says "Expected ']' at the end of a table declaration (at line 3, column 9)". A
clerk who opened the file in Notepad needs to hear where and what in Chinese; the
English stays available for `--verbose`. The messages are those of Python 3.11 to 3.14
(tests/core/test_toml_errors.py fails when a running Python has one this table lacks);
one that is not here still gets its place and a general Chinese reason.
"""

from __future__ import annotations

import re

__all__ = ["TomlPlace", "explain"]

# (English pattern, Chinese); {0} is the pattern's first group where it has one.
_REASONS: tuple[tuple[str, str], ...] = (
    (r"Invalid statement", "这一行既不是“键 = 值”，也不是 [表头]"),
    (r"Expected newline or end of document after a statement", "一行只能写一项：值的后面还有多余的内容"),
    (r"Found invalid character '(.*)'", "出现了不该有的字符 {0}"),
    (r"Found invalid character (.*)", "出现了不该有的字符 {0}"),
    (r"Cannot declare (.*) twice", "表 [{0}] 写了两次"),
    (r"Cannot overwrite a value", "同一个键写了两次"),
    (r"Expected '\]' at the end of a table declaration", "表头缺少右方括号 ]"),
    (r"Expected '\]\]' at the end of an array declaration", "表头缺少右方括号 ]]"),
    (r"Cannot mutate immutable namespace (.*)", "{0} 已在前面整体写定，不能再补充"),
    (r"Cannot redefine namespace (.*)", "{0} 已经是一个值，不能再作为表"),
    (r"Expected '=' after a key in a key/value pair", "键名后面缺少等号 ="),
    (r"Expected '(.*)'", "缺少 {0}"),
    (r"Invalid initial character for a key part", "键名以不允许的字符开头（中文或空格键名须加引号）"),
    (r"Unclosed array", "数组缺少右方括号 ]"),
    (r"Duplicate inline table key (.*)", "花括号表中的键 {0} 写了两次"),
    (r"Unclosed inline table", "花括号表缺少右花括号 }"),
    (r"Unescaped '\\' in a string", "字符串中的反斜杠 \\ 须写成 \\\\"),
    (r"Invalid hex value", "字符串中的 \\u 转义不是有效的十六进制数"),
    (r"Escaped character is not a Unicode scalar value", "字符串中的转义不是有效的字符"),
    (r"Unterminated string", "字符串缺少结尾的引号"),
    (r"Illegal character '\\n'", "字符串缺少结尾的引号（一行的字符串不能换行）"),
    (r"Illegal character (.*)", "字符串中出现了不允许的控制字符 {0}"),
    (r"Invalid date or datetime", "日期或时间无效"),
    (r"Invalid value", "值无效（文字须加引号，数字不能带单位或中文）"),
    (r"Invalid (.*)", "{0} 无效"),
)
_COMPILED = tuple((re.compile(pattern, re.S), chinese) for pattern, chinese in _REASONS)
_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_END = re.compile(r"\s*\(at end of document\)\s*$")


class TomlPlace(tuple[int, int, str, str]):
    """(line, column, Chinese reason, tomllib's own message)."""

    __slots__ = ()

    @property
    def line(self) -> int:
        return self[0]

    @property
    def column(self) -> int:
        return self[1]

    @property
    def reason(self) -> str:
        return self[2]

    @property
    def english(self) -> str:
        return self[3]


def _reason(message: str) -> str:
    for pattern, chinese in _COMPILED:
        match = pattern.fullmatch(message)
        if match:  # not str.format: a reason may hold a brace of its own (`右花括号 }`)
            return chinese.replace("{0}", match.group(1)) if pattern.groups else chinese
    return "格式有误"


def explain(exc: ValueError, text: str) -> TomlPlace:
    """Where tomllib (or tomli, its compiled twin) stopped (1-based line and column; the
    end of the text when it says "at end of document") and why, in Chinese."""
    english = str(exc.args[0] if exc.args else exc)
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "colno", None)
    message = getattr(exc, "msg", None) or english
    match = _POSITION.search(message)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        message = message[: match.start()]
    elif _END.search(message):
        message = _END.sub("", message)
        line, column = None, None
    if line is None or column is None:
        last = text.rsplit("\n", 1)[-1]
        line, column = text.count("\n") + 1, len(last) + 1
    return TomlPlace((int(line), int(column), _reason(message.strip()), message.strip()))
