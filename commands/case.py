"""qaledger case: cases by their case-system reference (no child names)."""

from __future__ import annotations

from datetime import date

import click

from commands.common import Output, ledger_command
from commands.staff import TEAM_HELP
from ledger.application import QALedger


@click.group()
def case() -> None:
    """Cases: opened, transferred between teams, closed."""


@case.command("open")
@click.argument("case_ref")
@click.option("--team", required=True, help=TEAM_HELP)
@click.option("--district", required=True, help="District holding the case.")
@click.option("--worker", required=True, metavar="STAFF_ID", help="Allocated worker.")
@ledger_command(writes=True)
def open_(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    case_ref: str,
    team: str,
    district: str,
    worker: str,
) -> None:
    """Record that case CASE_REF (its ICS/LCS id) was opened to a team.

    Example:

        qaledger case open LL-204311 --team safeguarding --district North
        --worker SW014 --as TM03
    """
    ledger.open_case(
        actor, case_ref=case_ref, team=team, district=district, worker=worker, on=on
    )
    output.done(f"case {case_ref} opened to {team}", case_ref=case_ref)


@case.command()
@click.argument("case_ref")
@click.option("--to", "to_team", required=True, metavar="TEAM", help=TEAM_HELP)
@click.option("--worker", metavar="STAFF_ID", help="Newly allocated worker.")
@ledger_command(writes=True)
def transfer(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    case_ref: str,
    to_team: str,
    worker: str | None,
) -> None:
    """Record that case CASE_REF moved to another team.

    Example:

        qaledger case transfer LL-204311 --to looked-after-children
        --worker SW020 --as TM03
    """
    ledger.transfer_case(
        actor, case_ref=case_ref, to_team=to_team, worker=worker, on=on
    )
    output.done(f"case {case_ref} transferred to {to_team}", case_ref=case_ref)


@case.command()
@click.argument("case_ref")
@click.option("--reason", required=True, help="Why the case is closing.")
@ledger_command(writes=True)
def close(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    case_ref: str,
    reason: str,
) -> None:
    """Record that case CASE_REF was closed.

    Example:

        qaledger case close LL-204311 --reason "needs met" --as TM03
    """
    ledger.close_case(actor, case_ref=case_ref, reason=reason, on=on)
    output.done(f"case {case_ref} closed", case_ref=case_ref)


@case.command()
@click.argument("case_ref")
@ledger_command(writes=False)
def show(ledger: QALedger, output: Output, case_ref: str) -> None:
    """Show a case as the ledger knows it.

    Example:

        qaledger case show LL-204311
    """
    output.record(ledger.case(case_ref))
