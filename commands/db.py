"""qaledger db: the PostgreSQL side of the ledger's integrity."""

from __future__ import annotations

import click

from commands.common import (
    Output,
    db_option,
    json_option,
    open_ledger,
    refusals_as_errors,
)
from ledger.db_roles import DEFAULT_READER, DEFAULT_WRITER, Roles, apply, render
from ledger.errors import InvalidValue
from ledger.store import locate


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
