"""Cells written for spreadsheets (every ``--csv``, every report's CSV): a
text that a spreadsheet would run as a formula (one starting ``=``, ``+``,
``-``, ``@``, a tab or a carriage return, OWASP's list) is written with a
leading apostrophe, so it shows as the text it is. A lone ``-`` (the tables'
"none") is no formula and stays as it is; numbers are written as numbers.

The same rule is a Python function for rows (here, so a read command need
not load polars) and a polars expression for the reports' frames
(``reports.engine.files.as_text_cells``, from ``FORMULA_PATTERN``);
tests/test_cells.py holds them to the same answers."""

from __future__ import annotations

import re
from typing import Any

FORMULA_START = "=+-@\t\r"
FORMULA = re.compile(r"^[=+\-@\t\r].", re.DOTALL)
# The same, in the regex dialect polars uses ((?s): "." matches newlines).
FORMULA_PATTERN = r"(?s)^[=+\-@\t\r]."


def as_text_cell(value: Any) -> Any:
    """``value`` as a spreadsheet should show it."""
    if isinstance(value, str) and FORMULA.match(value):
        return "'" + value
    return value
