"""The official attachments as a workbook: writer, reader and the `_jixiao` map they share.

`write` lays out the sheets with live formulas, `read` takes a workbook jixiao wrote
back into a data file, `map` is the hidden sheet's format both go through, `book`
the styled-cell writer every sheet uses. Only exports imports openpyxl, lazily.
"""
