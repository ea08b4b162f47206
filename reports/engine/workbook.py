"""A report's tables as one Excel workbook, for the people who work in
spreadsheets: a sheet per table with its columns typed (numbers as numbers,
days as dates) and its header frozen, and a sheet saying where in the
ledger the report stands. Written with openpyxl (already a dependency, for
reading councils' audit spreadsheets).

No text is written as a formula: a cell is a text cell whatever it starts
with, so ``=HYPERLINK(...)`` typed in a finding shows as typed. The same
position gives the same bytes: the workbook's own times are the ledger's,
and every file in its zip is dated the same fixed day."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from reports.engine.document import Table

# Excel's sheet names: at most 31 characters.
SHEET_NAME_LENGTH = 31
CORE_PROPERTIES = "docProps/core.xml"
MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
# Zip entries cannot be dated before 1980.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def xlsx_bytes(
    tables: Sequence[Table],
    provenance: Mapping[str, Any],
    ledger_time: datetime | None,
) -> bytes:
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for table in tables:
        sheet = workbook.create_sheet(title=table.name[:SHEET_NAME_LENGTH])
        sheet.append(list(table.frame.columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.frame.iter_rows():
            sheet.append(list(row))
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, never a formula
        sheet.freeze_panes = "A2"
    about = workbook.create_sheet(title="provenance")
    for key, value in provenance.items():
        about.append([key, str(value)])
        about.cell(row=about.max_row, column=2).data_type = "s"
    when = (ledger_time or datetime(1980, 1, 1)).replace(tzinfo=None)
    workbook.properties.creator = "qaledger"
    workbook.properties.created = when
    workbook.properties.modified = when
    buffer = io.BytesIO()
    workbook.save(buffer)
    return same_dates(buffer.getvalue(), when)


def same_dates(archive: bytes, when: datetime) -> bytes:
    """The zip with every entry dated ``ZIP_EPOCH``, in the same order, and
    the workbook's modified time ``when``: openpyxl stamps the clock's time
    on saving, whatever the properties say."""
    source = zipfile.ZipFile(io.BytesIO(archive))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            data = source.read(info.filename)
            if info.filename == CORE_PROPERTIES:
                data = MODIFIED.sub(
                    rf"\g<1>{when:%Y-%m-%dT%H:%M:%SZ}\g<2>".encode(), data
                )
            target.writestr(entry, data)
    return out.getvalue()
