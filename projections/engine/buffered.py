"""A cursor that holds writes back until something is read or the batch
ends, then sends runs of the same statement with one ``executemany``.

Writes are queued per table: the read models have no constraints or triggers
between tables, so only the order within a table matters, and a table's
queue keeps it; a write that also reads (INSERT ... SELECT) first sends
everything queued before it. Queued per table, a batch of thousands of events becomes a
few long runs (every audit-trail insert in one) instead of thousands of
short ones. Every read first sends what is pending, so a projection always
reads what it wrote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from projections.engine.read_store import Cursor, Row

WRITTEN_TABLE = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(\w+)", re.I)

Run = tuple[str, list[Sequence[Any]]]


def written_table(statement: str, known: dict[str, str] = {}) -> str:  # noqa: B006
    table = known.get(statement)
    if table is None:
        match = WRITTEN_TABLE.match(statement)
        # Anything else keeps its place among all statements of its kind.
        table = match[1].lower() if match else "?"
        known[statement] = table
    return table


def reads_tables(statement: str, known: dict[str, bool] = {}) -> bool:  # noqa: B006
    """Whether a write also reads (INSERT ... SELECT, a subquery): then what
    is queued for other tables must go first."""
    reads = known.get(statement)
    if reads is None:
        reads = known[statement] = "SELECT" in statement.upper()
    return reads


class BufferedCursor:
    def __init__(self, cursor: Cursor) -> None:
        self.cursor = cursor
        self.pending: dict[str, list[Run]] = {}

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        if reads_tables(statement):
            self.flush()
        runs = self.pending.setdefault(written_table(statement), [])
        if runs and runs[-1][0] == statement:
            runs[-1][1].append(params)
        else:
            runs.append((statement, [params]))

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        for params in rows:
            self.execute(statement, params)

    def run_all(self, runs: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> None:
        for statement, rows in runs:
            self.executemany(statement, rows)

    def fetchall(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        self.flush()
        return self.cursor.fetchall(statement, params)

    def flush(self) -> None:
        if self.pending:
            self.cursor.run_all([run for runs in self.pending.values() for run in runs])
            self.pending.clear()
