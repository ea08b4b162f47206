"""qaledger meeting: monthly performance management meetings (§3.7)."""

from __future__ import annotations

from datetime import date

import click

from commands.common import Output, ledger_command
from ledger.application import QALedger


@click.group()
def meeting() -> None:
    """Performance management meetings, held monthly.

    Chaired by the assistant director: reports are tabled and actions
    reviewed.
    """


@meeting.command()
@click.option(
    "--chair",
    metavar="STAFF_ID",
    help="The assistant director who chaired it (default: you, --as).",
)
@click.option(
    "--report", "reports", multiple=True, help="A report tabled; repeat for each."
)
@click.option(
    "--action",
    "action_ids",
    multiple=True,
    metavar="ACTION_ID",
    help="An action reviewed; repeat for each.",
)
@click.option(
    "--attendee",
    "attendees",
    multiple=True,
    metavar="STAFF_ID",
    help="Someone who attended; repeat for each.",
)
@click.option("--focus", help="The area of the service the meeting looked at.")
@ledger_command(writes=True)
def record(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    chair: str | None,
    reports: tuple[str, ...],
    action_ids: tuple[str, ...],
    attendees: tuple[str, ...],
    focus: str | None,
) -> None:
    """Record a performance management meeting; prints the new meeting id.

    --on is the date it was held. Name at least one report tabled or one
    action reviewed.

    Example:

    \b
        qaledger meeting record --chair AD1 --focus "Child protection plans" \\
            --report "Thematic audit: the child's voice" --action ACT-0007 \\
            --attendee TM03 --as QA01 --on 2026-11-26
    """
    meeting_id = ledger.meetings.record(
        actor,
        chair=chair,
        reports=list(reports),
        action_ids=list(action_ids),
        attendees=list(attendees),
        focus=focus,
        on=on,
    )
    shown = ledger.meetings.show(meeting_id)
    output.done(
        f"{meeting_id} recorded: {len(shown['reports_tabled'])} report(s) tabled, "
        f"{len(shown['actions_reviewed'])} action(s) reviewed",
        meeting_id=meeting_id,
    )


@meeting.command()
@click.argument("meeting_id")
@ledger_command(writes=False)
def show(ledger: QALedger, output: Output, meeting_id: str) -> None:
    """Show meeting MEETING_ID: who chaired, what was tabled and reviewed.

    Example:

    \b
        qaledger meeting show PMM-0005
    """
    output.record(ledger.meetings.show(meeting_id))
