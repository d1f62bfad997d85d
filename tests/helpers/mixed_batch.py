"""A bureau's folder as it really arrives: data files, Word reports, workbooks, some broken.

`write_mixed(folder, count)` writes `count` files and returns what `jixiao batch` must
say about each: its kind, whether it can be read, and its error count. The truth comes
from outside the importer wherever it can: generated data files carry their own
(tests/generate_reports.py); Word reports and workbooks jixiao exports from those
reports must read back to the same errors; the department's seed Word file has the
reference's (0 errors); broken files are broken by construction (not a zip, cut short,
a Word file or workbook of something else). Only the hand-filled template, which holds
no 正文, has its error count taken from reading it once.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from tests.generate_reports import generate
from tests.helpers import seed_docx, seed_xlsx

__all__ = ["MixedFile", "Expected", "write_mixed"]


@dataclass(frozen=True)
class MixedFile:
    name: str
    kind: str  # toml · docx · xlsx
    readable: bool
    errors: int | None  # None: taken from reading the file (the hand-filled template)
    reason: str = ""  # a word of the refusal, for an unreadable file


@dataclass
class Expected:
    files: list[MixedFile] = field(default_factory=list)

    @property
    def kinds(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for item in self.files:
            out[item.kind] = out.get(item.kind, 0) + 1
        return out

    @property
    def unreadable(self) -> int:
        return sum(1 for item in self.files if not item.readable)


@cache
def _seed_word() -> bytes:
    return seed_docx.build("faithful")


@cache
def _seed_extra() -> bytes:
    return seed_docx.build("row_extra")


@cache
def _template() -> bytes:
    return seed_xlsx.build("faithful")


@cache
def _not_a_report() -> tuple[bytes, bytes]:
    from docx import Document
    from openpyxl import Workbook

    document = Document()
    document.add_paragraph("会议纪要：关于办公楼维修的安排")
    word = io.BytesIO()
    document.save(word)
    book = Workbook()
    book.active.append(["姓名", "电话"])
    sheet = io.BytesIO()
    book.save(sheet)
    return word.getvalue(), sheet.getvalue()


def _export(payload: bytes, suffix: str) -> bytes:
    from core.evaluate import evaluate
    from core.storage import loads

    report = loads(payload.decode("utf-8"))
    evaluation = evaluate(report)
    if suffix == ".docx":
        from exports.docx.write import render as word

        return word(report, evaluation)
    from exports.xlsx.write import render as workbook

    return workbook(report, evaluation)


def write_mixed(folder: Path, count: int = 200, seed: int = 7) -> Expected:
    """Write `count` files into `folder` (about 45% data files, 25% Word, 20% workbooks, 10% broken)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    expected = Expected()
    shares = {"toml": 0.45, "docx-export": 0.08, "docx-seed": 0.12, "docx-extra": 0.05, "xlsx-export": 0.08,
              "xlsx-template": 0.12, "bad-zip": 0.03, "bad-cut": 0.03, "bad-word": 0.02, "bad-book": 0.02}
    plan = [kind for kind, share in shares.items() for _ in range(round(share * count))]
    plan = (plan + ["toml"] * count)[:count]
    rng.shuffle(plan)
    generated = iter(generate(count, seed=seed, broken=0.1, faulty=0.3))
    clean = iter([g for g in generate(count, seed=seed + 1, broken=0, faulty=0.3)])
    for i, kind in enumerate(plan):
        stem = f"{i:03d}"
        if kind == "toml":
            item = next(generated)
            (folder / f"{stem}.toml").write_bytes(item.payload)
            expected.files.append(MixedFile(f"{stem}.toml", "toml", item.readable, item.errors, item.reason))
        elif kind in ("docx-export", "xlsx-export"):
            item = next(clean)
            suffix = ".docx" if kind == "docx-export" else ".xlsx"
            (folder / f"{stem}{suffix}").write_bytes(_export(item.payload, suffix))
            expected.files.append(MixedFile(f"{stem}{suffix}", suffix[1:], True, item.errors))
        elif kind == "docx-seed":
            (folder / f"{stem}.docx").write_bytes(_seed_word())
            expected.files.append(MixedFile(f"{stem}.docx", "docx", True, 0))
        elif kind == "docx-extra":
            (folder / f"{stem}.docx").write_bytes(_seed_extra())
            expected.files.append(MixedFile(f"{stem}.docx", "docx", True, None))
        elif kind == "xlsx-template":
            (folder / f"{stem}.xlsx").write_bytes(_template())
            expected.files.append(MixedFile(f"{stem}.xlsx", "xlsx", True, None))
        elif kind == "bad-zip":
            (folder / f"{stem}.docx").write_bytes(b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(300)))
            expected.files.append(MixedFile(f"{stem}.docx", "docx", False, 0, "不是"))
        elif kind == "bad-cut":
            (folder / f"{stem}.xlsx").write_bytes(_template()[:2000])
            expected.files.append(MixedFile(f"{stem}.xlsx", "xlsx", False, 0, "工作簿"))
        elif kind == "bad-word":
            (folder / f"{stem}.docx").write_bytes(_not_a_report()[0])
            expected.files.append(MixedFile(f"{stem}.docx", "docx", False, 0, "不像"))
        else:
            (folder / f"{stem}.xlsx").write_bytes(_not_a_report()[1])
            expected.files.append(MixedFile(f"{stem}.xlsx", "xlsx", False, 0, "不像"))
    return expected
