"""On PostgreSQL a long run of whole-row inserts reaches the read models as
one COPY: the rows must be the very rows the INSERTs would have written."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ledger.application import QALedger
from ledger.bulk.moves import import_ledger
from ledger.settings import Settings
from ledger.storage.store import locate
from projections.engine import read_store as readstore
from projections.engine.read_store import copy_of
from projections.registry import ReadModels
from tests.conftest import postgres_schema_url


def test_only_an_insert_of_every_column_from_parameters_is_copied() -> None:
    assert copy_of("INSERT INTO audit_trail VALUES (?, ?, ?)") == (
        "COPY audit_trail FROM STDIN"
    )
    assert copy_of("INSERT INTO compliance VALUES (?, 'open', ?)") is None
    # Named columns, every one a parameter: copied into those columns.
    assert copy_of("INSERT INTO t (a, b) VALUES (?, ?)") == "COPY t (a, b) FROM STDIN"
    assert copy_of("INSERT INTO t (a, b) VALUES (?, NULL)") is None
    assert copy_of("INSERT INTO t VALUES (?, ?) ON CONFLICT DO NOTHING") is None
    assert copy_of("UPDATE t SET a = ? WHERE b = ?") is None


def read_model_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every read-model table's rows, in a stable order."""
    store = readstore.open_read_store(locate(url))
    try:
        with store.reading() as cursor:
            tables = [
                row[0]
                for row in cursor.fetchall(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = current_schema() ORDER BY table_name"
                )
            ]
            return {
                table: sorted(
                    (tuple(row) for row in cursor.fetchall(f"SELECT * FROM {table}")),
                    key=repr,
                )
                for table in tables
                if table not in ("schema_migrations", "projection_positions")
            }
    finally:
        store.close()


@contextmanager
def copying_from(rows: int) -> Iterator[None]:
    saved = readstore.COPY_FROM_ROWS
    readstore.COPY_FROM_ROWS = rows
    try:
        yield
    finally:
        readstore.COPY_FROM_ROWS = saved


def rebuilt(url: str) -> dict[str, list[tuple[Any, ...]]]:
    app = QALedger(locate(url).env)
    try:
        with ReadModels(app, locate(url), Settings()) as models:
            models.runner.rebuild(resume=False)
    finally:
        app.close()
    return read_model_rows(url)


def test_copied_rows_are_the_rows_inserts_write(demo_year_file: Path) -> None:
    with contextmanager(postgres_schema_url)() as url:
        import_ledger(url, demo_year_file)
        with copying_from(10**9):
            inserted = rebuilt(url)
        with copying_from(1):
            copied = rebuilt(url)
    assert sum(len(rows) for rows in inserted.values()) > 1000
    assert copied == inserted
