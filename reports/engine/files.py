"""Writing a report's files and naming them: the HTML, and a CSV and a
Parquet file of every table in it, with the SHA-256 of each as written.

Bytes depend only on what is written: CSV and Parquet from polars (its
version is in the Parquet footer, so regenerate with the version recorded),
HTML from the template. Files are written whole and then renamed into
place, so a reader never sees half a file.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from ledger.bulk.cells import FORMULA_PATTERN


@dataclass(frozen=True)
class OutputNames:
    """``benchmark-2026H2.html``, ``benchmark-2026H2-grades_by_cycle.csv``…"""

    job: str
    label: str

    @property
    def stem(self) -> str:
        return f"{self.job}-{self.label}"

    @property
    def html(self) -> str:
        return f"{self.stem}.html"

    def csv(self, table: str) -> str:
        return f"{self.stem}-{table}.csv"

    def parquet(self, table: str) -> str:
        return f"{self.stem}-{table}.parquet"

    @property
    def xlsx(self) -> str:
        return f"{self.stem}.xlsx"


def as_text_cells(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column of ``frame`` as ``ledger.bulk.cells.as_text_cell``
    writes a cell: a would-be formula behind an apostrophe."""
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(FORMULA_PATTERN))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name, dtype in frame.schema.items()
        if dtype == pl.String
    )


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """The frame as CSV, no text cell a formula (``ledger.bulk.cells``)."""
    return (
        as_text_cells(frame)
        .write_csv(date_format="%Y-%m-%d", float_precision=1, line_terminator="\n")
        .encode("utf-8")
    )


def parquet_bytes(
    frame: pl.DataFrame, provenance: Mapping[str, Any] | None = None
) -> bytes:
    """The frame as Parquet, with where in the ledger it comes from (job,
    parameters, position, tree head) in the file's key-value metadata."""
    buffer = io.BytesIO()
    metadata = {
        f"qaledger.{key}": str(value) for key, value in (provenance or {}).items()
    }
    frame.write_parquet(
        buffer, compression="zstd", statistics=True, metadata=metadata or None
    )
    return buffer.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_all(out_dir: Path, files: dict[str, bytes]) -> dict[str, str]:
    """Write each file into ``out_dir``; return name -> SHA-256."""
    out_dir.mkdir(parents=True, exist_ok=True)
    digests = {}
    for name, data in sorted(files.items()):
        target = out_dir / name
        partial = out_dir / f".{name}.partial"
        partial.write_bytes(data)
        os.replace(partial, target)
        digests[name] = sha256(data)
    return digests
