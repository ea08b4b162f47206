"""qaledger supervision: supervision sessions, PDRs, file audits, the survey."""

from __future__ import annotations

from datetime import date

import click

from commands.common import Output, ledger_command
from ledger.application import QALedger
from ledger.supervision.file import FileAuditOutcome

SUPERVISEE = click.argument("supervisee", metavar="STAFF_ID")


@click.group()
def supervision() -> None:
    """Supervision (§2.3): sessions, development reviews, annual file audits."""


@supervision.command()
@SUPERVISEE
@click.option(
    "--case",
    "cases",
    multiple=True,
    metavar="CASE_REF",
    help="A case discussed (repeat for each).",
)
@click.option(
    "--decisions-recorded",
    is_flag=True,
    help="Decisions were recorded on the child's file.",
)
@click.option("--reflective", is_flag=True, help="A reflective discussion was held.")
@click.option("--note", default="", help="Anything else worth keeping.")
@ledger_command(writes=True)
def record(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    supervisee: str,
    cases: tuple[str, ...],
    decisions_recorded: bool,
    reflective: bool,
    note: str,
) -> None:
    """Record that you supervised STAFF_ID (you are the supervisor).

    Example:

    \b
        qaledger supervision record SW014 --case LL-204311 --case LL-204377 \\
            --decisions-recorded --reflective --as TM03
    """
    ledger.supervision.record(
        actor,
        supervisee=supervisee,
        cases_discussed=list(cases),
        decisions_recorded_on_child_files=decisions_recorded,
        reflective_discussion_held=reflective,
        note=note,
        on=on,
    )
    output.done(f"supervision of {supervisee} recorded", supervisee=supervisee)


@supervision.command()
@SUPERVISEE
@click.option("--needs", required=True, help="Development needs agreed.")
@ledger_command(writes=True)
def pdr(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    supervisee: str,
    needs: str,
) -> None:
    """Record STAFF_ID's annual personal development review.

    Example:

    \b
        qaledger supervision pdr SW014 --needs "Court skills training" --as TM03
    """
    ledger.supervision.record_development_review(
        actor, supervisee=supervisee, needs=needs, on=on
    )
    output.done(f"development review of {supervisee} recorded", supervisee=supervisee)


@supervision.command("audit-file")
@SUPERVISEE
@click.option(
    "--outcome",
    required=True,
    help="One of: " + ", ".join(FileAuditOutcome.choices()) + ".",
)
@click.option("--note", default="", help="What the audit found.")
@ledger_command(writes=True)
def audit_file(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    supervisee: str,
    outcome: str,
    note: str,
) -> None:
    """Record the annual audit of STAFF_ID's supervision file.

    Example:

    \b
        qaledger supervision audit-file SW014 --outcome effective \\
            --note "Monthly, reflective, decisions on file" --as HOS1
    """
    ledger.supervision.audit_file(
        actor, supervisee=supervisee, outcome=outcome, note=note, on=on
    )
    output.done(f"supervision file of {supervisee} audited", supervisee=supervisee)


@supervision.command()
@click.option("--year", type=int, required=True, help="The survey's year.")
@click.option("--responses", type=click.IntRange(0), required=True)
@click.option("--summary", required=True, help="What the survey found.")
@ledger_command(writes=True)
def survey(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    year: int,
    responses: int,
    summary: str,
) -> None:
    """Record the annual supervision survey of the service.

    Example:

    \b
        qaledger supervision survey --year 2026 --responses 84 \\
            --summary "Most staff supervised monthly" --as QA01
    """
    ledger.supervision.record_survey(
        actor, year=year, responses=responses, summary=summary, on=on
    )
    output.done(f"supervision survey {year} recorded", year=year)


@supervision.command()
@SUPERVISEE
@ledger_command(writes=False)
def show(ledger: QALedger, output: Output, supervisee: str) -> None:
    """Show STAFF_ID's supervision file.

    Example:

    \b
        qaledger supervision show SW014
    """
    output.record(ledger.supervision.show(supervisee))
