"""One way in for every file a report may come as: a data file, a Word report, a workbook.

`jixiao import`, `batch` and `diff` all take what a bureau receives. A `.docx` is read
through the form (exports.docx.read), a workbook jixiao wrote through its `_jixiao` map
(exports.xlsx.read, exact), any other workbook as a hand-filled official template
(exports.xlsx.template_read). Each answer is an ImportReport, so the three commands say
the same thing about the same file. `KINDS` names each kind of file for people.
"""

from __future__ import annotations

from pathlib import Path

from core.readback.model import FILE_KINDS, ImportReport, Unmatched, Where

__all__ = ["IMPORTABLE", "KINDS", "import_file", "kind_of_file", "warm"]

IMPORTABLE = (".docx", ".xlsx")
KINDS = FILE_KINDS


def warm() -> None:
    """Import the readers and their libraries once, before `jixiao batch` forks its workers
    (core.batch calls it), so no worker pays for python-docx and openpyxl again."""
    import defusedxml.ElementTree  # noqa: F401
    import docx  # noqa: F401
    import openpyxl  # noqa: F401

    import exports.docx.read  # noqa: F401
    import exports.xlsx.read  # noqa: F401
    import exports.xlsx.template_read  # noqa: F401


def kind_of_file(path: Path) -> str:
    suffix = path.suffix.lower()
    return {".docx": "docx", ".xlsx": "xlsx"}.get(suffix, "toml")


def _is_summary(path: Path) -> bool:
    from exports.batch_summary import is_summary
    from exports.safe_zip import check_xlsx

    return is_summary(check_xlsx(path))


def _from_map(path: Path) -> ImportReport:
    """A jixiao workbook read through its map, told as an import report."""
    from exports.xlsx.read import read_workbook

    result = read_workbook(path)
    out = ImportReport(file=str(path), kind="jixiao-xlsx", report=result.report,
                       notes=list(result.warnings))
    if result.report is not None:
        out.form, out.form_name = result.report.spec.id, result.report.spec.name
    for error in result.errors:
        out.unmatched.append(Unmatched(Where("工作簿"), error, "工作簿中的错误"))
    if result.report is None:
        out.refused = "；".join(result.errors) or f"{path}：无法导入"
    return out


def import_file(path: Path) -> ImportReport:
    """Read a .docx or .xlsx; a file that cannot be opened safely is a refused report (never raises
    for a bad file: DocumentRefused and WorkbookRefused become the reason)."""
    from exports.docx.cells import DocumentRefused
    from exports.safe_zip import WorkbookRefused

    path = Path(path)
    kind = kind_of_file(path)
    try:
        if kind == "docx":
            from exports.docx.read import read_docx

            return read_docx(path)
        if kind == "xlsx":
            from exports.xlsx.map import EXPECTED
            from exports.xlsx.template_read import has_map, read_template

            if has_map(path):
                return _from_map(path)
            if _is_summary(path):
                return ImportReport(file=str(path), kind="batch-summary",
                                    refused=f"{path}：是 jixiao batch 写出的汇总表，不是报告")
            result = read_template(path)
            if result.refused is not None:  # neither kind of workbook: say what either would be
                result.refused += f"；也不是{EXPECTED}"
            return result
    except (DocumentRefused, WorkbookRefused) as exc:
        return ImportReport(file=str(path), kind=kind, refused=str(exc))
    return ImportReport(file=str(path), kind=kind, refused=f"{path}：不是 Word 文档（.docx）或工作簿（.xlsx）")
