"""The hostile-input corpus: what a server may be handed, and what each command must answer.

Small cases are files of tests/data/hostile/; large ones, those made from the reference
report, the special files (FIFO, symlinks to devices, dangling links, a folder named
like a report) and the workbooks with a hostile `_jixiao` map are made here at test
time. Each case says what it is and the exit status `check` gives it; the test derives
what every other command must give (README, "Commands").
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from tests.conftest import DATA, REFERENCE

HOSTILE = DATA / "hostile"

REFUSED = "refused"  # a report file that cannot be read: exit 2 everywhere, a row in batch
LOADS = "loads"  # a report that loads: findings decide 0 or 1
BOOK = "book"  # a workbook for import; every report command refuses it (not UTF-8 TOML)


class Case(NamedTuple):
    name: str
    path: Path
    kind: str
    status: int = 2  # `check`'s exit status (REFUSED: 2; LOADS: 0 or 1; BOOK: import's)
    new_from: int = 0  # `new --from` for a case that loads: 2 when next year is out of bounds
    words: str = ""  # what the message (or, for LOADS, `check`'s output) must say
    batch: int | None = None  # `batch` when it differs from the rule (a folder: nothing found, 2)


# committed small files: (file, words of the refusal)
SMALL = {
    "deep-array.toml": "数组嵌套超过 24 层",
    "deep-inline-table.toml": "嵌套超过 24 层",
    "long-header.toml": "表头超过 24 段",
    "escape-year.toml": "封面 · 年度 应为整数年份",
    "huge-integer.toml": "数字位数过多",
    "schema-huge.toml": "比本程序支持的 1 新",
    "toml-syntax.toml": "第 3 行第 6 列有误：表头缺少右方括号",
    "utf16.toml": "不是 UTF-8 编码的文本",
    "binary.toml": "不是 UTF-8 编码的文本",
    "form-not-a-string.toml": "缺少表单类型 form",
}


def _reference_with(pattern: str, replacement: str) -> str:
    text, count = re.subn(pattern, lambda _match: replacement, REFERENCE.read_text(encoding="utf-8"),
                          count=1, flags=re.M)
    assert count == 1, pattern
    return text


# made from the reference: (file, kind, check's status, new --from's, words, text)
def _from_reference() -> list[tuple[str, str, int, int, str, str]]:
    unit = 'name = "中国国际贸易促进委员会岳阳市君山区委员会"'
    return [
        ("escapes-in-names.toml", LOADS, 0, 0, "单位\\x1b]0;pwned",
         _reference_with(r'^name = "中国国际贸易促进委员会岳阳市君山区委员会"$',
                         'name = "单位\\u001b]0;pwned\\u0007\\u001b[2J\\u202e反\\u0000\\u009b"')
         .replace('name = "新签约项目"', 'name = "新签约\\u001b[31m项目\\u2066"', 1)),
        ("form-is-the-sample.toml", REFUSED, 2, 0, "未知的表单类型",
         _reference_with(r'^form = "hunan-department"$', 'form = "sample-junshan-ccpit-2024"')),
        ("year-negative.toml", LOADS, 1, 2, "年度 -5 超出范围（应在 2000 至 2100 之间）",
         _reference_with(r"^year = 2024$", "year = -5")),
        ("year-10e30.toml", LOADS, 1, 2, "超出范围（应在 2000 至 2100 之间）",
         _reference_with(r"^year = 2024$", "year = 1" + "0" * 30)),
        ("count-10e400.toml", LOADS, 1, 0, "编制数 1E+400 超出合理范围",
         _reference_with(r"^quota = 8 .*$", "quota = 1" + "0" * 400)),
        ("minus-zero.toml", LOADS, 1, 0, "",
         _reference_with(r"^executed = 194\.72.*$", "executed = -0.0")),
        ("amount-9.999e22.toml", LOADS, 1, 0, "99990000000000000000000 超出合理范围",
         _reference_with(r"^executed = 194\.72.*$", "executed = 9.999e22")),
        ("dotted-key-40000.toml", REFUSED, 2, 0, "键名超过 24 段", ".".join(["a"] * 40000) + " = 1\n"),
        # a paste of 40,000 characters: more than a workbook cell holds, and more than a Word
        # file's title property (255), which the unit's name becomes
        ("text-40000-chars.toml", LOADS, 1, 0, "有 40000 个字符，超过上限 32767（多 7233 个）",
         _reference_with(r'^name = "中国国际贸易促进委员会岳阳市君山区委员会"$', f'name = "{"长" * 40000}"')),
        ("amount-20-digits.toml", LOADS, 1, 0, "12345678901234567890.12 超出合理范围",
         _reference_with(r"^executed = 194\.72.*$", "executed = 12345678901234567890.12")),
        ("wrong-table-type.toml", REFUSED, 2, 0, "应为表", unit.join(["schema = 1\nform = \"hunan-department\"\n"
                                                                    "budget = 5\n[unit]\n", "\n"])),
    ]


def _special(folder: Path) -> list[Case]:
    fifo = folder / "fifo.toml"
    os.mkfifo(fifo)
    zero = folder / "dev-zero.toml"
    zero.symlink_to("/dev/zero")
    dangling = folder / "dangling.toml"
    dangling.symlink_to(folder / "nowhere.toml")
    directory = folder / "folder.toml"
    directory.mkdir()
    big = folder / "over-10-mb.toml"
    with big.open("wb") as handle:
        handle.write(b'schema = 1\nform = "hunan-department"\n# ')
        handle.truncate(11 * 1024 * 1024)
    return [
        Case("fifo.toml", fifo, REFUSED, words="是命名管道（FIFO），不是报告文件"),
        Case("dev-zero.toml", zero, REFUSED, words="是指向字符设备的符号链接"),
        Case("dangling.toml", dangling, REFUSED, words="是指向不存在位置的符号链接"),
        Case("folder.toml", directory, REFUSED, words="是文件夹", batch=2),
        Case("over-10-mb.toml", big, REFUSED, words="文件过大（11.0 MB，上限 10 MB）"),
    ]


def _edit_map(source: bytes, change: Callable[[Any], None]) -> bytes:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(source))
    change(book["_jixiao"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _first_input_row(sheet: Any, key: str | None = None) -> int:
    for row in range(8, sheet.max_row + 1):
        if sheet.cell(row, 5).value == "input" and (key is None or sheet.cell(row, 1).value == key):
            return row
    raise AssertionError(key)


def _set(cell: tuple[int, int], value: Any, key: str | None = None) -> Callable[[Any], None]:
    def change(sheet: Any) -> None:
        row = cell[0] if cell[0] else _first_input_row(sheet, key)
        sheet.cell(row, cell[1]).value = value
    return change


def _rezip(source: bytes, member: str, transform: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info.filename, transform(data) if info.filename == member else data)
    return out.getvalue()


def _utf16_doctype(data: bytes) -> bytes:
    text = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    head, _, rest = text.partition("?>")
    return (head + '?><!DocType w [<!ENTITY a "aaaaaaaa">]>' + rest).encode("utf-16")


def _workbooks(folder: Path, exported: bytes) -> list[Case]:
    """The red-team's hostile maps and packages; `exported` is the reference as exported."""
    books: list[tuple[str, int, str, bytes]] = [
        ("map-range.xlsx", 2, "不是一个单元格的位置", _edit_map(exported, _set((0, 3), "A1:XFD1048576"))),
        ("map-cell-foo.xlsx", 2, "不是一个单元格的位置", _edit_map(exported, _set((0, 3), "foo"))),
        ("map-cell-a1b3.xlsx", 2, "已失效", _edit_map(exported, _set((0, 3), "='附件1 基础数据表'!A1:B3"))),
        ("map-key-dots.xlsx", 2, "不是有效的键", _edit_map(exported, _set((0, 1), "a..b"))),
        ("map-key-clash.xlsx", 2, "冲突", _edit_map(exported, _set((0, 1), "unit", "unit.short_name"))),
        ("map-key-form.xlsx", 2, "保留的键", _edit_map(exported, _set((0, 1), "form"))),
        ("map-kind.xlsx", 2, "无法识别", _edit_map(exported, _set((0, 4), "exec"))),
        ("meta-form.xlsx", 2, "未知的表单类型", _edit_map(exported, _set((4, 2), "sample-junshan-ccpit-2024"))),
        ("meta-schema-99.xlsx", 2, "schema = 99 不受支持", _edit_map(exported, _set((3, 2), 99))),
        ("cell-40000-chars.xlsx", 1, "超过单元格的上限 32767",
         _long_text(exported, 40_000)),
        ("cell-10-mb.xlsx", 2, "疑似压缩炸弹", _long_text(exported, 10_000_000)),
        ("utf16-doctype.xlsx", 2, "含有 DTD 或实体声明", _rezip(exported, "xl/workbook.xml", _utf16_doctype)),
        ("not-a-zip.xlsx", 2, "不是有效的 zip 文件", (HOSTILE / "binary.toml").read_bytes()),
        ("strings-1.5m.xlsx", 2, "共享字符串超过 1000000 个", _shared_strings(exported, 1_500_000)),
    ]
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    books.append(("a-word-file.xlsx", 2, "缺少 xl/workbook.xml", docx.getvalue()))
    cases = []
    for name, status, words, payload in books:
        (folder / name).write_bytes(payload)
        cases.append(Case(name, folder / name, BOOK, status, words=words))
    return cases


def _shared_strings(exported: bytes, count: int) -> bytes:
    """The workbook with a shared-string table of `count` distinct items (11 MB at 1.5
    million, within every size cap; openpyxl took 21 s to read it)."""
    items = "".join(f"<si><t>{n:08x}</t></si>" for n in range(count))
    table = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
             f'spreadsheetml/2006/main" count="{count}" uniqueCount="{count}">{items}</sst>').encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(exported)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdStrings" Type="http://schemas.openxml'
                                    b'formats.org/officeDocument/2006/relationships/sharedStrings" '
                                    b'Target="sharedStrings.xml"/></Relationships>')
            new.writestr(info.filename, data)
        new.writestr("xl/sharedStrings.xml", table)
    return out.getvalue()


def _long_text(exported: bytes, size: int) -> bytes:
    """The workbook with the first text input of its map `size` characters long, written
    into the sheet's XML (openpyxl would cut it to Excel's 32,767)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(exported))
    sheet = book["_jixiao"]
    row = next(r for r in range(8, sheet.max_row + 1)
               if sheet.cell(r, 5).value == "input" and sheet.cell(r, 4).value == "text")
    where = str(sheet.cell(row, 3).value).rsplit("!", 1)[-1].replace("$", "")
    member = f"xl/worksheets/sheet{book.sheetnames.index(sheet.cell(row, 2).value) + 1}.xml"

    def lengthen(data: bytes) -> bytes:
        cell = re.compile(rf'<c r="{where}"[^>]*?(?:/>|>.*?</c>)'.encode(), re.S)
        long = f'<c r="{where}" t="inlineStr"><is><t>{"x" * size}</t></is></c>'.encode()
        changed, count = cell.subn(lambda _match: long, data, count=1)
        assert count == 1, (member, where)
        return changed

    return _rezip(exported, member, lengthen)


def build(folder: Path, exported: bytes) -> list[Case]:
    """Every case, made in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []
    for name, words in SMALL.items():
        target = folder / name
        target.write_bytes((HOSTILE / name).read_bytes())
        cases.append(Case(name, target, REFUSED, words=words))
    for name, kind, status, new_from, words, text in _from_reference():
        target = folder / name
        target.write_text(text, encoding="utf-8")
        cases.append(Case(name, target, kind, status, new_from, words))
    return cases + _special(folder) + _workbooks(folder, exported)


def expected(case: Case, command: str) -> int:
    """The exit status a command must give for a case (README, "Commands")."""
    if command == "batch" and case.batch is not None:
        return case.batch
    if case.kind == BOOK:
        return {"import": case.status, "batch": 1}.get(command, 2)
    if command == "import":
        return 2  # a report file is no workbook
    if case.kind == REFUSED:
        return 1 if command == "batch" else 2
    if command == "new-from":
        return case.new_from
    return case.status
