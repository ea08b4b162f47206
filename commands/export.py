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
from commands.import_ import head_data
from commands.progress import progress_on_stderr
from ledger.application import QALedger
from ledger.bulk.log_copy import describe_head
from ledger.bulk.moves import export_ledger, writable
from ledger.integrity.evidence import export_evidence


@click.group()
def export() -> None:
    """Evidence bundles for inspectors, checkable offline."""


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
