"""qaledger db: the PostgreSQL side of the ledger's integrity."""

from __future__ import annotations

import json

import click

from commands.common import Output, db_option, json_option, refusals_as_errors
from commands.progress import progress_on_stderr
from commands.verify import head_data
from ledger.application import open_ledger
from ledger.bulk.log_copy import BATCH
from ledger.bulk.moves import move_ledger
from ledger.errors import InvalidValue
from ledger.integrity.verification import describe_head
from ledger.settings import load_settings
from ledger.storage.db_roles import DEFAULT_READER, DEFAULT_WRITER, Roles, apply, render
from ledger.storage.store import locate
from projections.registry import rebuild_read_models


@click.group()
def db() -> None:
    """The database under the ledger (PostgreSQL)."""


@db.command()
@click.option(
    "--apply", "apply_now", is_flag=True, help="Run the SQL now, as the tables' owner."
)
@click.option(
    "--writer",
    default=DEFAULT_WRITER,
    show_default=True,
    help="The application's role.",
)
@click.option(
    "--reader",
    default=DEFAULT_READER,
    show_default=True,
    help="Inspectors' and data teams' role.",
)
@db_option
@json_option
def roles(
    db: str | None, as_json: bool, apply_now: bool, writer: str, reader: str
) -> None:
    """Print (or with --apply, run in one transaction) the SQL that makes the
    event, witness and checkpoint tables of the ledger's schema append-only
    (a trigger refuses UPDATE, DELETE and TRUNCATE; privileges too) and
    creates a writer role (SELECT and INSERT; UPDATE only for the library's
    table lock, refused by the trigger) and a reader role (SELECT). Grant
    people's login roles one of them.

    Example:

    \b
        qaledger db roles --db postgresql://postgres@db/qa?schema=north

        qaledger db roles --apply --writer north_app --reader north_read
    """
    output = Output(as_json)
    with refusals_as_errors(db):
        store = locate(db)
        if not store.is_postgres:
            raise InvalidValue(
                "database roles are a PostgreSQL feature; "
                f"{store.display} is a SQLite file"
            )
        chosen = Roles(writer=writer, reader=reader)
        if not apply_now:
            script = render(store.schema, chosen)
            if as_json:
                output.done("", sql=script, schema=store.schema)
            else:
                click.echo(script, nl=False)
            return
        # Opening the ledger first creates its tables if this is a new schema.
        open_ledger(db).close()
        apply(store, chosen)
    output.done(
        f"schema {store.schema}: events, witness and checkpoints are append-only; "
        f"roles {chosen.writer} (writer) and {chosen.reader} (reader) granted",
        schema=store.schema,
        writer=chosen.writer,
        reader=chosen.reader,
    )


@db.command()
@click.option(
    "--to",
    "to",
    required=True,
    metavar="URL",
    help="The PostgreSQL ledger to copy into: postgresql://user@host/db, with "
    "?schema=NAME for its own schema. Empty, or left by an interrupted move.",
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
def move(db: str | None, as_json: bool, to: str, batch: int) -> None:
    """Copy this ledger (a SQLite file, by --db) into PostgreSQL, event by
    event at the same positions, then rebuild the read models there, verify
    both ledgers and print both tree heads, which must be the same (exit
    status 1 if not).

    The source is verified before anything is copied; events go in batches,
    one transaction each, with their witness, and signed-off checkpoints
    follow. Progress is shown on stderr. Interrupted? Run it again: it
    checks the target holds the source's first events and carries on after
    them. Stop writing to the source first, and afterwards point
    QALEDGER_DB at the new URL. Run it as the schema's owner (it sets the
    event table's position counter), then 'qaledger db roles --apply'.

    Example:

    \b
        qaledger db move --db council.db --to postgresql://qa@db/qa?schema=north
    """
    output = Output(as_json)
    with refusals_as_errors(db), progress_on_stderr() as progress:
        moved = move_ledger(
            db,
            to,
            settings=load_settings(),
            rebuild_read_models=rebuild_read_models,
            batch=batch,
            progress=progress,
        )
    heads = {
        "source": {"ledger": moved.source, **head_data(moved.source_now)},
        "target": {"ledger": moved.target, **head_data(moved.target_now)},
    }
    lines = [
        f"source {moved.source}: verified, head {describe_head(moved.source_now)}",
        f"target {moved.target}: verified, head {describe_head(moved.target_now)}",
    ]
    if not moved.heads_match:
        message = f"the heads differ: {moved.why_heads_differ()}"
        if as_json:
            click.echo(json.dumps({"ok": False, **heads, "detail": message}, indent=2))
            click.get_current_context().exit(1)
        click.echo("\n".join(lines))
        raise click.ClickException(message)
    lines.append(
        f"heads match; copied {moved.copied} events ({moved.already} were already "
        f"there) and {moved.checkpoints} checkpoint(s); read models rebuilt "
        f"({moved.read_models_events} events read). Point QALEDGER_DB at the new URL"
    )
    output.done(
        "\n".join(lines),
        **heads,
        copied=moved.copied,
        already=moved.already,
        checkpoints=moved.checkpoints,
        read_models_events=moved.read_models_events,
    )
