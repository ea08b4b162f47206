"""qaledger export: evidence that can be checked away from the ledger."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import click

from commands.common import (
    Output,
    db_option,
    json_option,
    ledger_command,
    refusals_as_errors,
)
from commands.progress import progress_on_stderr
from commands.verify import head_data
from ledger.application import QALedger
from ledger.bulk.moves import export_ledger, writable
from ledger.integrity.evidence import export_evidence
from ledger.integrity.verification import describe_head
from ledger.storage.store import Store

# As reports.read_models_export.FORMATS (a test holds them equal), without
# loading polars for every export command.
READ_MODEL_FORMATS = ("parquet", "csv")


@click.group()
def export() -> None:
    """Evidence bundles for inspectors, checkable offline; event files; the
    read models for BI tools."""


@export.command("evidence")
@click.option("--case", "case_ref", required=True, metavar="REF", help="The case.")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The bundle file to write (JSON).",
)
@click.option("--overwrite", is_flag=True, help="Replace --out if it exists.")
@ledger_command(writes=False)
def evidence(
    ledger: QALedger, output: Output, case_ref: str, out: Path, overwrite: bool
) -> None:
    """Verify the ledger, then write every event touching case REF (its own,
    and those of audits, actions and others that name it) with an inclusion
    proof against the current tree head. Check it anywhere, without the
    database, with 'qaledger verify --bundle FILE --digest D', where D is a
    head digest you trust (from 'qaledger verify' or a report).

    Example:

    \b
        qaledger export evidence --case LL-204311 --out LL-204311.json
    """
    writable(out, overwrite=overwrite)
    bundle = export_evidence(ledger, case_ref)
    write_atomically(out, bundle)
    head = bundle["tree_head"]
    output.done(
        f"wrote {len(bundle['events'])} event(s) of case {case_ref} to {out}, with "
        f"inclusion proofs against head {head['digest']} ({head['tree_size']} events "
        f"up to position {head['last_position']})",
        case_ref=case_ref,
        out=str(out),
        events=len(bundle["events"]),
        head=head,
    )


def write_atomically(path: Path, data: dict[str, Any]) -> None:
    """Write the whole file or none of it."""
    handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(data, file, indent=1)
            file.write("\n")
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise


@export.command("events")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The events file to write (JSON lines).",
)
@click.option("--overwrite", is_flag=True, help="Replace --out if it exists.")
@db_option
@json_option
def events(db: str | None, as_json: bool, out: Path, overwrite: bool) -> None:
    """Verify the ledger, then write every event in position order to one
    file, one JSON line each (position, aggregate id, version, topic and the
    stored bytes in base64, so encrypted events stay encrypted), closed by a
    line holding the tree head that covers them. Nothing is written if the
    ledger does not verify; the file appears whole or not at all. Progress
    is shown on stderr. Read it back with 'qaledger import events'.

    Example:

    \b
        qaledger export events --out council.jsonl
    """
    output = Output(as_json)
    with refusals_as_errors(db), progress_on_stderr() as progress:
        head = export_ledger(db, out, overwrite=overwrite, progress=progress)
    output.done(
        f"wrote {head.tree_size} events to {out}, closed by head {describe_head(head)}",
        out=str(out),
        head=head_data(head),
    )


@export.command("read-models")
@click.option(
    "--format",
    "file_format",
    type=click.Choice(READ_MODEL_FORMATS),
    default="parquet",
    show_default=True,
    help="One file per table and view, in this format.",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The directory to write them and manifest.json to (created if need be).",
)
@ledger_command(writes=False)
def read_models(
    ledger: QALedger, output: Output, store: Store, file_format: str, out: Path
) -> None:
    """Bring the read models up to date, then write every table and view to
    --out, all read at one ledger position, with a manifest.json naming that
    position, the tree head there, and each file's rows and SHA-256 (for BI
    tools: the dashboard can say which state of the ledger it shows).

    Example:

    \b
        qaledger export read-models --format parquet --out read-models
    """
    # Imported here: polars is loaded only by the commands that need it.
    from reports.read_models_export import MANIFEST, export_read_models

    with progress_on_stderr() as progress:
        manifest = export_read_models(ledger, store, out, file_format, progress)
    head = manifest["tree_head"]
    output.done(
        f"wrote {len(manifest['tables'])} tables and views to {out} as "
        f"{file_format}, at ledger position {manifest['ledger_position']} "
        f"(tree head {head['digest']}); see {out / MANIFEST}",
        **manifest,
    )
