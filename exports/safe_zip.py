"""Refuse a hostile .xlsx or .docx before a parser opens it: size caps, zip bombs, XML bombs.

A workbook or a Word file from outside (a finance bureau receives them by the hundred)
is a zip of XML parts. openpyxl and python-docx inflate members whole and parse them; a
40 KB zip can declare gigabytes, and a 1 KB XML can expand entities into gigabytes. So
before a parser touches the file, `check_zip` reads it (a regular file only, at most
FILE_CAP bytes: core.safe_read), reads the zip's central directory and refuses a file
whose members are too many, too large or absurdly compressed, then streams each part
through a bounded scan. defusedxml, which openpyxl then uses by itself, is the second
line. Every refusal is a `ZipRefused` (for workbooks its subclass `WorkbookRefused`)
with a Chinese reason naming the file.

What the scan guarantees, exactly: no part that a parser could read as XML holds
`<!DOCTYPE` or `<!ENTITY` in any mix of case, in the encoding the parser would read it
in. A part is read as XML if its name ends in .xml/.rels/.vml/.svg or if
[Content_Types].xml declares it XML (by name or by extension, ignoring case, as OPC
says: python-docx parses `word/x.png` as XML when declared so). Such a part must be in
UTF-8 (or US-ASCII) or, where the caller allows it, UTF-16 (by BOM or by the XML
spec's byte patterns), which is decoded before the scan; UTF-32, EBCDIC and any other
declared encoding (UTF-7 could hide `<` as `+ADw-`) are refused. Every other part is
scanned as bytes, which finds the marks in any ASCII-compatible encoding.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import zipfile
from collections.abc import Callable, Iterable

from core.safe_read import FileRefused, read_capped
from core.visible import visible

__all__ = ["ZipRefused", "WorkbookRefused", "check_zip", "check_xlsx", "FILE_CAP", "MEMBER_CAP", "TOTAL_CAP",
           "RATIO_CAP", "MEMBERS_CAP", "STRINGS_CAP"]

FILE_CAP = 20 * 1024 * 1024  # the file on disk
MEMBER_CAP = 50 * 1024 * 1024  # one member, inflated
TOTAL_CAP = 100 * 1024 * 1024  # all members, inflated
RATIO_CAP = 200  # inflated / compressed, for members over 1 MB
MEMBERS_CAP = 2000
# shared strings a workbook may hold (`<si>` items): openpyxl reads each at about 10 µs, so
# 1.5 million took 17–21 s; a report of 100,000 indicator rows has 800,000 cells in its list
STRINGS_CAP = 1_000_000
_STRING_ITEM = re.compile(r"<(?:[a-z0-9_.-]+:)?si[\s>/]")
_CHUNK = 64 * 1024
_MARKS = ("<!doctype", "<!entity")
_XML_SUFFIXES = (".xml", ".rels", ".vml", ".svg")
_CONTENT_TYPES = "[Content_Types].xml"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_DECLARED = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']", re.I)
_ASCII_COMPATIBLE = {"utf-8", "utf8", "us-ascii", "ascii"}
_UTF16 = {"utf-16", "utf16", "utf-16le", "utf-16be", "ucs-2"}
_WORKBOOK_PARTS = (_CONTENT_TYPES, "xl/workbook.xml")


class ZipRefused(Exception):
    """A zip package that will not be opened; the message says why, in Chinese. `detail`
    (a parser's own words) is for `--verbose`, never part of the message."""

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = detail

    def verbose(self) -> str:
        return f"{self}（{self.detail}）" if self.detail else str(self)


class WorkbookRefused(ZipRefused):
    """A workbook that will not be opened; the message says why, in Chinese."""


def _kind(what: str) -> str:
    """`what` after a Chinese word: a space before a Latin one (不是 xlsx 工作簿)."""
    return f" {what}" if what[:1].isascii() else what


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def check_xlsx(path: str | os.PathLike[str] | bytes) -> bytes:
    """The workbook's bytes, once they are safe to hand to openpyxl; else WorkbookRefused.

    Parse the bytes returned (io.BytesIO), not the path again: the file checked is the
    file read, even if the path is swapped meanwhile."""
    return check_zip(path, "xlsx 工作簿", required=_WORKBOOK_PARTS, error=WorkbookRefused, strings_cap=STRINGS_CAP)


def check_zip(source: str | os.PathLike[str] | bytes, what: str, *, required: Iterable[str] = (),
              error: type[ZipRefused] = ZipRefused, utf16: bool = True, not_zip_hint: str = "",
              strings_cap: int | None = None) -> bytes:
    """The bytes of `source` (a path, or the file's bytes) once it is a zip package safe to
    parse; otherwise `error` with a Chinese reason. `what` names the kind of file in the
    messages ("xlsx 工作簿", "Word 文档"), `required` the members it must have, `utf16`
    whether XML parts may be UTF-16 (scanned decoded) or must be UTF-8; `not_zip_hint`
    ends the message for a file that is no zip at all ("；旧版 .doc 请另存为 .docx"),
    `strings_cap` how many shared-string items (`<si>`) its XML parts may hold in all."""
    if isinstance(source, bytes):
        name, data = what, source
        if len(data) > FILE_CAP:
            raise error(f"{name}：文件过大（{_mb(len(data))}，上限 {_mb(FILE_CAP)}）")
    else:
        name = visible(os.fspath(source), keep_newlines=False)
        try:
            data = read_capped(source, FILE_CAP, what)
        except FileRefused as exc:
            raise error(str(exc)) from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_members(archive, name, what, list(required), error, utf16, strings_cap)
    except zipfile.BadZipFile:
        raise error(f"{name}：不是{_kind(what)}（不是有效的 zip 文件{not_zip_hint}）") from None
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError, ValueError) as exc:
        raise error(f"{name}：无法读取{_kind(what)}（压缩包已损坏或使用了不支持的压缩方式）",
                    detail=f"{type(exc).__name__}: {exc}") from None
    return data


def _check_members(archive: zipfile.ZipFile, name: str, what: str, required: list[str],
                   error: type[ZipRefused], utf16: bool, strings_cap: int | None = None) -> None:
    members = archive.infolist()
    if len(members) > MEMBERS_CAP:
        raise error(f"{name}：压缩包内文件过多（{len(members)} 个），不像{_kind(what)}")
    total = 0
    for info in members:
        total += info.file_size
        shown = visible(info.filename, keep_newlines=False)
        if info.file_size > MEMBER_CAP:
            raise error(f"{name}：压缩包成员 {shown} 解压后 {_mb(info.file_size)}，"
                        f"超过上限 {_mb(MEMBER_CAP)}（疑似压缩炸弹）")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > RATIO_CAP:
            raise error(f"{name}：压缩包成员 {shown} 压缩比 {ratio:.0f}:1 异常（疑似压缩炸弹）")
    if total > TOTAL_CAP:
        raise error(f"{name}：解压后共 {_mb(total)}，超过上限 {_mb(TOTAL_CAP)}（疑似压缩炸弹）")
    names = {info.filename for info in members}
    for part in required:
        if part not in names:
            raise error(f"{name}：不是{_kind(what)}（缺少 {part}）")
    declared: set[str] = set()
    if _CONTENT_TYPES in names:
        _scan(archive, archive.getinfo(_CONTENT_TYPES), name, True, error, utf16)
        declared = _declared_xml(archive, name, error)
    strings = 0
    for info in members:
        if info.filename == _CONTENT_TYPES:
            continue
        lower = info.filename.lower()
        xml = lower.endswith(_XML_SUFFIXES) or lower in declared or lower.rsplit(".", 1)[-1] in declared
        left = None if strings_cap is None else strings_cap - strings
        strings += _scan(archive, info, name, xml, error, utf16, left if xml else None)
        if strings_cap is not None and strings > strings_cap:
            raise error(f"{name}：共享字符串超过 {strings_cap} 个，不像一份报告的工作簿（读取它要很久）")


def _declared_xml(archive: zipfile.ZipFile, name: str, error: type[ZipRefused]) -> set[str]:
    """Lower-cased part names and extensions that [Content_Types].xml declares XML.

    Parsers read a part by its content type, whatever its name ends with; OPC matches
    names ignoring case. The file was scanned already (no DTD) and defusedxml parses it.
    """
    from xml.etree.ElementTree import ParseError

    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(archive.read(_CONTENT_TYPES))
    except (ParseError, ValueError) as exc:
        raise error(f"{name}：{_CONTENT_TYPES} 无法解析（{exc}）") from None

    def is_xml(kind: str) -> bool:
        return kind.endswith("+xml") or kind in ("application/xml", "text/xml")

    out = {(d.get("Extension") or "").lower() for d in root.iter(f"{_CT}Default")
           if is_xml(d.get("ContentType") or "")}
    out |= {(o.get("PartName") or "").lstrip("/").lower() for o in root.iter(f"{_CT}Override")
            if is_xml(o.get("ContentType") or "")}
    return out - {""}


def _encoding(head: bytes) -> str | None:
    """How a parser reads a part that starts with `head` (XML 1.0 appendix F): "utf-8",
    "utf-16", or None for an encoding the scan cannot follow."""
    if head[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\x00<", b"<\x00\x00\x00",
                    b"Lo\xa7\x94"):
        return None  # UTF-32 / UCS-4 or EBCDIC
    if head[:2] in (b"\xfe\xff", b"\xff\xfe"):
        return "utf-16"
    if len(head) >= 2 and (head[0] == 0) != (head[1] == 0):
        return "utf-16-be" if head[0] == 0 else "utf-16-le"
    declared = _DECLARED.match(head.removeprefix(b"\xef\xbb\xbf"))
    if declared:
        label = declared.group(1).decode("ascii", "replace").strip().lower()
        if label not in _ASCII_COMPATIBLE:
            return None
    return "utf-8"


def _scan(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, xml: bool,
          error: type[ZipRefused], utf16: bool, strings_left: int | None = None) -> int:
    """Stream one member (never past MEMBER_CAP) and refuse DTD and entity declarations;
    with `strings_left`, count its shared-string items, stopping once past that many."""
    found = 0
    shown = visible(info.filename, keep_newlines=False)
    with archive.open(info) as member:
        chunk = member.read(_CHUNK)
        decode: Callable[[bytes], str] = _latin1
        if xml and chunk:
            encoding = _encoding(chunk)
            if encoding is None or (encoding != "utf-8" and not utf16):
                raise error(f"{name}：{shown} 不是 UTF-8 编码的 XML，拒绝读取")
            if encoding != "utf-8":
                decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
                decode = decoder.decode
        tail, read = "", 0
        while chunk:
            read += len(chunk)
            if read > MEMBER_CAP:
                raise error(f"{name}：压缩包成员 {shown} 实际大小超过声明（疑似压缩炸弹）")
            window = tail + decode(chunk).lower()
            if any(mark in window for mark in _MARKS):
                raise error(f"{name}：{shown} 含有 DTD 或实体声明（可能是 XML 炸弹），拒绝读取")
            if strings_left is not None:
                # an item across the chunks' seam is counted once: those wholly in the tail were counted
                found += len(_STRING_ITEM.findall(window)) - len(_STRING_ITEM.findall(tail))
                if found > strings_left:
                    return found
            tail = window[-16:]
            chunk = member.read(_CHUNK)
    return found


def _latin1(chunk: bytes) -> str:
    """Bytes one to one as characters: ASCII marks found in any ASCII-compatible encoding."""
    return chunk.decode("latin-1")
