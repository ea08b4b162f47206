"""qaledger export read-models: every table and view, on both stores, as
Parquet or CSV, read at one ledger position, with a manifest that names it,
the tree head there and each file's rows and SHA-256."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import polars as pl
import pytest

from commands.export import READ_MODEL_FORMATS
from ledger.application import QALedger
from ledger.storage.store import locate
from projections.dictionary import dictionary
from reports.read_models_export import FORMATS, MANIFEST
from tests.helpers.cli import ok_json, run


def test_the_command_offers_the_workflows_formats() -> None:
    assert READ_MODEL_FORMATS == FORMATS


def head_at(db: str, position: int) -> str:
    app = QALedger(locate(db).env)
    try:
        return app.integrity.head(position).digest
    finally:
        app.close()


@pytest.mark.parametrize("file_format", FORMATS)
def test_every_table_and_view_is_written_at_one_position_with_a_manifest(
    db: str, tmp_path: Path, file_format: str
) -> None:
    out = tmp_path / "bi"
    shown = ok_json(db, "export", "read-models", "--format", file_format, "--out",
                    str(out))  # fmt: skip
    manifest = json.loads((out / MANIFEST).read_text())
    assert shown["ledger_position"] == manifest["ledger_position"]
    assert set(manifest["tables"]) == set(dictionary())
    assert manifest["tree_head"]["digest"] == head_at(db, manifest["ledger_position"])
    for name, listed in manifest["tables"].items():
        data = (out / listed["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == listed["sha256"], name
        if file_format == "parquet":
            frame = pl.read_parquet(io.BytesIO(data))
            assert frame.columns == [c.name for c in dictionary()[name].columns]
            assert frame.height == listed["rows"], name
        else:
            rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
            assert len(rows) - 1 == listed["rows"], name
    if file_format == "parquet":  # typed as the dictionary declares
        actions = pl.read_parquet(out / "actions.parquet")
        assert actions.schema["due_on"] == pl.Date
        assert actions.height == 2


def test_an_unknown_format_is_a_usage_error_and_writes_nothing(
    db: str, tmp_path: Path
) -> None:
    result = run(db, "export", "read-models", "--format", "xls", "--out",
                 str(tmp_path / "bi"))  # fmt: skip
    assert result.exit_code == 2
    assert "'xls' is not one of 'parquet', 'csv'" in result.output
    assert not (tmp_path / "bi").exists()
