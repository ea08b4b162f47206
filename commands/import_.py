"""qaledger import: a whole ledger from an events file (``qaledger export
events``), checked against its tree head, batched and resumable."""

from __future__ import annotations

from pathlib import Path

import click

from commands.common import Output, db_option, json_option, refusals_as_errors
from commands.import_audits import audits
from commands.progress import progress_on_stderr
from commands.verify import head_data
from ledger.bulk.log_copy import BATCH
from ledger.bulk.moves import import_ledger
from ledger.integrity.verification import describe_head


@click.group("import")
def import_() -> None:
    """Bring a whole ledger in from an events file, or a council's audits
    from a spreadsheet."""


import_.add_command(audits)


@import_.command("events")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--digest",
    metavar="HEX",
    help="A head digest you hold (from the exporting ledger's verify, a "
    "report or a checkpoint): refuse the file unless its tree head has it.",
)
@click.option(
    "--batch",
    type=click.IntRange(min=1),
    default=BATCH,
    show_default=True,
    help="Events per transaction.",
)
@db_option
@json_option
def events(
    db: str | None, as_json: bool, file: Path, digest: str | None, batch: int
) -> None:
    """Import every event of FILE (written by 'qaledger export events') into
    an empty ledger, at the same positions, so the ledger's tree head is the
    file's.

    The whole file is checked first: every line is read, every Merkle leaf
    recomputed and the tree held to the head on the file's last line.
    Nothing is written if a line is wrong, missing or out of order, or the
    head does not match (or is not --digest). Events then go in batches, one
    transaction each, with their witness. Progress is shown on stderr.

    Interrupted? Run the same command again: it checks the ledger holds the
    file's first events and carries on after them. A ledger holding anything
    else is refused. Then build the read models with 'qaledger projections
    rebuild'. On PostgreSQL run it as the schema's owner (it sets the event
    table's position counter).

    Example:

    \b
        qaledger import events council.jsonl --db postgresql://qa@db/qa?schema=north
    """
    output = Output(as_json)
    with refusals_as_errors(db), progress_on_stderr() as progress:
        result = import_ledger(db, file, digest=digest, batch=batch, progress=progress)
    if result.imported:
        done = f"imported {result.imported} events" + (
            f" after the {result.already} an interrupted import had written"
            if result.already
            else ""
        )
    elif result.already:
        done = f"nothing to import: the ledger already holds all {result.already}"
    else:
        done = f"nothing to import: {file.name} holds no events"
    message = (
        f"{done}; the ledger's head is {describe_head(result.head)}, the same as "
        f"{file.name}'s. Build the read models with 'qaledger projections rebuild'"
    )
    output.done(
        message,
        imported=result.imported,
        already=result.already,
        head=head_data(result.head),
    )
