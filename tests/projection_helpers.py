"""Shared by the projection tests: read models for a test ledger, and a
snapshot of every read-model table to compare builds by."""

from __future__ import annotations

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
