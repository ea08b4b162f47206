"""qaledger import: a whole ledger from an events file (``qaledger export
events``), checked against its tree head, batched and resumable."""

from __future__ import annotations

import time
from pathlib import Path

import click

from commands.common import (
    Output,
    db_option,
    json_option,
    open_ledger,
    refusals_as_errors,
)
from commands.import_audits import audits
from ledger.bulk.events_file import BadEventsFile, check_events_file, import_events
from ledger.bulk.log_copy import BATCH, Progress, describe_head
from ledger.integrity.evidence import parse_digest
from ledger.integrity.verification import TreeHead
from ledger.storage.store import locate

QUIET_SECONDS = 1.0  # stages quicker than this print nothing

STAGES = {
    "checking": "checking the file",
    "verifying": "verifying",
    "exporting": "exporting",
    "importing": "importing",
    "copying": "copying",
}


def stderr_progress() -> Progress:
    """Progress lines on stderr, at most one a second, once a stage has run
    for a second (quick runs stay quiet)."""
    started: dict[str, float] = {}
    shown: dict[str, float] = {}

    def report(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        began = started.setdefault(stage, now)
        finished = done >= total
        if stage in shown:
            if not finished and now - shown[stage] < QUIET_SECONDS:
                return
        elif finished or now - began < QUIET_SECONDS:
            return
        shown[stage] = now
        label = STAGES.get(stage, stage)
        if stage == "checking":
            text = f"{label}: {done / max(total, 1):.0%} of {total:,} bytes"
        else:
            text = f"{label}: position {done:,} of {total:,}"
        click.echo(text, err=True)

    return report


def head_data(head: TreeHead) -> dict[str, object]:
    return {
        "events": head.tree_size,
        "position": head.last_position,
        "digest": head.digest,
    }


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

        qaledger import events council.jsonl --db postgresql://qa@db/qa?schema=north
    """
    output = Output(as_json)
    progress = stderr_progress()
    with refusals_as_errors(db):
        held = parse_digest(digest) if digest is not None else None
        store = locate(db)
        try:
            checked = check_events_file(file, progress)
        except BadEventsFile as error:
            raise click.ClickException(f"{error}; nothing was imported") from None
        except OSError as error:
            raise click.ClickException(
                f"cannot read {file}: {error.strerror or error}"
            ) from None
        if held is not None and held != checked.head.root:
            raise click.ClickException(
                f"{file} ends with the head {describe_head(checked.head)}, not "
                f"digest {held.hex()}; nothing was imported"
            )
        if store.sqlite_path is not None:
            checked.require_consecutive()
        ledger = open_ledger(db)
        try:
            result = import_events(
                ledger, checked, where=store.display, batch=batch, progress=progress
            )
        finally:
            ledger.close()
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
