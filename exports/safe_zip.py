"""Refuse a hostile .xlsx before openpyxl opens it: size caps, zip bombs, XML bombs.

A workbook from outside (a finance bureau receives them by the hundred) is a zip of
XML files. openpyxl inflates members whole and parses them; a 40 KB zip can declare
gigabytes, and a 1 KB XML can expand entities into gigabytes. So before openpyxl
touches the file we read only the zip's central directory (cheap) and refuse a file
whose members are too many, too large or absurdly compressed, then stream each XML
member through a bounded scan that refuses any DTD or entity declaration (a real
xlsx never has one). defusedxml, which openpyxl then uses by itself, is the second
line. Every refusal is a `WorkbookRefused` with a Chinese reason.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from core.storage import file_problem

__all__ = ["WorkbookRefused", "check_xlsx", "FILE_CAP", "MEMBER_CAP", "TOTAL_CAP", "RATIO_CAP"]

FILE_CAP = 20 * 1024 * 1024  # the file on disk
MEMBER_CAP = 50 * 1024 * 1024  # one member, inflated
TOTAL_CAP = 100 * 1024 * 1024  # all members, inflated
RATIO_CAP = 200  # inflated / compressed, for members over 1 MB
MEMBERS_CAP = 2000
_CHUNK = 64 * 1024
_FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype", b"<!entity")


class WorkbookRefused(Exception):
    """A workbook that will not be opened; the message says why, in Chinese."""


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def check_xlsx(path: Path) -> None:
    """Raise WorkbookRefused unless `path` is a zip that is safe to hand to openpyxl."""
    name = str(path)
    problem = file_problem(path, FILE_CAP, "工作簿")
    if problem:
        raise WorkbookRefused(problem)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MEMBERS_CAP:
                raise WorkbookRefused(f"{name}：压缩包内文件过多（{len(members)} 个），不像工作簿")
            total = 0
            for info in members:
                total += info.file_size
                if info.file_size > MEMBER_CAP:
                    raise WorkbookRefused(
                        f"{name}：压缩包成员 {info.filename} 解压后 {_mb(info.file_size)}，超过上限 {_mb(MEMBER_CAP)}（疑似压缩炸弹）")
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > 1024 * 1024 and ratio > RATIO_CAP:
                    raise WorkbookRefused(
                        f"{name}：压缩包成员 {info.filename} 压缩比 {ratio:.0f}:1 异常（疑似压缩炸弹）")
            if total > TOTAL_CAP:
                raise WorkbookRefused(f"{name}：解压后共 {_mb(total)}，超过上限 {_mb(TOTAL_CAP)}（疑似压缩炸弹）")
            for info in members:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    _scan_xml(archive, info, name)
    except zipfile.BadZipFile:
        raise WorkbookRefused(f"{name}：不是 xlsx 工作簿（不是有效的 zip 文件）") from None
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError) as exc:
        raise WorkbookRefused(f"{name}：无法读取工作簿（{exc}）") from None


def _scan_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    """Stream one member (never more than its declared size) and refuse DTDs and entities."""
    tail = b""
    read = 0
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            read += len(chunk)
            if read > MEMBER_CAP:
                raise WorkbookRefused(f"{name}：压缩包成员 {info.filename} 实际大小超过声明（疑似压缩炸弹）")
            window = tail + chunk
            if any(mark in window for mark in _FORBIDDEN):
                raise WorkbookRefused(
                    f"{name}：{info.filename} 含有 DTD 或实体声明（可能是 XML 炸弹），拒绝读取")
            tail = chunk[-16:]
