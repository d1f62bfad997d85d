"""exports.safe_zip.check_zip: what the XML guard promises, exactly (issue 13).

No part a parser could read as XML holds `<!DOCTYPE` or `<!ENTITY` in any case, in
the encoding the parser would read it in: UTF-16 parts are decoded before the scan,
UTF-32, EBCDIC and declared encodings other than UTF-8/ASCII (UTF-7 hides `<`) are
refused, and a mark split across two reads is still found.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from exports.safe_zip import WorkbookRefused, ZipRefused, check_xlsx, check_zip

_TYPES = b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _book(workbook: bytes) -> bytes:
    return _zip({"[Content_Types].xml": _TYPES, "xl/workbook.xml": workbook})


_PLAIN = '<?xml version="1.0" encoding="{}"?><workbook><sheets/></workbook>'
_DOCTYPE = '<?xml version="1.0" encoding="{}"?><!DocType w [<!ENTITY a "aaaa">]><workbook>&a;</workbook>'


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_parts_are_scanned_decoded(encoding: str) -> None:
    check_xlsx(_book(_PLAIN.format("UTF-16").encode(encoding)))  # UTF-16 without a DTD is a workbook
    with pytest.raises(WorkbookRefused, match="含有 DTD 或实体声明"):
        check_xlsx(_book(_DOCTYPE.format("UTF-16").encode(encoding)))


def test_utf16_refused_where_the_caller_wants_utf8() -> None:
    with pytest.raises(ZipRefused, match="不是 UTF-8 编码的 XML"):
        check_zip(_book(_PLAIN.format("UTF-16").encode("utf-16")), "文档", utf16=False)


@pytest.mark.parametrize("payload", [
    _PLAIN.format("UTF-7").encode("ascii"),
    _PLAIN.format("UTF-8").encode("utf-32"),
    "<?xml".encode("cp500") + b" rest",
], ids=["utf-7", "utf-32", "ebcdic"])
def test_encodings_the_scan_cannot_follow_are_refused(payload: bytes) -> None:
    with pytest.raises(WorkbookRefused, match="不是 UTF-8 编码的 XML"):
        check_xlsx(_book(payload))


@pytest.mark.parametrize("mark", ["<!DOCTYPE", "<!doctype", "<!DocType", "<!ENTITY", "<!eNtItY"])
def test_any_case_and_across_reads(mark: str) -> None:
    padding = " " * (64 * 1024 - 4)  # the mark straddles the scanner's 64 KB reads
    body = f'<?xml version="1.0"?>{padding}{mark} x><workbook/>'.encode()
    with pytest.raises(WorkbookRefused, match="DTD"):
        check_xlsx(_book(body))


def test_a_part_declared_xml_under_another_name_is_scanned() -> None:
    types = _TYPES.replace(b"/>", b'><Override PartName="/xl/media/x.PNG" ContentType="application/xml"/></Types>')
    book = _zip({"[Content_Types].xml": types, "xl/workbook.xml": _PLAIN.format("UTF-8").encode(),
                 "xl/media/x.png": _DOCTYPE.format("UTF-16").encode("utf-16")})
    with pytest.raises(WorkbookRefused, match="x.png 含有 DTD"):
        check_xlsx(book)


def test_not_a_workbook_says_so() -> None:
    with pytest.raises(WorkbookRefused, match="不是 xlsx 工作簿（缺少 xl/workbook.xml）"):
        check_xlsx(_zip({"[Content_Types].xml": _TYPES, "word/document.xml": b"<w/>"}))
    with pytest.raises(WorkbookRefused, match="不是 xlsx 工作簿（不是有效的 zip 文件）"):
        check_xlsx(b"schema = 1\n")


@pytest.mark.parametrize("chunk", [7, 64 * 1024])
@pytest.mark.parametrize("prefix", ["", "x:"])
def test_shared_strings_are_counted_once_across_reads(monkeypatch: pytest.MonkeyPatch, chunk: int,
                                                      prefix: str) -> None:
    import exports.safe_zip as guard

    items = "".join(f"<{prefix}si><{prefix}t>{n}</{prefix}t></{prefix}si>" for n in range(500))
    table = f'<?xml version="1.0" encoding="UTF-8"?><{prefix}sst>{items}<{prefix}sign/></{prefix}sst>'.encode()
    book = _zip({"[Content_Types].xml": _TYPES, "xl/workbook.xml": _PLAIN.format("UTF-8").encode(),
                 "xl/sharedStrings.xml": table})
    monkeypatch.setattr(guard, "_CHUNK", chunk)
    monkeypatch.setattr(guard, "STRINGS_CAP", 500)
    check_xlsx(book)  # 500 items (and a <sign/> that is none) are within a cap of 500
    monkeypatch.setattr(guard, "STRINGS_CAP", 499)
    with pytest.raises(WorkbookRefused, match="共享字符串超过 499 个"):
        check_xlsx(book)
