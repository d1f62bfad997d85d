"""Recalculate a workbook jixiao wrote, in Python, with the `formulas` package.

The LibreOffice comparison (tests/exports/test_xlsx_recalc.py) is the authority on what
Excel/WPS users see, but it needs soffice; on a machine without it nothing checked that
the exported formulas compute what core computes. This helper gives the always-on suite
a second, pip-installable spreadsheet engine for the same comparison.

What `formulas` 1.3.4 was checked to get right on jixiao's constructs, so nothing is
patched for them (tests/exports/test_xlsx_formulas.py pins each one): ISBLANK of an empty
cell and of a merged cell's hidden part is TRUE, of a formula returning "" FALSE; an
empty cell is 0 in arithmetic and `=A1` of an empty cell is 0; COUNT and COUNTA skip
empty cells and COUNTA counts a formula returning ""; SUM and MIN skip empty cells and
text in references; "" + 1 is #VALUE!; TEXT(date,"yyyy-mm-dd"); LEN(TRIM()); `&` with
blanks; AND; TRUE/FALSE in arithmetic; IFERROR; quoted sheet names with spaces and CJK
characters; `$B$5` and ranges mixing relative and absolute ends. (Where Excel and
LibreOffice differ, `formulas` sides with Excel: COUNT and SUM over a range skip a TRUE
cell, which LibreOffice counts as 1; no range of jixiao's holds a 是/否 input.)

One workaround, registered once in `formulas`' function table (`_excel_round`):

* ROUND. `formulas` rounds the binary float, so ROUND(1.005,2) is 1.00; Excel and
  LibreOffice first reduce the value to the 15 significant digits they show, then round
  half away from zero (1.01), which is also what core's quantize2 does on the Decimal.
  jixiao's 等级 is `ROUND(总分,2)>=90`: without this a 总分 of 89.995 grades 良 here and
  优 in Excel, LibreOffice and core.

And one normalisation, for comparisons: numbers keep the engine's full double, and
`as_saved` reduces one to the 15 significant digits Excel shows and LibreOffice saves
(89.99499999999999 → 89.995), the value the LibreOffice test reads back.

Values come back as plain Python: float or int for numbers (dates as the serial number the
engine computes with), str for text ("" for a formula that shows nothing), bool, None for
an empty cell, and `CellError` for a spreadsheet error (#VALUE!, #DIV/0!, #NAME? for a
function `formulas` lacks), so an error never compares equal to a figure or a text.
"""

from __future__ import annotations

import math
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

__all__ = ["CellError", "CompiledWorkbook", "Recalculation", "Value", "Where", "as_saved",
           "recalculate"]


@dataclass(frozen=True)
class CellError:
    """A spreadsheet error value (#VALUE!, #DIV/0!, …): never equal to a number or text."""

    code: str

    def __str__(self) -> str:
        return self.code


Value = float | int | str | bool | CellError | None
Where = tuple[str, str]  # (sheet title as in the workbook, "B5")

# a node of the model: '[book.xlsx]SHEET'!B5, the sheet upper-cased, '' inside quotes
_NODE = re.compile(r"^'?\[[^\]]*\](?P<sheet>.*?)'?!(?P<cell>[A-Z]{1,3}[0-9]+)$")


def _excel_round(x: Any, digits: Any) -> float:
    """Excel's ROUND: the value as shown to 15 significant digits, then half away from zero.

    `formulas` quantizes x·10^d as a binary float, so 1.005 (stored as 1.00499999…) rounds
    to 1.00; Excel, LibreOffice and core (Decimal, ROUND_HALF_UP) all say 1.01.
    """
    number, places = float(x), int(digits)
    if not math.isfinite(number):
        return number
    shown = Decimal(format(number, ".15g"))
    return float(shown.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def as_saved(value: Value) -> Value:
    """A number as a spreadsheet shows it and LibreOffice writes it: 15 significant digits.

    The engine keeps the full binary double (10 × 90.05/100 + 80.99 is 89.99499999999999);
    Excel displays, and LibreOffice saves, 89.995, and that is what a reader sees and what
    the LibreOffice comparison reads back. Compare `as_saved` values, not raw doubles, or a
    `0.00` cell showing 90.00 is taken for 89.99.
    """
    if isinstance(value, float) and math.isfinite(value):
        return float(format(value, ".15g"))
    return value


_registered: list[bool] = []


def _register() -> None:
    """Put the workarounds into `formulas`' function table (process-wide, done once).

    `formulas.get_functions()` is lru-cached: every ExcelModel compiles against that one
    dict, and adding to it is how `formulas` documents custom functions. Only the formulas
    a model compiles after this call use the replacement.
    """
    if _registered:
        return
    from formulas.functions import get_functions, wrap_ufunc

    get_functions()["ROUND"] = wrap_ufunc(_excel_round)
    _registered.append(True)


def _plain(value: Any) -> Value:
    """`formulas`' result (Ranges, numpy array or scalar, EMPTY, XlError) as plain Python."""
    import numpy as np
    import schedula as sh
    from formulas.tokens.operand import XlError

    if hasattr(value, "value"):  # a Ranges: the cell's value is its 1×1 array
        value = value.value
    if isinstance(value, np.ndarray):
        value = value.ravel()[0] if value.size else sh.EMPTY
    if value is sh.EMPTY:
        return None
    if isinstance(value, XlError):  # before str: XlError is a schedula Token, a str
        return CellError(str(value))
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"formulas returned {value!r} ({type(value).__name__})")


@dataclass
class Recalculation:
    """Every non-empty cell after recalculation, and the formula text of each formula cell."""

    values: dict[Where, Value]
    formulas: dict[Where, str]

    def get(self, sheet: str, cell: str) -> Value:
        """The cell's value; None for an empty cell, as a spreadsheet shows it."""
        return self.values.get((sheet, cell))


class CompiledWorkbook:
    """A workbook compiled once by `formulas`; `calculate` may run many times.

    Compiling (reading with openpyxl, parsing every formula) is about 3/4 of the cost, so
    a test that tries several inputs on one workbook keeps this object and passes
    `changes` instead of re-saving and recompiling the file.
    """

    def __init__(self, source: bytes | str | Path) -> None:
        import formulas
        from formulas.excel import BOOK

        _register()
        if isinstance(source, bytes):
            with tempfile.TemporaryDirectory(prefix="jixiao-recalc-") as tmp:
                path = Path(tmp) / "book.xlsx"
                path.write_bytes(source)
                self.model = formulas.ExcelModel().loads(str(path)).finish()
        else:
            self.model = formulas.ExcelModel().loads(str(Path(source).resolve())).finish()
        # the book formulas read (dates as serial numbers: its reader drops date formats)
        (book_data,) = self.model.books.values()
        self.workbook: Any = book_data[BOOK]  # openpyxl, formulas kept: derived_cells reads it
        workbook = self.workbook
        self.titles = {title.upper(): title for title in workbook.sheetnames}
        self.inputs: dict[Where, Value] = {}
        self.formulas: dict[Where, str] = {}
        for ws in workbook.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    value = getattr(cell, "value", None)  # a merged cell's hidden part has none
                    if value is None:
                        continue
                    if cell.data_type == "f":
                        self.formulas[(ws.title, cell.coordinate)] = str(value)
                    else:
                        self.inputs[(ws.title, cell.coordinate)] = value
        self.nodes: dict[Where, str] = {}
        for node in self.model.dsp.data_nodes:
            match = _NODE.match(str(node))
            if match is not None:
                sheet = match["sheet"].replace("''", "'")
                self.nodes[(self.titles.get(sheet.upper(), sheet), match["cell"])] = node

    def calculate(self, changes: Mapping[Where, float | int | str | bool | None] | None = None
                  ) -> Recalculation:
        """Every formula's value, with `changes` typed over input cells first (None: cleared).

        A changed cell no formula refers to has no node in the model; that raises, since
        the change could not have any effect and the caller most likely named the wrong cell.
        """
        import schedula as sh

        inputs: dict[str, Any] = {}
        for where, value in (changes or {}).items():
            if where not in self.nodes:
                raise KeyError(f"no formula refers to {where}")
            if where in self.formulas:
                raise KeyError(f"{where} is a formula cell, not an input")
            inputs[self.nodes[where]] = sh.EMPTY if value is None else value
        solution = self.model.calculate(inputs=inputs) if inputs else self.model.calculate()
        values: dict[Where, Value] = dict(self.inputs)
        for where, value in (changes or {}).items():
            values.pop(where, None)
            if value is not None:
                values[where] = value
        missing = []
        for where in self.formulas:
            node = self.nodes.get(where)
            if node is None or node not in solution:
                missing.append(where)
                continue
            values[where] = _plain(solution[node])
        if missing:
            raise RuntimeError(f"formulas computed no value for {len(missing)} cells: "
                               f"{missing[:10]}")
        return Recalculation(values, dict(self.formulas))


def recalculate(source: bytes | str | Path) -> Recalculation:
    """Compute every formula cell of `source` (xlsx bytes or a path), as Excel would."""
    return CompiledWorkbook(source).calculate()
