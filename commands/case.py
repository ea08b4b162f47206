"""qaledger case: cases by their case-system reference (no child names)."""

from __future__ import annotations

from datetime import date

import click

from commands.common import Output, ledger_command
from commands.read_models import Table, read_model_command
from commands.staff import TEAM_HELP
from ledger.application import QALedger
from ledger.vocabulary import DecisionFunction, Trigger
from projections import lists
from projections.registry import ReadModels

TRIGGER_HELP = "One of: " + ", ".join(Trigger.choices()) + "."


@click.group()
def case() -> None:
    """Cases: opened, transferred between teams, closed."""


@case.command("open")
@click.argument("case_ref")
@click.option("--team", required=True, help=TEAM_HELP)
@click.option("--district", required=True, help="District holding the case.")
@click.option(
    "--worker",
    metavar="STAFF_ID",
    help="Allocated worker (leave out for a case not yet allocated; "
    "'case allocate' allocates it later).",
)
@ledger_command(writes=True)
def open_(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    case_ref: str,
    team: str,
    district: str,
    worker: str | None,
) -> None:
    """Record that case CASE_REF (its ICS/LCS id) was opened to a team,
    allocated to a worker or not yet.

    Example:

    \b
        qaledger case open LL-204311 --team safeguarding --district North \\
            --worker SW014 --as TM03
    """
    ledger.cases.open(
        actor, case_ref=case_ref, team=team, district=district, worker=worker, on=on
    )
    output.done(f"case {case_ref} opened to {team}", case_ref=case_ref)


@case.command()
@click.argument("case_ref")
@click.option("--to", "to_team", required=True, metavar="TEAM", help=TEAM_HELP)
@click.option("--worker", metavar="STAFF_ID", help="Newly allocated worker.")
@click.option(
    "--district", help="The district it moves to, if not its own (e.g. South)."
)
@ledger_command(writes=True)
def transfer(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    case_ref: str,
    to_team: str,
    worker: str | None,
    district: str | None,
) -> None:
    """Record that case CASE_REF moved to another team (and district).

    A new worker within the same team is 'qaledger case allocate'.

    Example:

    \b
        qaledger case transfer LL-204311 --to looked-after-children \\
            --worker SW020 --as TM03
    """
    ledger.cases.transfer(
        actor,
        case_ref=case_ref,
        to_team=to_team,
        worker=worker,
        district=district,
        on=on,
    )
    output.done(f"case {case_ref} transferred to {to_team}", case_ref=case_ref)


@case.command()
@click.argument("case_ref")
@click.option("--worker", required=True, metavar="STAFF_ID", help="The new worker.")
@ledger_command(writes=True)
def allocate(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    case_ref: str,
    worker: str,
) -> None:
    """Record that case CASE_REF was allocated to another worker in its team.

    Example:

    \b
        qaledger case allocate LL-204311 --worker SW015 --as TM03
    """
    ledger.cases.allocate(actor, case_ref=case_ref, worker=worker, on=on)
    output.done(f"case {case_ref} allocated to {worker}", case_ref=case_ref)


@case.command()
@click.argument("case_ref")
@click.option("--reason", required=True, help="Why the case is closing.")
@click.option(
    "--function",
    default="",
    metavar="case-closure",
    help="The case-system function used; closure needs the Case Closure Function.",
)
@ledger_command(writes=True)
def close(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    case_ref: str,
    reason: str,
    function: str,
) -> None:
    """Record that case CASE_REF was closed with the Case Closure Function.

    Record the management decision to close as well, with 'qaledger case
    decide --kind case-closure'.

    Example:

    \b
        qaledger case close LL-204311 --reason "needs met" \\
            --function case-closure --as TM03
    """
    ledger.cases.close(
        actor, case_ref=case_ref, reason=reason, function=function, on=on
    )
    output.done(f"case {case_ref} closed", case_ref=case_ref)


@case.command()
@click.argument("case_ref")
@click.option("--kind", "trigger", required=True, help=TRIGGER_HELP)
@click.option("--note", default="", help="What happened.")
@ledger_command(writes=True)
def trigger(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    case_ref: str,
    trigger: str,
    note: str,
) -> None:
    """Record a moment that needs a management decision on case CASE_REF (§2.2).

    Transfers to Leaving Care, Looked After Children or Family Support, and
    closures, are recorded by 'case transfer' and 'case close' themselves.

    Example:

    \b
        qaledger case trigger LL-204311 --kind cp-conference \\
            --note "Strategy meeting agreed conference" --as SW014
    """
    ledger.cases.record_trigger(
        actor, case_ref=case_ref, trigger=trigger, note=note, on=on
    )
    output.done(f"case {case_ref}: {trigger} recorded", case_ref=case_ref)


@case.command()
@click.argument("case_ref")
@click.option("--kind", required=True, help=TRIGGER_HELP)
@click.option(
    "--function",
    required=True,
    help="Recorded with: " + " or ".join(DecisionFunction.choices()) + ".",
)
@click.option("--rationale", required=True, help="Why the manager decided so.")
@click.option(
    "--decided-by", metavar="STAFF_ID", help="The manager who decided (default: you)."
)
@ledger_command(writes=True)
def decide(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    case_ref: str,
    kind: str,
    function: str,
    rationale: str,
    decided_by: str | None,
) -> None:
    """Record a management decision on case CASE_REF (§2.2).

    Example:

    \b
        qaledger case decide LL-204311 --kind cp-conference \\
            --function case-management-decision \\
            --rationale "Significant harm threshold met" --as TM03
    """
    ledger.cases.record_decision(
        actor,
        case_ref=case_ref,
        kind=kind,
        function=function,
        rationale=rationale,
        decided_by=decided_by,
        on=on,
    )
    output.done(f"case {case_ref}: {kind} decision recorded", case_ref=case_ref)


@case.command()
@click.argument("case_ref")
@ledger_command(writes=False)
def show(ledger: QALedger, output: Output, case_ref: str) -> None:
    """Show a case as the ledger knows it.

    Example:

    \b
        qaledger case show LL-204311
    """
    output.record(ledger.cases.show(case_ref))


@case.command("list")
@click.option("--team", help=TEAM_HELP)
@click.option("--district", help="Only cases held in this district.")
@click.option("--worker", metavar="STAFF_ID", help="Only this worker's cases.")
@click.option("--status", metavar="open|closed", help="Only open or closed cases.")
@read_model_command
def list_(
    models: ReadModels,
    table: Table,
    team: str | None,
    district: str | None,
    worker: str | None,
    status: str | None,
) -> None:
    """Cases with their team, allocated worker and current grading (that of
    the latest whole case file or transfer audit, as moderated).

    Example:

    \b
        qaledger case list --team safeguarding --status open
        qaledger case list --worker SW014 --json
    """
    rows = lists.cases(
        models, team=team, district=district, worker=worker, status=status
    )
    table.show(rows, lists.CASE_COLUMNS, "No cases match.")
