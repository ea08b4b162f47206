"""qaledger demo: build a sample ledger to try the product on, or a
synthetic one of many councils over many years."""

from __future__ import annotations

import shlex
import shutil
import sys
from datetime import datetime
from pathlib import Path

import click

from commands.common import refusals_as_errors
from commands.progress import progress_on_stderr
from ledger.application import open_ledger
from ledger.demo.council import QA_LEAD
from ledger.demo.synthetic import BATCH, batched, build, default_start
from ledger.settings import load_settings
from ledger.storage.store import locate
from reports.latest import run_latest

DEFAULT_DB = "demo.db"


@click.group()
def demo() -> None:
    """Sample ledgers for trying qaledger out."""


@demo.command("generate")
@click.option(
    "--db",
    envvar="QALEDGER_DB",
    metavar="PATH|URL",
    help=f"Where to build the ledger (must be empty; default {DEFAULT_DB}, or "
    "none when --jsonl is given).",
)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--councils",
    type=click.IntRange(1, 999),
    default=1,
    show_default=True,
    help="Councils sharing the ledger.",
)
@click.option(
    "--years",
    type=click.IntRange(1, 50),
    default=1,
    show_default=True,
    help="Years, one after another, the last ending today.",
)
@click.option(
    "--start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="First day (default: the day after today --years years ago, so the "
    "last year ends today).",
)
@click.option(
    "--jsonl",
    "events_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the ledger as an events file (the format of 'qaledger "
    "export events'); without --db, only the file is kept.",
)
@click.option(
    "--batch",
    type=click.IntRange(min=1),
    help=f"Events saved per transaction (default: 1 for one council for one "
    f"year, else {BATCH}).",
)
@click.option(
    "--overwrite",
    is_flag=True,
    help="Delete an existing SQLite ledger and events file first.",
)
@click.option(
    "--reports",
    "reports_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the demo council's reports go, each job for its latest period, "
    "with an index page (default: beside the ledger, e.g. demo-reports/).",
)
@click.option(
    "--no-reports", is_flag=True, help="Build the ledger only, without reports."
)
def generate_command(
    db: str | None,
    seed: int,
    councils: int,
    years: int,
    start: datetime | None,
    events_file: Path | None,
    batch: int | None,
    overwrite: bool,
    reports_dir: Path | None,
    no_reports: bool,
) -> None:
    """Build a ledger of council oversight through the real commands:
    staff joining, leaving and promoted; cases opened, transferred and
    closed with their management decisions; supervision, development reviews
    and supervision file audits; two whole case file audit cycles a year,
    thematic, heads of service, transfer and family support audits with
    actions and follow-ups, gradings improving over the years; complaints,
    compliments, feedback questionnaires, practice observations and monthly
    performance meetings. The same seed and start give the same ledger; by
    default the last year ends today (it may end no later). Progress is
    shown on stderr.

    One council for one year is the demo council, every command saved in its
    own transaction, as people would record it; its QA officer then runs
    every report for its latest period (--reports, with an index page).
    With --councils N, N councils of different sizes share the ledger, each
    with its own prefix on staff ids, case references and districts
    (C001-TM-SGN, C001-LL-200017); audit and action ids come from the
    ledger's shared sequences. The ledger keeps one audit cycle per period, one heads of
    service sample per month and team, and one supervision survey per year,
    so councils sharing it draw their samples from their own cases and
    schedule the audits without those records (and only the first council
    records the survey).

    Which path a size takes: anything bigger than one council for one year
    runs the same commands, with every check, but keeps the aggregates in
    memory and saves the events --batch at a time. 152 councils for 10
    years is 22.6 million events: an hour and a half on one core of the
    machine in BENCHMARKS.md, with a peak of 3 GiB. Both paths give the same
    ledger for the same seed.

    Example:

    \b
        qaledger demo generate --db demo.db --seed 7

        qaledger demo generate --councils 3 --years 2 --db three.db

        qaledger demo generate --councils 152 --years 10 --jsonl national.jsonl
    """
    if db is None and events_file is None:
        db = DEFAULT_DB
    first_day = start.date() if start else default_start(years)
    with refusals_as_errors(db), progress_on_stderr() as progress:
        if db is not None:
            store = locate(db)
            if overwrite:
                if store.sqlite_path is None:
                    raise click.UsageError("--overwrite only deletes SQLite files")
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{store.sqlite_path}{suffix}").unlink(missing_ok=True)
        if events_file is not None and events_file.exists():
            if not overwrite:
                raise click.ClickException(
                    f"{events_file} exists; choose another --jsonl or add --overwrite"
                )
            events_file.unlink()
        if batched(councils, years, batch):
            click.echo(f"saving {batch or BATCH} events per transaction", err=True)
        built = build(
            db,
            councils=councils,
            years=years,
            seed=seed,
            start=first_day,
            events_file=events_file,
            batch=batch,
            settings=load_settings(),
            progress=progress,
        )
    where = [locate(db).display] if db is not None else []
    where += [str(events_file)] if events_file is not None else []
    size = f"{councils} council{'s' if councils > 1 else ''}, {years} year" + (
        "s" if years > 1 else ""
    )
    click.echo(
        f"Demo ledger built in {' and '.join(where)} (seed {seed}, {size} from "
        f"{first_day}):"
    )
    summary = built.summary
    lines = summary.lines()
    if len(summary.cycles) > 12:
        cycles = [line for line in lines if line.startswith("cycle ")]
        lines = [line for line in lines if not line.startswith("cycle ")]
        lines.insert(-1, f"cycles summed up: {len(cycles)}")
    for line in lines:
        click.echo(f"  {line}")
    click.echo(
        f"  took {built.seconds:.1f}s: {built.rate:,.0f} events a second",
        err=True,
    )
    if db is not None and councils == 1 and years == 1 and not no_reports:
        folder = reports_dir or default_reports_dir(db)
        with refusals_as_errors(db), progress_on_stderr() as progress:
            ledger = open_ledger(db)
            try:
                index = run_latest(
                    ledger, locate(db), folder, actor=QA_LEAD, progress=progress
                )
            finally:
                ledger.close()
        click.echo(f"Reports, each for its latest period: open {index}")
    if db is not None:
        click.echo(f"Try: {program()} audit show AUD-0001 --db {shlex.quote(db)}")


def default_reports_dir(db: str) -> Path:
    """``demo.db`` -> ``demo-reports``, beside it; for PostgreSQL, here."""
    path = locate(db).sqlite_path
    if path is None:
        return Path("demo-reports")
    return Path(path).with_name(f"{Path(path).stem}-reports")


def program() -> str:
    """How to run qaledger again, as it was run this time: the README's first
    command runs ``.venv/bin/qaledger``, not on the PATH, so a hint saying
    ``qaledger`` would not work as printed there."""
    invoked = sys.argv[0] if sys.argv else ""
    if Path(invoked).name != "qaledger":  # python -m, or a test's runner
        return "qaledger"
    on_path = shutil.which("qaledger")
    if on_path is not None and Path(on_path).resolve() == Path(invoked).resolve():
        return "qaledger"
    return shlex.quote(invoked)
