"""qaledger report: generate the QA team's periodic reports, check a report
file against the ledger, and see or run what is due."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from commands.common import Output, date_option, ledger_command, to_date
from commands.progress import progress_on_stderr
from commands.read_models import aligned
from ledger.application import QALedger
from ledger.storage.store import Store
from projections.engine.migrate import MigrationFailed
from reports.generate import (
    Generated,
    ReportModels,
    due_reports,
    generate,
    verify_file,
)

F = TypeVar("F", bound=Callable[..., Any])

out_option = click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory to write the HTML, CSV and Parquet files to (created if need be).",
)
as_of_option = date_option(
    "--as-of",
    "Read statuses (overdue, met, ...) as of this day. Default: the "
    "period's last day, or for a period still running the day of the last "
    "event recorded.",
)


@click.group()
def report() -> None:
    """Generate reports (HTML with charts, CSV and Parquet) from the read
    models, and check report files against the ledger.

    Each run is recorded in the ledger with the position it reflects, the
    tree head there and the SHA-256 of every file it wrote; the same report
    generated again at the same position gives the same bytes.
    """


def run_job(
    ledger: QALedger,
    store: Store,
    *,
    job: str,
    period: str | None,
    as_of: date | None,
    out_dir: Path,
    actor: str,
    on: date | None,
) -> Generated:
    try:
        with (
            ReportModels(ledger, store, ledger.settings) as models,
            progress_on_stderr() as progress,
        ):
            return generate(
                ledger,
                models,
                job=job,
                period=period,
                as_of=as_of,
                out_dir=out_dir,
                actor=actor,
                on=on,
                progress=progress,
            )
    except MigrationFailed as error:
        raise click.ClickException(str(error)) from None


def period_first(parameters: dict[str, str]) -> str:
    """``cycle 2026H2, as_of 2026-12-31``."""
    ordered = sorted(parameters.items(), key=lambda item: item[0] == "as_of")
    return ", ".join(f"{name} {value}" for name, value in ordered)


def show(output: Output, generated: Generated) -> None:
    parameters = period_first(generated.parameters)
    lines = [
        f"{generated.report_id}: {generated.job} report ({parameters}) at ledger "
        f"position {generated.position}, tree head {generated.head_digest}",
        f"{len(generated.outputs)} files in {generated.out_dir}: "
        + ", ".join(
            sorted(name for name in generated.outputs if name.endswith(".html"))
        ),
    ]
    if not generated.has_data:
        lines.append("no data was recorded for this period; the report says so")
    output.done("\n".join(lines), **generated.as_dict())


def job_command(job: str, option: str | None, example: str) -> Callable[[F], F]:
    """The shared shape of the five report commands: the decorated
    function gives only the help text."""

    def decorate(func: F) -> F:
        def command(
            ledger: QALedger,
            output: Output,
            store: Store,
            actor: str,
            on: date | None,
            out_dir: Path,
            as_of: datetime | None,
            **period: str,
        ) -> None:
            generated = run_job(
                ledger,
                store,
                job=job,
                period=period[option] if option else None,
                as_of=to_date(as_of),
                out_dir=out_dir,
                actor=actor,
                on=on,
            )
            show(output, generated)

        decorated: Callable[..., Any] = ledger_command(writes=True)(command)
        decorated = as_of_option(out_option(decorated))
        if option is not None:
            decorated = click.option(
                f"--{option}",
                option,
                required=True,
                metavar=option.upper(),
                help=f"The {option} to report on.",
            )(decorated)
        help_text = f"{func.__doc__ or ''}\n\nExample:\n\n    {example}"
        report.command(job, help=help_text)(decorated)
        return func

    return decorate


@job_command(
    "benchmark",
    "cycle",
    "qaledger report benchmark --cycle 2026H2 --out reports --as QA1",
)
def benchmark() -> None:
    """The whole case file audit benchmark (§3.3) for a cycle (--cycle
    2026H2): grades beside every earlier cycle, by team and district;
    moderation and agreement per auditor; the cycle's actions and
    follow-ups."""


@job_command(
    "pmm", "month", "qaledger report pmm --month 2026-10 --out reports --as QA1"
)
def pmm() -> None:
    """The monthly Performance Management Meeting pack (§3.7) for a month
    (--month 2026-10): audits completed and grades, thematic findings,
    overdue actions, follow-ups, management decisions, supervision by team,
    observations due, complaints, compliments and escalations."""


@job_command(
    "supervision",
    "year",
    "qaledger report supervision --year 2026 --out reports --as QA1",
)
def supervision() -> None:
    """The annual supervision report (§2.3) for a year (--year 2026):
    frequency by team and worker, file audits, development reviews and
    retention of supervision records."""


@job_command(
    "complaints",
    "quarter",
    "qaledger report complaints --quarter 2026Q3 --out reports --as QA1",
)
def complaints() -> None:
    """The quarterly complaints and compliments collation (§4.1) for a
    quarter (--quarter 2026Q3): received, escalated, outcomes, response
    times, lessons and compliments."""


@job_command(
    "ofsted", None, "qaledger report ofsted --as-of 2026-10-31 --out reports --as QA1"
)
def ofsted() -> None:
    """An Ofsted evidence pack of the 12 months up to --as-of (default: the
    day of the last event recorded): audits with grades and moderation,
    actions and their completion, a compliance summary and a case tracking
    list."""


@report.command("verify")
@click.argument(
    "files",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@ledger_command(writes=False)
def verify(ledger: QALedger, output: Output, files: tuple[Path, ...]) -> None:
    """Check that each FILE is, byte for byte, a file a recorded report
    wrote: exit status 0 if every one is, 1 if any is not (changed, or
    never recorded).

    Example:

    \b
        qaledger report verify reports/benchmark-2026H2.html
    """
    verdicts = [verify_file(ledger, path) for path in files]
    failed = [verdict for verdict in verdicts if not verdict.ok]
    if output.as_json:
        click.echo(json.dumps([verdict.as_dict() for verdict in verdicts], indent=2))
        if failed:
            raise click.ClickException(
                f"{len(failed)} of {len(verdicts)} files match no recorded report"
            )
        return
    for verdict in verdicts:
        if verdict.ok:
            click.echo(verdict.message())
    if failed:
        raise click.ClickException("\n".join(verdict.message() for verdict in failed))


since_option = date_option(
    "--since",
    "Only periods ending on or after this day (default: all since the ledger began).",
)


@report.command("due")
@since_option
@ledger_command(writes=False)
def due(ledger: QALedger, output: Output, since: datetime | None) -> None:
    """List the periodic reports that are due: every month's PMM pack,
    quarter's complaints collation, half-year's benchmark and year's
    supervision report whose period has ended and that has not been
    generated.

    Example:

    \b
        qaledger report due --json
    """
    rows = [item.as_dict() for item in due_reports(ledger, to_date(since))]
    if output.as_json:
        click.echo(json.dumps(rows, indent=2))
    elif not rows:
        click.echo("no report is due")
    else:
        click.echo(aligned(rows, ["job", "period", "ended_on", "command"]))


@report.command("run-due")
@since_option
@out_option
@ledger_command(writes=True)
def run_due(
    ledger: QALedger,
    output: Output,
    store: Store,
    actor: str,
    on: date | None,
    since: datetime | None,
    out_dir: Path,
) -> None:
    """Generate every report 'qaledger report due' lists, into --out, each
    recorded in the ledger (for cron).

    Example:

    \b
        qaledger report run-due --out /srv/qa-reports --as QA1
    """
    pending = due_reports(ledger, to_date(since))
    done = []
    for number, item in enumerate(pending, start=1):
        click.echo(
            f"report {number} of {len(pending)}: {item.job} {item.period}", err=True
        )
        done.append(
            run_job(
                ledger,
                store,
                job=item.job,
                period=item.period,
                as_of=None,
                out_dir=out_dir,
                actor=actor,
                on=on,
            )
        )
    if output.as_json:
        click.echo(json.dumps([generated.as_dict() for generated in done], indent=2))
    elif not done:
        click.echo("no report is due")
    else:
        for generated in done:
            parameters = period_first(generated.parameters)
            click.echo(f"{generated.report_id}: {generated.job} ({parameters})")
