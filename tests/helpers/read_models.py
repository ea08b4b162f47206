"""Read models for a test ledger, a snapshot of every read-model table to
compare builds by, and that snapshot spelt the same on either store."""

from __future__ import annotations

import re
from typing import Any

from ledger.application import QALedger
from ledger.settings import Settings
from ledger.storage.store import locate
from projections.registry import ReadModels, all_projections


def read_models(
    app: QALedger, db_url: str, settings: Settings | None = None
) -> ReadModels:
    return ReadModels(app, locate(db_url), settings or app.settings)


def snapshot(models: ReadModels) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every projection table, in a stable order."""
    tables = [t for p in all_projections(Settings()) for t in p.tables]
    return {
        table: sorted(
            (
                tuple(str(v) for v in row)
                for row in models.rows(f"SELECT * FROM {table}")
            ),
        )
        for table in tables
    }


Tables = dict[str, list[tuple[str, ...]]]
TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})")
SPELLINGS = {"True": "1", "False": "0"}  # SQLite keeps booleans as 0 and 1


def portable(tables: Tables) -> Tables:
    """The snapshot with each store's spelling of the same value made one:
    booleans as 0/1, timestamps in ISO form with a T."""
    return {
        table: sorted(
            tuple(SPELLINGS.get(v, TIMESTAMP.sub(r"\1T\2", v)) for v in row)
            for row in rows
        )
        for table, rows in tables.items()
    }
