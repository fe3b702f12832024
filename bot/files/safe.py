"""Text from people, made safe for the files it is written into: never a formula in a workbook, never a
character an office format cannot hold. Kept visible: "=1+1" in a note is shown as typed."""

from __future__ import annotations

from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from plan_data.folding import clean


def as_text(value: Any) -> Any:
    """A text cleaned of NUL, control characters and lone surrogates; anything else as it is."""
    return clean(value) if isinstance(value, str) else value


def put(sheet: Worksheet, row: int, column: int, value: Any = None) -> Any:
    """sheet.cell(row, column, value) for a value that may come from a person: a text that openpyxl would
    take for a formula ("=HYPERLINK(…)", "=cmd|…") is stored as text, marked so that editing keeps it text."""
    cell = sheet.cell(row, column)
    cell.value = as_text(value)
    if cell.data_type == "f":
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell
