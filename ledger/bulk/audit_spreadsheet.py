"""Bringing in a council's audit spreadsheet (CSV or Excel): one row per
audit, recorded through the application's own commands.

Each row becomes what the audit's steps would have recorded, dated the day
in its ``date`` column: scheduled (by whoever imports, for that week),
started, graded (when a grade is given), its actions set (owned by the
``owner`` column's staff member, else the case's allocated worker) and
completed. The auditor is recorded as doing each step, as the ledger's rules
require (only the assigned auditor works an audit).

How a bad row writes nothing: every row is first tried, in order, on a
``BatchingLedger`` that holds its events back: every check of every command
runs against the ledger as it is plus the rows tried before it, and a
rejected row's commands are undone alone (a savepoint), so the rows after it
are judged as they would be written. Nothing reaches the store until every
row has been tried. Then, if any row was rejected, everything is dropped
(unless ``skip_bad``); otherwise the events of the good rows, exactly those
tried, are saved in one transaction. Nothing is done twice and no copy of
the ledger is needed; a ledger changed by someone else meanwhile makes that
one save fail whole (the library's version check): nothing is written and
the import can simply be run again.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from eventsourcing.persistence import RecordConflictError

from ledger.bulk.batching import BatchingLedger
from ledger.errors import LedgerError
from ledger.vocabulary import AuditKind, Grade

# Column names as people write them, and the field each fills.
COLUMNS = {
    "case": "case",
    "case ref": "case",
    "case reference": "case",
    "case id": "case",
    "child": "case",
    "supervisee": "case",
    "auditor": "auditor",
    "audited by": "auditor",
    "date": "date",
    "audit date": "date",
    "audited on": "date",
    "kind": "kind",
    "audit kind": "kind",
    "type": "kind",
    "audit type": "kind",
    "grade": "grade",
    "grading": "grade",
    "actions": "actions",
    "action": "actions",
    "actions agreed": "actions",
    "theme": "theme",
    "findings": "findings",
    "owner": "owner",
    "action owner": "owner",
}
REQUIRED = ("case", "auditor", "date", "kind")
UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
ACTION_SEPARATOR = re.compile(r"[;\n]")


class BadSpreadsheet(LedgerError):
    """The file as a whole cannot be read: no rows, or no column for a field."""


@dataclass(frozen=True)
class AuditRow:
    line: int
    case: str
    auditor: str
    on: date
    kind: AuditKind
    grade: Grade | None
    actions: tuple[str, ...]
    theme: str | None = None
    findings: str = ""
    owner: str | None = None


@dataclass(frozen=True)
class Rejected:
    line: int
    reason: str


@dataclass(frozen=True)
class Imported:
    line: int
    audit_id: str
    action_ids: tuple[str, ...]


@dataclass
class Outcome:
    rows: int
    imported: list[Imported] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    written: bool = False
    ignored_columns: list[str] = field(default_factory=list)


# Reading.


@dataclass
class Sheet:
    """The rows read from a file: each with the line it is on."""

    rows: list[AuditRow]
    rejected: list[Rejected]
    ignored_columns: list[str]


def read_spreadsheet(path: Path) -> Sheet:
    """Read a .csv or .xlsx file; rows that cannot be read are rejected
    with their line number (the spreadsheet's row number)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        lines = csv_lines(path)
    elif suffix in (".xlsx", ".xlsm"):
        lines = xlsx_lines(path)
    else:
        raise BadSpreadsheet(f"{path.name}: give a .csv or .xlsx file")
    return read_lines(path.name, lines)


def csv_lines(path: Path) -> Iterator[tuple[int, list[Any]]]:
    # utf-8-sig: Excel starts the CSV files it saves with a byte-order mark.
    with open(path, newline="", encoding="utf-8-sig") as file:
        reader = csv.reader(file)
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise BadSpreadsheet(f"{path.name}, line {line}: {error}") from None
            yield line, list(cells)


def xlsx_lines(path: Path) -> Iterator[tuple[int, list[Any]]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as error:
        raise BadSpreadsheet(f"{path.name} is not an Excel workbook: {error}") from None
    try:
        sheet = book.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(cells)
    finally:
        book.close()


def read_lines(name: str, lines: Iterator[tuple[int, list[Any]]]) -> Sheet:
    header: dict[int, str] | None = None
    ignored: list[str] = []
    rows: list[AuditRow] = []
    rejected: list[Rejected] = []
    for line, cells in lines:
        if all(blank(cell) for cell in cells):
            continue
        if header is None:
            header, ignored = read_header(name, line, cells)
            continue
        values = {
            field_: text(cells[column]) if column < len(cells) else ""
            for column, field_ in header.items()
        }
        raw = {
            field_: cells[column] if column < len(cells) else None
            for column, field_ in header.items()
        }
        try:
            rows.append(read_row(line, values, raw))
        except LedgerError as error:
            rejected.append(Rejected(line, str(error)))
    if header is None:
        raise BadSpreadsheet(f"{name} holds no rows")
    return Sheet(rows, rejected, ignored)


def read_header(
    name: str, line: int, cells: list[Any]
) -> tuple[dict[int, str], list[str]]:
    header: dict[int, str] = {}
    ignored: list[str] = []
    for column, cell in enumerate(cells):
        label = " ".join(text(cell).lower().replace("_", " ").replace("-", " ").split())
        field_ = COLUMNS.get(label)
        if field_ is None:
            if label:
                ignored.append(text(cell))
        elif field_ in header.values():
            raise BadSpreadsheet(
                f"{name}, line {line}: two columns give the {field_} ({text(cell)!r})"
            )
        else:
            header[column] = field_
    missing = [f for f in REQUIRED if f not in header.values()]
    if missing:
        raise BadSpreadsheet(
            f"{name}, line {line}: the header has no column for "
            f"{', '.join(missing)}; columns read: case, auditor, date, kind, "
            "grade, actions (one per line or separated by ';'), and optionally "
            "theme, findings, owner"
        )
    return header, ignored


def read_row(line: int, values: dict[str, str], raw: dict[str, Any]) -> AuditRow:
    for required in REQUIRED:
        if not values.get(required):
            raise LedgerError(f"no {required} given")
    grade = values.get("grade")
    actions = tuple(
        a.strip()
        for a in ACTION_SEPARATOR.split(values.get("actions", ""))
        if a.strip()
    )
    return AuditRow(
        line=line,
        case=values["case"],
        auditor=values["auditor"],
        on=read_date(raw["date"], values["date"]),
        kind=AuditKind.parse(values["kind"]),
        grade=Grade.parse(grade) if grade else None,
        actions=actions,
        theme=values.get("theme") or None,
        findings=values.get("findings", ""),
        owner=values.get("owner") or None,
    )


def read_date(cell: Any, value: str) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    uk = UK_DATE.match(value)
    if uk:
        try:
            return date(int(uk[3]), int(uk[2]), int(uk[1]))
        except ValueError:
            pass
    raise LedgerError(
        f"date {value!r} is not a date: write it as 2026-11-05 or 05/11/2026"
    )


def blank(cell: Any) -> bool:
    return cell is None or not str(cell).strip()


def text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime) and cell.time() == datetime.min.time():
        return cell.date().isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # a number Excel keeps as 204311.0
    return str(cell).strip()


# Recording.


def import_rows(
    ledger: BatchingLedger,
    sheet: Sheet,
    *,
    actor: str,
    skip_bad: bool = False,
) -> Outcome:
    """Try every row, then write the good ones in one transaction, or
    nothing when a row was rejected and ``skip_bad`` is not set."""
    if ledger.flush_every is not None:
        raise ValueError("import into a ledger that holds its events back")
    outcome = Outcome(
        rows=len(sheet.rows) + len(sheet.rejected),
        rejected=list(sheet.rejected),
        ignored_columns=sheet.ignored_columns,
    )
    seen: dict[tuple[str, str, date, AuditKind], int] = {}
    for row in sheet.rows:
        key = (row.case, row.auditor, row.on, row.kind)
        if key in seen:
            outcome.rejected.append(
                Rejected(
                    row.line,
                    f"repeats line {seen[key]} (the same case, auditor, date and kind)",
                )
            )
            continue
        seen[key] = row.line
        ledger.savepoint()
        try:
            imported = record_row(ledger, row, actor)
        except LedgerError as error:
            ledger.rollback()
            outcome.rejected.append(Rejected(row.line, str(error)))
        else:
            ledger.release()
            outcome.imported.append(imported)
    outcome.rejected.sort(key=lambda rejected: rejected.line)
    if outcome.rejected and not skip_bad:
        ledger.discard()
        return outcome
    try:
        ledger.flush()
    except RecordConflictError:
        ledger.discard()
        raise LedgerError(
            "the ledger changed while the spreadsheet was being checked; "
            "nothing was written: run the import again"
        ) from None
    outcome.written = bool(outcome.imported)
    return outcome


def record_row(ledger: BatchingLedger, row: AuditRow, actor: str) -> Imported:
    supervision = row.kind == AuditKind.SUPERVISION_FILE
    audit_id = ledger.audits.schedule(
        actor,
        kind=row.kind.value,
        auditor=row.auditor,
        week=row.on,
        case_ref=None if supervision else row.case,
        supervisee=row.case if supervision else None,
        theme=row.theme,
        on=row.on,
    )
    auditor = row.auditor
    ledger.audits.start(auditor, audit_id=audit_id, on=row.on)
    if row.grade is not None:
        ledger.audits.grade(auditor, audit_id=audit_id, grade=row.grade, on=row.on)
    action_ids = []
    for description in row.actions:
        owner = row.owner or owner_of(ledger, row)
        action_ids.append(
            ledger.actions.set(
                auditor,
                audit_id=audit_id,
                owner=owner,
                description=description,
                on=row.on,
            )
        )
    ledger.audits.complete(auditor, audit_id=audit_id, findings=row.findings, on=row.on)
    return Imported(row.line, audit_id, tuple(action_ids))


def owner_of(ledger: BatchingLedger, row: AuditRow) -> str:
    if row.kind == AuditKind.SUPERVISION_FILE:
        return row.case
    return ledger.cases.case_file(row.case).allocated_worker


def describe(outcome: Outcome) -> Sequence[str]:
    """A line per rejected row, for people."""
    return [f"line {r.line}: {r.reason}" for r in outcome.rejected]
