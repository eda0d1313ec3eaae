"""CSV the project writes is formula-safe: a spreadsheet never runs a cell (OWASP's CSV-injection rule).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what Excel, LibreOffice
and Google Sheets treat as a formula (``=HYPERLINK(...)``, ``-2+3``, ``@SUM(...)``). Such a cell gets a
leading ``'``, which spreadsheets show as text and do not display. Every CSV writer of the project uses
``csv_safe_writer`` (or ``csv_safe_cell``): a merchant's file echoed back in a report, an export, a template.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe_cell(value: Any) -> Any:
    """The value as written to a CSV cell: text that a spreadsheet would evaluate gets a leading ``'``.

    Numbers stay numbers (a negative amount the project computed is not a formula); only text is neutralised.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, out, **kwargs):
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([csv_safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_safe_writer(out, *, lineterminator: str = "\r\n", **kwargs) -> _SafeWriter:
    """A ``csv.writer`` whose every text cell goes through ``csv_safe_cell``."""
    return _SafeWriter(out, lineterminator=lineterminator, **kwargs)
