"""qaledger migrate and qaledger projections: the read models' tables and
how far they have read the ledger."""

from __future__ import annotations

import signal
from dataclasses import dataclass

import click

from commands.common import Output, ledger_command
from commands.progress import progress_on_stderr
from ledger.application import QALedger
from ledger.storage.store import Store
from projections.engine.migrate import MigrationFailed, migrate
from projections.engine.read_store import open_read_store
from projections.registry import ReadModels, projection_names


@click.command("migrate")
@ledger_command(writes=False)
def migrate_command(ledger: QALedger, output: Output, store: Store) -> None:
    """Create or update the read-model tables (each numbered SQL file once).

    Example:

    \b
        qaledger migrate --db council.db
    """
    read_store = open_read_store(store)
    try:
        applied = migrate(read_store)
    except MigrationFailed as error:
        raise click.ClickException(str(error)) from None
    finally:
        read_store.close()
    message = f"applied {', '.join(applied)}" if applied else "read models up to date"
    output.done(message, applied=applied, read_store=read_store.display)


@click.group()
def projections() -> None:
    """Read models: their position in the ledger, rebuilding, following live."""


@projections.command()
@ledger_command(writes=False)
def status(ledger: QALedger, output: Output, store: Store) -> None:
    """Show each projection's position beside the head of the ledger.

    Example:

    \b
        qaledger projections status
    """
    with ReadModels(ledger, store, ledger.settings) as models:
        rows = models.runner.status()
    data = [
        {
            "projection": row.name,
            "position": row.position,
            "head": row.head,
            "lag": row.lag,
            "rebuilding": row.rebuilding,
        }
        for row in rows
    ]
    if output.as_json:
        output.record({"projections": data})
        return
    for row in data:
        note = (
            " (rebuild interrupted: run rebuild again to resume)"
            if row["rebuilding"]
            else ""
        )
        click.echo(
            f"{row['projection']}: at {row['position']} of {row['head']}, "
            f"{row['lag']} behind{note}"
        )


@projections.command()
@click.argument("names", nargs=-1, metavar="[NAME]...")
@click.option(
    "--restart", is_flag=True, help="Start again even if one was interrupted."
)
@ledger_command(writes=False)
def rebuild(
    ledger: QALedger,
    output: Output,
    store: Store,
    names: tuple[str, ...],
    restart: bool,
) -> None:
    """Drop and rebuild projections from event 1 (all of them by default).

    Progress is shown on stderr. Interrupting is safe: each batch commits
    whole, and running rebuild again resumes where it stopped.

    Example:

    \b
        qaledger projections rebuild compliance
    """
    known = projection_names(ledger.settings)
    unknown = [name for name in names if name not in known]
    if unknown:
        raise click.ClickException(
            f"no such projection: {', '.join(unknown)}; known: {', '.join(known)}"
        )
    stop = stop_on_signals()
    with (
        ReadModels(ledger, store, ledger.settings, list(names) or None) as models,
        progress_on_stderr() as progress,
    ):
        try:
            read = models.runner.rebuild(progress, resume=not restart)
        except (KeyboardInterrupt, Exception) as error:
            if not (isinstance(error, KeyboardInterrupt) or stop.requested):
                raise  # a failure, not an interruption (see follow below)
            reached = models.runner.lowest_position()
            raise click.ClickException(
                f"interrupted at position {reached}; every batch before it is "
                "kept: run 'qaledger projections rebuild' again to resume"
            ) from None
    output.done(
        f"rebuilt {', '.join(names) or 'all projections'} ({read} events read)",
        rebuilt=list(names) or known,
        events=read,
    )


@projections.command()
@click.option("--once", is_flag=True, help="Catch up and stop instead of following.")
@ledger_command(writes=False)
def run(ledger: QALedger, output: Output, store: Store, once: bool) -> None:
    """Keep the read models up to date as events are recorded.

    On PostgreSQL it follows the ledger live (LISTEN/NOTIFY); on SQLite it
    checks every second. Stop it with Ctrl-C; nothing is lost.

    Example:

    \b
        qaledger projections run --db postgresql://qaledger@db/council
    """
    with ReadModels(ledger, store, ledger.settings) as models:
        with progress_on_stderr() as progress:
            models.catch_up(progress)
        if once:
            output.done("read models caught up", position=models.runner.head())
            return
        click.echo("following the ledger; Ctrl-C to stop", err=True)
        stop = stop_on_signals()
        try:
            models.follow()
        except (KeyboardInterrupt, Exception) as error:
            # Interrupted inside a PostgreSQL pipeline, psycopg reports the
            # pipeline it could not close rather than the interruption; the
            # batch's transaction rolled back all the same.
            if not (isinstance(error, KeyboardInterrupt) or stop.requested):
                raise
            click.echo("stopped", err=True)


@dataclass
class Stop:
    requested: bool = False


def stop_on_signals() -> Stop:
    """Stop cleanly on Ctrl-C or a service manager's SIGTERM, even where
    SIGINT was inherited as ignored (a background job): each batch commits
    whole, so stopping between or inside batches loses nothing."""
    stop = Stop()

    def interrupt(signum: int, frame: object) -> None:
        stop.requested = True
        raise KeyboardInterrupt

    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop_signal, interrupt)
    return stop
