"""qaledger demo: build a sample ledger to try the product on."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from commands.common import open_ledger, refusals_as_errors
from ledger.demo import generate
from ledger.store import locate


@click.group()
def demo() -> None:
    """Sample ledgers for trying qaledger out."""


@demo.command("generate")
@click.option(
    "--db",
    envvar="QALEDGER_DB",
    default="demo.db",
    show_default=True,
    metavar="PATH|URL",
    help="Where to build the demo ledger (must be empty).",
)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="First day of the demo year (default: 1 January last year).",
)
@click.option(
    "--overwrite", is_flag=True, help="Delete an existing SQLite demo file first."
)
def generate_command(
    db: str, seed: int, start: datetime | None, overwrite: bool
) -> None:
    """Build a year of one council's oversight through the real commands:
    staff joining, leaving and promoted; cases opened, transferred and
    closed with their management decisions; supervision, development reviews
    and supervision file audits; two whole case file audit cycles, thematic,
    heads of service, transfer and family support audits with actions and
    follow-ups; complaints, compliments, feedback questionnaires, practice
    observations and monthly performance meetings. The same seed gives the
    same ledger; the year must be over by today.

    Example:

        qaledger demo generate --db demo.db --seed 7
    """
    store = locate(db)
    if overwrite:
        if store.sqlite_path is None:
            raise click.UsageError("--overwrite only deletes SQLite files")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{store.sqlite_path}{suffix}").unlink(missing_ok=True)
    first_day = start.date() if start else date(date.today().year - 1, 1, 1)
    with refusals_as_errors(db):
        ledger = open_ledger(db)
        if ledger.has_events():
            raise click.ClickException(
                f"{store.display} already holds a ledger; choose another --db "
                "or add --overwrite"
            )
        summary = generate(
            ledger,
            seed=seed,
            start=first_day,
            progress=lambda step: click.echo(f"... {step}", err=True),
        )
        ledger.close()
    click.echo(f"Demo ledger built in {store.display} (seed {seed}, from {first_day}):")
    for line in summary.lines():
        click.echo(f"  {line}")
    click.echo(f"Try: qaledger audit show AUD-0001 --db {db}")
