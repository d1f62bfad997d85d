"""Read a department's Word file exactly: body paragraphs and tables, one entry per `w:tc`.

The importer must find each figure of 附件1/2/5 where the department put it. python-docx's
`row.cells` answers with the grid: a cell spanning three columns comes back three times
and a vertically merged label once per row it covers, so 产出指标 seems to own eight rows
of figures and a row's length depends on its merges. Here a table is read as Word stores
it: one entry per `w:tc`, a vertical-merge continuation (`w:vMerge` without
`w:val="restart"`) read as "" (what a text extractor prints, and what the test seed
records), each cell's grid column, `w:gridSpan` and merge state in `table_layout`. A cell's
paragraphs are joined by "\n"; a table nested in a cell is flattened into the cell's text
and counted in `DocTable.nested`. Text is what Word shows: runs in hyperlinks, insertions,
field results and content controls are kept; deleted text, field codes and text boxes are
not; `w:tab` is "\t", a line break "\n"; automatic list numbers, which are not stored in
the text, are not produced.

A file from outside is untrusted: `document_blocks` calls `check_docx` first, which is
`exports.safe_zip.check_zip` (file and member sizes, zip-bomb ratio, member count, a DTD
or entity declaration in any part python-docx could parse as XML — parts that
[Content_Types].xml declares XML under another name included), with XML parts in UTF-8
only.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from typing import NamedTuple, Protocol, cast

from exports.safe_zip import ZipRefused, check_zip

__all__ = ["CellInfo", "DocParagraph", "DocTable", "DocumentRefused", "check_docx",
           "document_blocks", "table_cells", "table_layout"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Elements whose runs Word shows as part of the paragraph; anything else (w:del,
# w:moveFrom, mc:AlternateContent with its text boxes, properties) is not text.
_CONTAINERS = {f"{_W}{name}" for name in ("hyperlink", "ins", "moveTo", "smartTag", "customXml",
                                          "sdt", "sdtContent", "fldSimple", "bdo", "dir")}
_BLOCK_WRAPPERS = {f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"}


class XmlElement(Protocol):  # the part of lxml's element API used here
    tag: object
    text: str | None

    def get(self, key: str, default: None = None) -> str | None: ...

    def __iter__(self) -> Iterator[XmlElement]: ...


class CellInfo(NamedTuple):
    """One `w:tc`: its text ("" if it continues a merge), grid position and merges."""

    text: str
    grid_col: int  # first grid column it covers (w:gridBefore counted)
    grid_span: int  # w:gridSpan, 1 when absent
    v_merge: str  # "" none, "restart" top of a vertical merge, "continue" merged over
    h_merge: str  # the same for the legacy w:hMerge


class DocParagraph(NamedTuple):
    text: str
    style: str  # w:pStyle id ("Heading1"), "" for the default
    bookmarks: tuple[str, ...]


class DocTable(NamedTuple):
    layout: list[list[CellInfo]]
    nested: int  # tables found inside its cells (their text is in the cells')

    def cells(self) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.layout]


class DocumentRefused(ZipRefused):  # the message says why, in Chinese
    pass


def _child(element: XmlElement | None, tag: str) -> XmlElement | None:
    if element is None:
        return None
    return next((child for child in element if child.tag == tag), None)


def _val(element: XmlElement | None, default: str) -> str:
    return default if element is None else (element.get(f"{_W}val") or default)


def _blocks(container: XmlElement) -> Iterator[XmlElement]:
    """`w:p` and `w:tbl` children in order, looking through content controls."""
    for child in container:
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _blocks(child)


def _run_text(run: XmlElement) -> str:
    out = []
    for item in run:
        if item.tag == f"{_W}t":
            out.append(item.text or "")
        elif item.tag in (f"{_W}tab", f"{_W}ptab"):
            out.append("\t")
        elif item.tag == f"{_W}cr" or (item.tag == f"{_W}br" and item.get(f"{_W}type")
                                       in (None, "textWrapping")):
            out.append("\n")
        elif item.tag == f"{_W}noBreakHyphen":
            out.append("-")
    return "".join(out)


def _paragraph_text(element: XmlElement, marks: list[str] | None = None) -> str:
    out = []
    for child in element:
        if child.tag == f"{_W}r":
            out.append(_run_text(child))
        elif child.tag in _CONTAINERS:
            out.append(_paragraph_text(child, marks))
        elif child.tag == f"{_W}bookmarkStart" and marks is not None:
            marks.append(child.get(f"{_W}name") or "")
    return "".join(out)


def _cell_text(tc: XmlElement, counter: list[int]) -> str:
    lines = []
    for block in _blocks(tc):
        if block.tag == f"{_W}p":
            lines.append(_paragraph_text(block))
        else:
            counter[0] += 1
            lines.extend(cell.text for row in _layout(block, counter) for cell in row)
    return "\n".join(lines)


def _parts(parent: XmlElement, tag: str) -> Iterator[XmlElement]:
    """`w:tr` of a table or `w:tc` of a row, looking through content controls."""
    for child in parent:
        if child.tag == f"{_W}{tag}":
            yield child
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _parts(child, tag)


def _merge_state(mark: XmlElement | None) -> str:
    """`<w:vMerge w:val="restart"/>` starts a merge; a bare `<w:vMerge/>` continues one."""
    return "" if mark is None else ("restart" if _val(mark, "") == "restart" else "continue")


def _layout(tbl: XmlElement, counter: list[int]) -> list[list[CellInfo]]:
    layout = []
    for tr in _parts(tbl, "tr"):
        props = _child(tr, f"{_W}trPr")
        col = int(_val(_child(props, f"{_W}gridBefore"), "0"))
        row = []
        for tc in _parts(tr, "tc"):
            tc_pr = _child(tc, f"{_W}tcPr")
            span, v_merge, h_merge = 1, "", ""
            if tc_pr is not None:
                span = max(1, int(_val(_child(tc_pr, f"{_W}gridSpan"), "1")))
                v_merge = _merge_state(_child(tc_pr, f"{_W}vMerge"))
                h_merge = _merge_state(_child(tc_pr, f"{_W}hMerge"))
            merged_over = "continue" in (v_merge, h_merge)
            text = "" if merged_over else _cell_text(tc, counter)
            row.append(CellInfo(text, col, span, v_merge, h_merge))
            col += span
        layout.append(row)
    return layout


def _element(table: object) -> XmlElement:
    """A python-docx Table's `w:tbl` (its `_tbl`), or a `w:tbl` element itself."""
    element = getattr(table, "_tbl", table)
    if getattr(element, "tag", None) != f"{_W}tbl":
        raise TypeError(f"not a Word table: {element!r}")
    return cast(XmlElement, element)


def table_layout(table: object) -> list[list[CellInfo]]:
    """Every `w:tc` of every row with its grid column, span and merge state."""
    return _layout(_element(table), [0])


def table_cells(table: object) -> list[list[str]]:
    """The cell texts, one per `w:tc`; a vertically merged-over cell is ""."""
    return [[cell.text for cell in row] for row in table_layout(table)]


def _body_blocks(body: XmlElement) -> Iterator[DocParagraph | DocTable]:
    for block in _blocks(body):
        if block.tag == f"{_W}tbl":
            counter = [0]
            yield DocTable(_layout(block, counter), counter[0])
            continue
        marks: list[str] = []
        text = _paragraph_text(block, marks)
        style = _val(_child(_child(block, f"{_W}pPr"), f"{_W}pStyle"), "")
        yield DocParagraph(text, style, tuple(marks))


def document_blocks(source: str | os.PathLike[str] | bytes) -> Iterator[DocParagraph | DocTable]:
    """Paragraphs and tables of the body in order; checks the file before parsing it."""
    check_docx(source)
    from docx import Document

    name = "Word 文档" if isinstance(source, bytes) else str(source)
    try:
        document = Document(io.BytesIO(source) if isinstance(source, bytes) else os.fspath(source))
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise DocumentRefused(f"{name}：无法读取 Word 文档（{type(exc).__name__}: {exc}）") from None
    return iter(list(_body_blocks(document.element.body)))


def check_docx(source: str | os.PathLike[str] | bytes) -> None:
    """Raise DocumentRefused unless `source` (a path or the file's bytes) is safe to parse.

    exports.safe_zip.check_zip does the work, for Word files with XML in UTF-8 only."""
    try:
        check_zip(source, "docx 文档", required=("[Content_Types].xml", "word/document.xml"),
                  utf16=False, not_zip_hint="；旧版 .doc 请另存为 .docx")
    except ZipRefused as exc:
        raise DocumentRefused(str(exc)) from None
