"""Every read-model table and view as files for BI tools (Power BI, Tableau,
a notebook): one Parquet or CSV file each, read in one snapshot at one
ledger position, and a manifest naming that position, the tree head there
and each file's rows and SHA-256, so a data team can say exactly which state
of the ledger its dashboard shows and check the files were not changed.

Column types come from the data dictionary (projections/dictionary.py), so
both stores give the same types. Each file is written whole or not at all,
and the manifest last: an interrupted export leaves no manifest that names
a file it did not finish."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import polars as pl

from ledger.application import QALedger
from ledger.errors import InvalidValue
from ledger.progress import Progress, no_progress
from ledger.storage.store import Store
from projections.dictionary import Entry, dictionary
from reports.engine.files import csv_bytes, parquet_bytes, sha256
from reports.engine.snapshot import Snapshot, snapshot
from reports.generate import ReportModels

FORMATS = ("parquet", "csv")
MANIFEST = "manifest.json"
EXPORTING = "exporting read models"
TYPES: dict[str, pl.DataType] = {
    "TEXT": pl.String(),
    "DATE": pl.Date(),
    "BIGINT": pl.Int64(),
    "INTEGER": pl.Int64(),
    "BOOLEAN": pl.Boolean(),
    "TIMESTAMPTZ": pl.String(),  # ISO 8601 text, as SQLite keeps it
}


def export_read_models(
    ledger: QALedger,
    store: Store,
    out_dir: Path,
    file_format: str,
    progress: Progress = no_progress,
) -> dict[str, Any]:
    """Catch the read models up, write each table and view to ``out_dir``
    and return the manifest written beside them."""
    if file_format not in FORMATS:
        raise InvalidValue(
            f"format {file_format!r} is not one of: {', '.join(FORMATS)}"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    entries = sorted(dictionary().values(), key=lambda entry: entry.name)
    files: dict[str, dict[str, Any]] = {}
    with ReportModels(ledger, store, ledger.settings) as models:
        models.catch_up(progress)
        with snapshot(models.models.store, models.names) as snap:
            position = snap.position
            for n, entry in enumerate(entries, start=1):
                progress(EXPORTING, n, len(entries))
                frame = read_entry(snap, entry, models.models.store.dialect)
                data = (
                    parquet_bytes(frame)
                    if file_format == "parquet"
                    else csv_bytes(frame)
                )
                name = f"{entry.name}.{file_format}"
                write_whole(out_dir / name, data)
                files[entry.name] = {
                    "file": name,
                    "rows": frame.height,
                    "sha256": sha256(data),
                    "description": entry.description,
                }
    head = ledger.integrity.head(position)
    manifest = {
        "format": file_format,
        "ledger_position": position,
        "tree_head": {
            "events": head.tree_size,
            "position": head.last_position,
            "digest": head.digest,
        },
        "tables": files,
    }
    write_whole(
        out_dir / MANIFEST, (json.dumps(manifest, indent=1) + "\n").encode("utf-8")
    )
    return manifest


def read_entry(snap: Snapshot, entry: Entry, dialect: str) -> pl.DataFrame:
    """The table or view's rows, typed as the dictionary declares them."""
    selected = ", ".join(
        f"CAST({c.name} AS TEXT)"
        if c.type == "TIMESTAMPTZ" and dialect == "postgres"
        else c.name
        for c in entry.columns
    )
    schema = {c.name: TYPES[c.type] for c in entry.columns}
    return snap.frame(f"SELECT {selected} FROM {entry.name}", (), schema).collect()


def write_whole(path: Path, data: bytes) -> None:
    handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
