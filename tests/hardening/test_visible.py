"""core.visible: text from outside shown inertly, and written as XML can hold it.

The oracle for "unsafe" is written here independently of the module, from Unicode
categories: every Cc (C0, DEL, C1) but newline and tab, every Cs (lone surrogate),
the bidi controls and the line/paragraph separators.
"""

from __future__ import annotations

import os
import re
import unicodedata
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core.visible import has_controls, visible, xml_safe

PROPS = settings(max_examples=500, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow])
BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
SEPARATORS = {"\u2028", "\u2029"}
HOSTILE = ["\x1b", "\x1b[2J", "\x1b]0;title\x07", "\x00", "\r", "\r\n", "\x7f", "\x85", "\x9b", "\b",
           "\v", "\f", "\udcff", "\ud800", "\ud83d\ude00", "\ufffe", "\uffff", *BIDI, *SEPARATORS]


def unsafe(char: str, keep_newlines: bool = True) -> bool:
    if keep_newlines and char in "\n\t":
        return False
    return unicodedata.category(char) in ("Cc", "Cs") or char in BIDI or char in SEPARATORS


def xml_illegal(char: str) -> bool:
    code = ord(char)
    return not (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
                or 0x10000 <= code <= 0x10FFFF)


ANY_TEXT = st.lists(st.one_of(st.characters(exclude_categories=()), st.sampled_from(HOSTILE)),
                    max_size=60).map("".join)


@pytest.mark.parametrize(("raw", "shown"), [
    ("a\x1b[2Jb", "a\\x1b[2Jb"),
    ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
    ("总分\u202e89", "总分\\u202e89"),
    ("\u2066x\u2069\u200e\u200f\u061c", "\\u2066x\\u2069\\u200e\\u200f\\u061c"),
    ("a\x00b", "a\\x00b"),
    ("a\x7fb\x85c\x9bd", "a\\x7fb\\x85c\\x9bd"),
    ("第一行\r\n第二行", "第一行\n第二行"),
    ("0 个错误\r9 个错误", "0 个错误\\x0d9 个错误"),
    ("a\u2028b\u2029c", "a\\u2028b\\u2029c"),
    ("\udcff\udcfe.toml", "\\udcff\\udcfe.toml"),
    ("\ud83d\ude00", "\\ud83d\\ude00"),
    ("列\t值\n", "列\t值\n"),
    ("C:\\报告\\x1b", "C:\\报告\\x1b"),  # backslashes are left alone
])
def test_visible_examples(raw: str, shown: str) -> None:
    assert visible(raw) == shown
    assert has_controls(raw) is (raw != shown)


def test_one_line_form_escapes_newlines_and_tabs() -> None:
    assert visible("a\nb\tc\r\n", keep_newlines=False) == "a\\x0ab\\x09c\\x0d\\x0a"


def test_a_non_utf8_file_name_becomes_printable() -> None:
    name = os.fsdecode(b"\xb1\xa8\xb8\xe6.toml")  # GBK 报告, as a UTF-8 system decodes it
    shown = visible(name)
    assert shown == "\\udcb1\\udca8\\udcb8\\udce6.toml"
    shown.encode("utf-8")


PRINTABLE = st.lists(st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),   # CJK
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),       # ASCII
    st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),   # full-width forms
    st.characters(min_codepoint=0x3000, max_codepoint=0x303F),   # CJK punctuation
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),  # emoji
    st.sampled_from(["👨\u200d👩\u200d👧", "🇨🇳", "1\ufe0f\u20e3", "❤\ufe0f", "“”‘’—…·％￥", "\u200b", "\ufeff"]),
), max_size=40).map("".join)


@PROPS
@given(PRINTABLE)
@example("中国国际贸易促进委员会岳阳市君山区委员会（办公室）：≥95%，≦100%。")
def test_printable_text_passes_unchanged(text: str) -> None:
    assert visible(text) == text
    assert visible(text, keep_newlines=False) == text
    assert not has_controls(text)
    assert visible(text + "\n\t" + text) == text + "\n\t" + text
    assert xml_safe(text) == (text, False)


@PROPS
@given(ANY_TEXT, st.booleans())
def test_visible_output_holds_no_control_and_is_stable(text: str, keep: bool) -> None:
    shown = visible(text, keep_newlines=keep)
    assert not any(unsafe(char, keep) for char in shown)
    assert visible(shown, keep_newlines=keep) == shown
    assert not has_controls(shown)
    shown.encode("utf-8")  # strict: no surrogate left
    assert has_controls(text) is any(unsafe(char) for char in text)


@PROPS
@given(ANY_TEXT.filter(lambda s: "\\" not in s))
def test_the_notation_is_lossless_for_text_without_backslashes(text: str) -> None:
    shown = visible(text, keep_newlines=False)
    back = re.sub(r"\\x([0-9a-f]{2})|\\u([0-9a-f]{4})",
                  lambda m: chr(int(m.group(1) or m.group(2), 16)), shown)
    assert back == text


@pytest.mark.parametrize(("raw", "safe"), [
    ("第一段\v第二段", "第一段\n第二段"),
    ("a\fb", "a\nb"),
    ("a\r\nb\rc", "a\nb\nc"),
    ("a\x00b\x1bc\x08", "a\\x00b\\x1bc\\x08"),
    ("\ufffe\uffff\udcff", "\\ufffe\\uffff\\udcff"),
    ("a\tb\nc", "a\tb\nc"),
    ("عربى\u202bx\x85", "عربى\u202bx\x85"),  # bidi and C1 are legal XML: a document may need them
])
def test_xml_safe_examples(raw: str, safe: str) -> None:
    assert xml_safe(raw) == (safe, raw != safe)


def _round_trip(text: str) -> tuple[str, str]:
    element = ET.Element("t", {"v": text})
    element.text = text
    back = ET.fromstring(ET.tostring(element, encoding="unicode"))
    return back.text or "", back.get("v") or ""


@PROPS
@given(ANY_TEXT)
def test_xml_safe_output_survives_element_tree(text: str) -> None:
    safe, changed = xml_safe(text)
    assert changed is (safe != text)
    assert not any(xml_illegal(char) for char in safe)
    assert "\r" not in safe  # a parser would have made it "\n": what is written is what is read
    assert _round_trip(safe) == (safe, safe)
    assert ILLEGAL_CHARACTERS_RE.search(safe) is None  # openpyxl takes it as a cell value
    assert xml_safe(safe) == (safe, False)


def test_xml_unsafe_text_really_breaks_element_tree() -> None:
    """The reason for xml_safe: without it the document cannot be read back."""
    element = ET.Element("t")
    element.text = "a\x00b"
    with pytest.raises(ET.ParseError):
        ET.fromstring(ET.tostring(element, encoding="unicode"))


@pytest.mark.parametrize("keep_newlines", [True, False])
def test_printable_text_never_needs_escaping(keep_newlines: bool) -> None:
    """visible() returns printable text at once, before its pattern: that is only right
    if no character it escapes is one str.isprintable() accepts. All of Unicode, checked."""
    printable_unsafe = [hex(code) for code in range(0x110000)
                        if chr(code).isprintable() and unsafe(chr(code), keep_newlines)]
    assert printable_unsafe == []
    assert visible("\u202e", keep_newlines=keep_newlines) == "\\u202e"  # and a refused one still escapes
