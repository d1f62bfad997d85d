"""Text from outside, made safe to show on a terminal, in the editor, or in a document.

A string from a data file, a workbook cell or a file name reaches the screen as is.
Control characters in it are commands to the terminal: ESC starts sequences that move
the cursor, recolour or retitle the window, rewrite what was printed (a fake "0 个错误")
or, on some terminals, answer back; CR and the C1 controls (U+0080–U+009F, which
8-bit terminals read as ESC sequences) do the same more quietly. Bidi controls
(U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C) make text display in another order
than it reads ("Trojan Source"), so a name or a figure looks like another; U+2028/
U+2029 break lines where nothing shows one. A file name that is not UTF-8 arrives as
lone surrogates (surrogateescape), which a strict stdout, a JSON writer or an XML
writer refuse outright. NUL truncates C strings.

Notation: each such character is shown as Python writes it in a string literal,
`\\xHH` below U+0100 (`\\x1b`, `\\x00`, `\\x0d`, `\\x85`) and `\\uHHHH` above (`\\u202e`,
`\\udcff`), lower-case hex. A backslash is left alone, so a name that really contains
the four characters `\\x1b` looks the same as one holding ESC; that is the price of
showing `C:\\报告` unchanged, and harmless: the output is inert either way.

`xml_safe` is for the Word and Excel writers: XML 1.0 cannot hold most C0 characters
at all (the document will not open), so line breaks are normalised to "\\n" and the
rest escaped as above.
"""

from __future__ import annotations

import functools
import re

__all__ = ["visible", "has_controls", "may_hold_controls", "xml_safe"]

_BIDI = r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_SEPARATORS = r"\u2028\u2029"
_SURROGATES = r"\ud800-\udfff"


@functools.cache
def _unsafe(keep_newlines: bool) -> re.Pattern[str]:
    """What visible() escapes, with \n and \t kept (keep_newlines) or not. Every character
    either matches is one str.isprintable() refuses (tests/hardening/test_visible.py
    checks all of Unicode), so printable text never needs the pattern: it is compiled
    for the first text that might (a millisecond a start-up otherwise)."""
    if keep_newlines:
        return re.compile(rf"\r\n|[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}{_SURROGATES}]")
    return re.compile(rf"[\x00-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}{_SURROGATES}]")


# What XML 1.0 cannot hold (plus the line breaks it would not keep as written).


@functools.cache
def _xml_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(line breaks, what XML cannot hold): compiled for the first document written, not on
    every start-up (a command that writes no XML never needs them)."""
    return re.compile(r"\r\n|[\r\v\f]"), re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff{_SURROGATES}]")


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escape_match(match: re.Match[str]) -> str:
    found = match.group()
    return "\n" if found == "\r\n" else _escape(found)


def visible(text: str, *, keep_newlines: bool = True) -> str:
    """`text` with every control, bidi, separator and lone-surrogate character shown
    as its escape (`\\x1b`, `\\u202e`), so printing it can do nothing but print it.

    keep_newlines (the default, for multi-line text): "\\n" and "\\t" stay and "\\r\\n"
    becomes "\\n"; a lone "\\r" is escaped (it would overwrite the line). Without it
    (a table cell, one log line) "\\n" and "\\t" are escaped too. The result is always
    valid UTF-8 and contains none of these characters, so visible(visible(x)) ==
    visible(x). Printable text — Chinese, full-width punctuation, emoji with their
    joiners and variation selectors — passes unchanged.
    """
    if text.isprintable():  # the usual case: nothing to escape (see _unsafe)
        return text
    pattern = _unsafe(keep_newlines)
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape_match, text)


def has_controls(text: str) -> bool:
    """Whether visible(text) would change anything: a C0 or C1 control other than
    "\\n" and "\\t" (a "\\r" counts), DEL, a bidi control, U+2028/U+2029, a lone surrogate.
    For a finding ("名称含有控制字符") before the text is shown or stored."""
    return not text.isprintable() and _unsafe(True).search(text) is not None


# What repr() writes for each character has_controls() finds (C0 but \t and \n, C1, the
# bidi controls of _BIDI, the separators, lone surrogates). A literal backslash shows as
# `\\x…` and only costs a false alarm; U+3000 and the other spaces repr() escapes are
# left out, as visible keeps them (tests/cli/test_show_terminal.py checks all of Unicode).
_ESCAPED_IN_REPR = r"\\(?:x|r|u(?:061c|200[ef]|202[89a-e]|206[6-9]|d[89a-f]))"


def may_hold_controls(value: object) -> bool:
    """Whether any string inside `value` (dicts and lists of them, as a report holds)
    might need visible(): False means none does. repr() runs at C speed, so a report of
    100,000 rows is cleared in a fraction of the time a walk over its strings takes."""
    return re.search(_ESCAPED_IN_REPR, repr(value)) is not None


def xml_safe(text: str) -> tuple[str, bool]:
    """`text` as an XML 1.0 document can hold it, and whether anything was changed.

    "\\v" (Word's manual line break), "\\f", "\\r\\n" and "\\r" become "\\n" (an XML
    parser would turn a raw "\\r" into "\\n" anyway); every other character XML 1.0
    cannot hold — C0 controls but "\\t" and "\\n", U+FFFE, U+FFFF, lone surrogates —
    becomes its visible escape (`\\x00`). Bidi controls and C1 are legal XML and kept:
    a document may need them. The flag lets a writer raise a finding; note that it is
    also set when only line breaks were normalised ("\\r\\n", "\\v").
    """
    if text.isprintable():
        return text, False  # no control, no line break, nothing XML refuses: most text, in C
    breaks, unsafe = _xml_patterns()
    out = text
    if breaks.search(out):
        out = breaks.sub("\n", out)
    if unsafe.search(out):
        out = unsafe.sub(lambda match: _escape(match.group()), out)
    return out, out != text
