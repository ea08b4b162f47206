"""qaledger observe: direct observation of staff practice (§4.1)."""

from __future__ import annotations

from datetime import date

import click

from commands.common import Output, ledger_command
from ledger.application import QALedger
from ledger.records.observation import ObservationOutcome


@click.group()
def observe() -> None:
    """Staff observation: practice seen by a manager.

    A team manager or above watches a member of staff at work, at least every
    12 months, and says whether they need additional support.
    """


@observe.command()
@click.argument("staff_id")
@click.option(
    "--outcome",
    required=True,
    help="One of: " + ", ".join(ObservationOutcome.choices()) + ".",
)
@click.option(
    "--observer",
    metavar="STAFF_ID",
    help="Who observed: a team manager or above (default: you, --as).",
)
@click.option(
    "--support-needed/--no-support-needed",
    default=False,
    help="Whether the person needs additional support (default: no).",
)
@click.option("--note", help="What support is needed (required with --support-needed).")
@ledger_command(writes=True)
def record(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    staff_id: str,
    outcome: str,
    observer: str | None,
    support_needed: bool,
    note: str | None,
) -> None:
    """Record that STAFF_ID was observed in practice; prints the new id.

    --on is the date of the observation.

    Example:

    \b
        qaledger observe record SW014 --outcome good --support-needed \\
            --note "Coaching on writing analysis in assessments" --as TM03
    """
    observation_id = ledger.observations.record(
        actor,
        staff_member=staff_id,
        outcome=outcome,
        observer=observer,
        support_needed=support_needed,
        support_note=note,
        on=on,
    )
    support = "additional support needed" if support_needed else "no extra support"
    output.done(
        f"{observation_id}: {staff_id} observed ({outcome}; {support})",
        observation_id=observation_id,
    )


@observe.command()
@click.argument("observation_id")
@ledger_command(writes=False)
def show(ledger: QALedger, output: Output, observation_id: str) -> None:
    """Show observation OBSERVATION_ID and when the next one is due.

    Example:

    \b
        qaledger observe show OBS-0003
    """
    output.record(ledger.observations.show(observation_id))
