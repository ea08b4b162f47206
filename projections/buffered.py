"""A cursor that holds writes back until something is read or the batch
ends, then sends runs of the same statement with one ``executemany``.

Most events only add or change rows, so a batch of thousands of events
becomes a handful of round trips instead of thousands. Statements keep
their order, and every read first sends what is pending, so a projection
always reads what it wrote.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from projections.readstore import Cursor, Row


class BufferedCursor:
    def __init__(self, cursor: Cursor) -> None:
        self.cursor = cursor
        self.pending: list[tuple[str, list[Sequence[Any]]]] = []

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        if self.pending and self.pending[-1][0] == statement:
            self.pending[-1][1].append(params)
        else:
            self.pending.append((statement, [params]))

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        for params in rows:
            self.execute(statement, params)

    def fetchall(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        self.flush()
        return self.cursor.fetchall(statement, params)

    def run_all(self, runs: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> None:
        for statement, rows in runs:
            self.executemany(statement, rows)

    def flush(self) -> None:
        if self.pending:
            self.cursor.run_all(self.pending)
            self.pending.clear()
