"""Where read models live, and one way to talk SQL to both stores.

SQLite: a file beside the ledger (``ledger.db`` → ``ledger.read.db``), so that
catching up holds no lock on the event store. PostgreSQL: a schema of its own
(``<ledger schema>_read``, or ``qaledger_read`` beside ``public``), on the same
server, so data teams query it directly.

SQL is written once with ``?`` placeholders; the PostgreSQL connection turns
them into ``%s``.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

import psycopg
from psycopg import sql

from ledger.storage.store import (
    Store,
    StoreUnavailable,
    owner_only,
    postgres_conninfo,
    read_schema_of,
)

sqlite3.register_adapter(date, date.isoformat)
sqlite3.register_adapter(datetime, datetime.isoformat)

Row = Sequence[Any]


class Cursor(Protocol):
    """What a projection may do inside the catch-up transaction."""

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None: ...

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None: ...

    def fetchall(self, statement: str, params: Sequence[Any] = ()) -> list[Row]: ...

    def run_all(self, runs: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> None:
        """Send runs of (statement, rows), in order."""
        ...


class ReadStore(Protocol):
    display: str
    dialect: str

    def transaction(self) -> Any: ...

    def reading(self) -> Any: ...

    def close(self) -> None: ...


def read_location(store: Store) -> str:
    if store.sqlite_path is not None:
        return str(store.sqlite_path.with_suffix(".read.db"))
    return read_schema(store)


def read_schema(store: Store) -> str:
    return read_schema_of(store.schema)


def open_read_store(store: Store) -> SQLiteReadStore | PostgresReadStore:
    if store.sqlite_path is not None:
        return SQLiteReadStore(Path(read_location(store)))
    return PostgresReadStore(postgres_conninfo(store), read_schema(store))


class SQLiteCursor:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        self.connection.execute(statement, params)

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        self.connection.executemany(statement, rows)

    def fetchall(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        return self.connection.execute(statement, params).fetchall()

    def run_all(self, runs: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> None:
        for statement, rows in runs:
            self.connection.executemany(statement, rows)


class SQLiteReadStore:
    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.display = str(path)
        if path.parent.is_dir():
            owner_only(path)
        try:
            self.connection = sqlite3.connect(path, isolation_level=None, timeout=30)
        except sqlite3.Error as error:
            raise StoreUnavailable(f"cannot open {path}: {error}") from None
        self.connection.execute("PRAGMA journal_mode=WAL")
        # Not FULL: a commit then waits for no disk flush. In WAL mode a
        # power cut can lose only the last commits, whole, and the positions
        # go with their rows, so the read models stay exactly-once; catching
        # up reads those events again (the ledger itself keeps its own
        # settings).
        self.connection.execute("PRAGMA synchronous=NORMAL")

    @contextmanager
    def transaction(self) -> Iterator[SQLiteCursor]:
        # IMMEDIATE takes the write lock first, so two processes catching up
        # read projection positions one after the other, never both at once.
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield SQLiteCursor(self.connection)
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[SQLiteCursor]:
        """A consistent read that takes no write lock (WAL readers never wait)."""
        self.connection.execute("BEGIN")
        try:
            yield SQLiteCursor(self.connection)
        finally:
            self.connection.execute("ROLLBACK")

    def close(self) -> None:
        self.connection.close()


class PostgresCursor:
    def __init__(self, cursor: psycopg.Cursor[Any]) -> None:
        self.cursor = cursor

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        self.cursor.execute(to_pyformat(statement), params)

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        self.cursor.executemany(to_pyformat(statement), rows)

    def fetchall(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        self.cursor.execute(to_pyformat(statement), params)
        return self.cursor.fetchall()

    def run_all(self, runs: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> None:
        """Run the statements in order: a long run of whole-row INSERTs as
        one COPY (the server parses and plans nothing per row), the rest in
        pipeline mode, which sends every statement without waiting for each
        reply (COPY cannot run inside a pipeline)."""
        piped: list[tuple[str, Sequence[Sequence[Any]]]] = []
        for statement, rows in runs:
            copy = copy_of(statement) if len(rows) >= COPY_FROM_ROWS else None
            if copy is None:
                piped.append((statement, rows))
                continue
            self.pipeline(piped)
            piped = []
            with self.cursor.copy(copy) as copying:
                for row in rows:
                    copying.write_row(row)
        self.pipeline(piped)

    def pipeline(self, runs: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> None:
        if runs:
            with self.cursor.connection.pipeline():
                for statement, rows in runs:
                    self.cursor.executemany(to_pyformat(statement), rows)


COPY_FROM_ROWS = 50
_WHOLE_ROW_INSERT = re.compile(
    r"INSERT INTO (\w+)( \(\w+(?:, \w+)*\))? VALUES \(\?(?:, \?)*\)"
)
_COPY: dict[str, str | None] = {}


def copy_of(statement: str) -> str | None:
    """``COPY t FROM STDIN`` for ``INSERT INTO t VALUES (?, ..., ?)``, which
    gives every column in order, and ``COPY t (a, b) FROM STDIN`` for
    ``INSERT INTO t (a, b) VALUES (?, ?)``; None for any other statement."""
    if statement not in _COPY:
        whole = _WHOLE_ROW_INSERT.fullmatch(" ".join(statement.split()))
        _COPY[statement] = (
            f"COPY {whole[1]}{whole[2] or ''} FROM STDIN" if whole else None
        )
    return _COPY[statement]


_PYFORMAT: dict[str, str] = {}


def to_pyformat(statement: str) -> str:
    converted = _PYFORMAT.get(statement)
    if converted is None:
        converted = statement.replace("%", "%%").replace("?", "%s")
        _PYFORMAT[statement] = converted
    return converted


class PostgresReadStore:
    dialect = "postgres"

    def __init__(self, conninfo: str, schema: str) -> None:
        self.schema = schema
        self.display = f"schema {schema}"
        try:
            self.connection = psycopg.connect(conninfo, autocommit=True)
            exists = self.connection.execute(
                "SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)
            ).fetchone()
            # Only create it when missing: a reader login may not create schemas.
            if not exists:
                self.connection.execute(
                    sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema))
                )
            self.connection.execute(
                sql.SQL("SET search_path TO {}").format(sql.Identifier(schema))
            )
        except psycopg.Error as error:
            raise StoreUnavailable(f"cannot open read models: {error}") from None

    @contextmanager
    def transaction(self) -> Iterator[PostgresCursor]:
        with self.connection.transaction(), self.connection.cursor() as cursor:
            yield PostgresCursor(cursor)

    @contextmanager
    def reading(self) -> Iterator[PostgresCursor]:
        """A read-only transaction: it never waits for a catch-up to finish."""
        with self.connection.transaction(), self.connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION READ ONLY")
            yield PostgresCursor(cursor)

    def close(self) -> None:
        self.connection.close()
