"""The seed Word files and the Word reader prove each other against the published text.

`seed_docx.build()` rebuilds the department's file from the seed text with real merged
cells; `exports.docx.cells` reads it back one entry per `w:tc`. If both are right, the
faithful file reads back as exactly the seed's cells, table by table, in reading order;
a mistake in either shows up as a differing cell. Each robustness variant must differ
from the faithful file in exactly its one intended way, or the importer tests built on
them would test something else. Hostile files must be refused before python-docx parses.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from exports.docx.cells import (
    DocParagraph,
    DocTable,
    DocumentRefused,
    check_docx,
    document_blocks,
    table_cells,
    table_layout,
)
from tests.exports.conftest import convert
from tests.helpers import seed_docx, seed_text
from tests.helpers.seed_text import cells_in_reading_order, strip_markers

libreoffice = pytest.mark.libreoffice

SEED = seed_text.tables()


@pytest.fixture(scope="module")
def built() -> dict[str, bytes]:
    return {variant: seed_docx.build(variant) for variant in seed_docx.VARIANTS}


def _tables(data: bytes) -> dict[str, DocTable]:
    """The file's tables keyed by the 附件N paragraph before each."""
    out: dict[str, DocTable] = {}
    label = ""
    for block in document_blocks(data):
        if isinstance(block, DocParagraph) and re.fullmatch(r"附件\d", block.text):
            label = block.text
        elif isinstance(block, DocTable):
            out[label] = block
    return out


def test_seed_parse_has_the_rows_and_cells_counted_by_hand() -> None:
    shapes = {name: [len(row) for row in table] for name, table in SEED.items()}
    assert shapes == {"附件1": [4] * 20 + [7, 7, 2],
                      "附件2": [2, 8, 8] + [3] * 7 + [9] * 14 + [4],
                      "附件5": [4] * 4 + [3] * 6}
    assert [len(cells_in_reading_order(t)) for t in SEED.values()] == [96, 169, 34]
    one, two, five = SEED.values()
    assert one[0] == ["财政供养人员情况（人）", "编制数", "2024年实际在职人数", "控制率"]
    assert one[1] == ["", "8\u3000", "7", "87.5%\u3000"]
    assert one[3][1] == "\u300011.64" and one[18][1] == "31.55\u3000\u3000"
    assert two[10][0] == "绩\n效\n指\n标\n" and two[10][8] == "偏差原因分析及改进措施"
    assert two[11][1] == "产出指标\n\n(50分)" and two[19][1] == "效益指标\n\n（30分）\n\u3000"
    assert two[9][2].endswith("税务登记。\n")  # 实际完成情况 closes with an empty paragraph
    assert five[7][1] == "\n反映问\n题情况\n（20分）" and five[9] == ["合计", "100分", "\u300098"]
    paragraphs = seed_text.paragraphs()
    assert paragraphs[-1] == " " and "[bookmark: _GoBack]附件2" in paragraphs
    assert strip_markers("[bookmark: _GoBack]附件2") == ("附件2", ["_GoBack"])


def test_faithful_file_reads_back_as_the_seed(built: dict[str, bytes]) -> None:
    got = list(document_blocks(built["faithful"]))
    seed = seed_text.blocks()
    assert [isinstance(b, DocTable) for b in got] == [not isinstance(b, str) for b in seed]
    for block, expected in zip(got, seed, strict=True):
        if isinstance(expected, str):
            assert isinstance(block, DocParagraph)
            assert (block.text, list(block.bookmarks)) == strip_markers(expected)
    tables = _tables(built["faithful"])
    assert list(tables) == ["附件1", "附件2", "附件5"]  # 附件5 right after 附件2
    for name, table in tables.items():
        assert cells_in_reading_order(table.cells()) == cells_in_reading_order(SEED[name]), name
        assert table.cells() == SEED[name] and table.nested == 0


def test_faithful_headings_mix_word_styles_and_plain_bold(built: dict[str, bytes]) -> None:
    from docx import Document

    document = Document(io.BytesIO(built["faithful"]))
    by_text = {p.text: p for p in document.paragraphs}
    for text, style in (("1、 部门（单位）基本情况", "Heading 1"), ("（1） 、单位职能", "Heading 2"),
                        ("4、 国有资本经营预算支出情况", "Heading 1"), ("二、一般公共预算支出情况", "Normal"),
                        ("（二）、机构设置", "Normal"), ("十、其他需要说明的情况", "Normal")):
        paragraph = by_text[text]
        assert paragraph.style is not None and paragraph.style.name == style, text
        assert all(run.bold for run in paragraph.runs), text
    assert not any(run.bold for run in by_text["无"].runs)


def test_faithful_merges_are_real_word_merges(built: dict[str, bytes]) -> None:
    from docx import Document

    document = Document(io.BytesIO(built["faithful"]))
    word_tables = dict(zip(["附件1", "附件2", "附件5"], document.tables, strict=True))
    for name, table in word_tables.items():
        layout = table_layout(table)
        continued = {(r, c) for r, row in enumerate(layout) for c, cell in enumerate(row)
                     if cell.v_merge == "continue"}
        blank = {(r, c) for r, row in enumerate(SEED[name]) for c, text in enumerate(row)
                 if text == ""}
        assert continued == blank - seed_docx.GENUINELY_EMPTY[name], name
        assert table_cells(table) == SEED[name]
    two = table_layout(word_tables["附件2"])

    def run(col: int, top: int) -> int:
        """Rows the vertical merge starting at (top, col) covers."""
        assert two[top][col].v_merge == "restart"
        end = top + 1
        while end < len(two) and two[end][col].v_merge == "continue":
            end += 1
        return end - top

    assert [run(0, 1), run(0, 8), run(0, 10)] == [7, 2, 14]  # 年度预算申请 年度总体目标 绩效指标
    assert [run(1, 11), run(1, 19), run(2, 11), run(2, 14)] == [8, 4, 3, 3]  # 产出 效益 数量 质量
    assert two[23][1].v_merge == ""  # 满意度指标: one row, nothing to merge
    assert [c.grid_span for c in two[0]] == [3, 6] and [c.grid_span for c in two[24]] == [6, 1, 1, 1]
    assert [c.grid_col for c in two[3]] == [0, 1, 5]
    assert len(word_tables["附件2"].rows[3].cells) == 9  # python-docx's grid view repeats cells
    xml = zipfile.ZipFile(io.BytesIO(built["faithful"])).read("word/document.xml")
    assert b'<w:vMerge w:val="restart"/>' in xml and b"<w:vMerge/>" in xml  # as Word writes


def _rows_without(table: list[list[str]], *drop: int) -> list[list[str]]:
    return [row for r, row in enumerate(table) if r not in drop]


def test_merged_split_repeats_indicator_labels_and_blanks_the_rest(built: dict[str, bytes]) -> None:
    tables = _tables(built["merged_split"])
    assert not any(cell.v_merge for t in tables.values() for row in t.layout for cell in row)
    two = tables["附件2"].cells()
    assert [row[1] for row in two[11:19]] == ["产出指标\n\n(50分)"] * 8
    assert [row[2] for row in two[11:17]] == ["数量指标"] * 3 + ["质量指标"] * 3
    assert [row[0] for row in two[11:24]] == [""] * 13 and two[2][0] == ""
    for name, table in tables.items():
        for r, row in enumerate(table.cells()):
            for c, text in enumerate(row):
                if SEED[name][r][c] != text:  # only merged-over cells of 附件2's label columns
                    assert (name, SEED[name][r][c], c) == ("附件2", "", c) and c in (1, 2)


def test_rows_reordered_swaps_two_cost_rows_and_two_indicator_rows(built: dict[str, bytes]) -> None:
    tables = {name: t.cells() for name, t in _tables(built["rows_reordered"]).items()}
    one, two = [list(SEED["附件1"]), list(SEED["附件2"])]
    assert [one[7][0], one[8][0], two[17][2], two[18][2]] == \
        ["   2、出国经费", "   3、公务接待", "时效指标", "成本指标"]
    one[7], one[8] = one[8], one[7]
    two[17], two[18] = two[18], two[17]
    assert tables == {"附件1": one, "附件2": two, "附件5": SEED["附件5"]}


def test_row_missing_deletes_one_cost_row_and_one_indicator_row(built: dict[str, bytes]) -> None:
    tables = _tables(built["row_missing"])
    assert SEED["附件1"][7][0] == "   2、出国经费" and SEED["附件2"][16][3] == "加强廉政教育率"
    assert tables["附件1"].cells() == _rows_without(SEED["附件1"], 7)
    assert tables["附件2"].cells() == _rows_without(SEED["附件2"], 16)
    assert tables["附件5"].cells() == SEED["附件5"]
    quality = [row[2].v_merge for row in tables["附件2"].layout[14:17]]
    assert quality == ["restart", "continue", ""]  # 质量指标 now merges two rows


def test_row_extra_adds_an_unknown_cost_row_and_an_indicator_row(built: dict[str, bytes]) -> None:
    tables = _tables(built["row_extra"])
    one, two = list(SEED["附件1"]), list(SEED["附件2"])
    one.insert(18, ["          物业管理费", "0", "0", "0"])
    two.insert(14, ["", "", "", "举办招商推介会", "≥2次", "3次", "0", "0", "无偏差"])
    assert {name: t.cells() for name, t in tables.items()} == \
        {"附件1": one, "附件2": two, "附件5": SEED["附件5"]}
    assert [row[2].v_merge for row in tables["附件2"].layout[11:15]] == ["restart"] + ["continue"] * 3


def test_table_as_text_pastes_attachment_1_as_tab_separated_paragraphs(
        built: dict[str, bytes]) -> None:
    got = list(document_blocks(built["table_as_text"]))
    assert sum(isinstance(b, DocTable) for b in got) == 2
    texts = [b.text if isinstance(b, DocParagraph) else None for b in got]
    start = texts.index("2024年度部门整体支出绩效评价基础数据表") + 1
    assert texts[start:start + 23] == ["\t".join(row) for row in SEED["附件1"]]
    assert texts[start + 1] == "\t8\u3000\t7\t87.5%\u3000"
    assert list(_tables(built["table_as_text"])) == ["附件2", "附件5"]


def test_unknown_variant_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown variant"):
        seed_docx.build("shuffled")


CT = "[Content_Types].xml"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _with(data: bytes, changes: dict[str, bytes]) -> bytes:
    """The docx `data` with members replaced or added."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    return _zip(members | changes)


def test_hostile_files_are_refused_before_parsing(built: dict[str, bytes], tmp_path: Path) -> None:
    good = built["faithful"]
    document = zipfile.ZipFile(io.BytesIO(good)).read("word/document.xml")
    types = zipfile.ZipFile(io.BytesIO(good)).read(CT)
    doctype = b'<?xml version="1.0"?><!DocType w [<!ENTITY a "aaaa">]><w>&a;</w>'
    hidden = types.replace(b"</Types>", b'<Override PartName="/word/x.png" ContentType='
                           b'"application/vnd.openxmlformats-officedocument.theme+xml"/></Types>')
    cases = [
        ("不是有效的 zip", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),  # an old .doc
        ("缺少 word/document.xml", _zip({"[Content_Types].xml": types})),
        ("DTD 或实体", _with(good, {"word/document.xml": doctype})),
        ("不是 UTF-8", _with(good, {"word/document.xml": document.decode().encode("utf-16")})),
        ("x.png 含有 DTD", _with(good, {CT: hidden, "word/x.png": doctype})),  # XML by its type
        ("压缩炸弹", _with(good, {"word/zeros.xml": bytes(2 << 20)})),
        ("文件过大", b"\0" * (20 * 1024 * 1024 + 1)),
    ]
    for reason, data in cases:
        with pytest.raises(DocumentRefused, match=reason):
            check_docx(data)
        with pytest.raises(DocumentRefused):
            document_blocks(data)
    ole = types.replace(b"</Types>", b'<Default Extension="bin" ContentType='
                        b'"application/vnd.openxmlformats-officedocument.oleObject"/></Types>')
    check_docx(_with(good, {CT: ole, "word/embeddings/oleObject1.bin": b"\0\1" * 4096}))
    path = tmp_path / "报告.docx"
    path.write_bytes(good)
    assert [b.cells() for b in document_blocks(path) if isinstance(b, DocTable)] == list(SEED.values())
    with pytest.raises(DocumentRefused, match="文件不存在"):
        check_docx(tmp_path / "missing.docx")


def test_reader_shows_what_word_shows(tmp_path: Path) -> None:
    from docx import Document
    from docx.oxml import parse_xml

    document = Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 1).add_table(rows=1, cols=2).cell(0, 1).text = "内"
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    table.cell(0, 0)._tc.append(parse_xml(
        f'<w:p {ns}><w:r><w:t>留</w:t></w:r><w:del><w:r><w:delText>删</w:delText></w:r></w:del>'
        f'<w:ins><w:r><w:t>增</w:t><w:tab/><w:t>a</w:t><w:br/><w:t>b</w:t></w:r></w:ins>'
        f'<w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:br w:type="page"/></w:r></w:p>'))
    path = tmp_path / "r.docx"
    document.save(str(path))
    (block,) = [b for b in document_blocks(path) if isinstance(b, DocTable)]
    # the nested table's two cells become lines between the cell's own (empty) paragraphs
    assert block.cells() == [["\n留增\ta\nb", "\n\n内\n"]] and block.nested == 1
    with pytest.raises(TypeError):
        table_cells(object())


@libreoffice
def test_faithful_file_converts_to_pdf(built: dict[str, bytes], tmp_path: Path) -> None:
    source = tmp_path / "seed-faithful.docx"
    source.write_bytes(built["faithful"])
    pdf = convert([source], tmp_path / "pdf", "pdf", tmp_path / "profile")[0]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 10
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "总分" in text and "考核评分表" in text and "无偏差" in text
