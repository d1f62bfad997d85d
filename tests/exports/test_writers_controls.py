"""Control characters in a report's text reach no exported file raw: Word's \\v becomes a line
break in the Word, Excel and Markdown files alike, ESC and NUL are written as escapes, and the
Markdown file (plain text a terminal prints) shows bidi and C1 controls as escapes too."""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path
from typing import Any

from core.evaluate import evaluate
from core.visible import has_controls

HOSTILE = "单位\x1b]0;pwned\x07\x1b[2J甲\v乙\x00丙\u202e丁\x9b"


def _report(reference: Any) -> Any:
    report = copy.deepcopy(reference)
    report.data["unit"]["name"] = HOSTILE
    return report


def test_markdown_holds_no_control_character(reference: Any) -> None:
    from exports.markdown import render

    report = _report(reference)
    text = render(report, evaluate(report))
    assert not has_controls(text)
    assert "单位\\x1b]0;pwned\\x07\\x1b[2J甲\n乙\\x00丙\\u202e丁\\x9b" in text.replace("  \n", "\n")


def test_word_and_excel_break_the_line_and_escape_the_rest(reference: Any, tmp_path: Path) -> None:
    from exports.docx import write as docx_write
    from exports.xlsx import write as xlsx_write

    report = _report(reference)
    evaluation = evaluate(report)
    for writer, name in ((docx_write.write, "r.docx"), (xlsx_write.write, "r.xlsx")):
        out = writer(report, evaluation, report.spec, tmp_path / name)
        with zipfile.ZipFile(out) as archive:
            xml = "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml"))
        assert "\x1b" not in xml and "\x00" not in xml and "\v" not in xml, name
        assert "单位\\x1b]0;pwned\\x07\\x1b[2J甲" in xml, name
