"""One consistent read of the read models, at one ledger position.

A report reads every table inside a single read-only transaction (SQLite's
WAL snapshot; PostgreSQL ``REPEATABLE READ``), so a catch-up committing
meanwhile cannot mix two states into one report. The first thing read in
it is the position the projections have reached: the catch-up moves each
projection's rows and its position in one transaction, so the tables read
in the snapshot reflect exactly the events up to that position. Rows of
tables with a position column are also filtered to it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import polars as pl

from ledger.errors import LedgerError
from ledger.records.report import REPORT_PREFIX
from projections.engine.read_store import (
    Cursor,
    PostgresCursor,
    PostgresReadStore,
    SQLiteReadStore,
)


class ProjectionsNotReady(LedgerError):
    pass


class Snapshot:
    """Read-model rows as polars frames, all from one transaction."""

    def __init__(
        self, cursor: Cursor, dialect: str, projections: Sequence[str]
    ) -> None:
        self.cursor = cursor
        self.dialect = dialect
        reached, self.spread = self.read_position(projections)
        self.position = self.last_reflected(reached)

    def read_position(self, projections: Sequence[str]) -> tuple[int, int]:
        """The position every chosen projection has reached, and how far the
        furthest is beyond it (0 when they agree, as after a catch-up)."""
        rows = self.cursor.fetchall(
            "SELECT projection, position, rebuilding FROM projection_positions"
        )
        known = {str(row[0]): (int(row[1]), bool(row[2])) for row in rows}
        missing = [name for name in projections if name not in known]
        rebuilding = [name for name in projections if known.get(name, (0, 0))[1]]
        if missing or rebuilding:
            raise ProjectionsNotReady(
                "the read models are not ready for a report: "
                + "; ".join(
                    part
                    for part in (
                        f"never run: {', '.join(missing)}" if missing else "",
                        f"being rebuilt: {', '.join(rebuilding)}" if rebuilding else "",
                    )
                    if part
                )
                + " (run 'qaledger projections run --once' and try again)"
            )
        positions = [known[name][0] for name in projections]
        return min(positions), max(positions) - min(positions)

    def last_reflected(self, reached: int) -> int:
        """The last position up to ``reached`` that is not the record of a
        report run (a ReportGenerated event, or the id sequence issuing its
        id): a report reflects oversight, not other reports, so running one
        twice with nothing recorded in between reflects the same position
        and gives the same bytes."""
        # Walks the key backwards from ``reached``: a few rows, not the log.
        rows = self.cursor.fetchall(
            "SELECT position FROM audit_trail WHERE position <= ? AND NOT "
            "(aggregate_type = 'Report' OR "
            "(aggregate_type = 'IdSequence' AND aggregate_id = ?)) "
            "ORDER BY position DESC LIMIT 1",
            (reached, REPORT_PREFIX),
        )
        return int(rows[0][0]) if rows else 0

    def frame(
        self,
        statement: str,
        params: Sequence[Any],
        schema: dict[str, pl.DataType],
    ) -> pl.LazyFrame:
        """Rows of ``statement`` as a lazy frame of ``schema``'s types.

        SQLite hands back dates as ISO text and booleans as 0 or 1; they are
        read as such and converted, so both stores give the same frame.
        """
        rows = self.cursor.fetchall(statement, params)
        raw = {name: self.raw_type(dtype) for name, dtype in schema.items()}
        frame = pl.DataFrame(rows, schema=raw, orient="row")
        conversions = [
            convert(name, raw[name], dtype)
            for name, dtype in schema.items()
            if raw[name] != dtype
        ]
        return (frame.with_columns(conversions) if conversions else frame).lazy()

    def raw_type(self, dtype: pl.DataType) -> pl.DataType:
        if self.dialect != "sqlite":
            return dtype
        if dtype == pl.Date:
            return pl.String()
        if dtype == pl.Boolean:
            return pl.Int64()
        return dtype

    def recorded_at(self, position: int) -> datetime | None:
        """When the event at ``position`` was recorded (UTC), from the audit
        trail: the ledger's own clock, so the same position gives the same
        time whenever a report is generated."""
        rows = self.cursor.fetchall(
            "SELECT recorded_at FROM audit_trail WHERE position = ?", (position,)
        )
        if not rows:
            return None
        value = rows[0][0]
        moment = value if isinstance(value, datetime) else parse_time(str(value))
        return moment.astimezone(UTC)


def parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def convert(name: str, raw: pl.DataType, dtype: pl.DataType) -> pl.Expr:
    column = pl.col(name)
    if dtype == pl.Date and raw == pl.String:
        return column.str.to_date("%Y-%m-%d")
    return column.cast(dtype)


@contextmanager
def snapshot(
    store: SQLiteReadStore | PostgresReadStore, projections: Sequence[str]
) -> Iterator[Snapshot]:
    if isinstance(store, PostgresReadStore):
        with store.connection.transaction(), store.connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield Snapshot(PostgresCursor(cursor), store.dialect, projections)
    else:
        with store.reading() as cursor:
            yield Snapshot(cursor, store.dialect, projections)


def day_of(moment: datetime | None) -> date | None:
    return moment.date() if moment is not None else None
