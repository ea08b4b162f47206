"""qaledger complaint and qaledger compliment: what children and families tell
us about the service (§4.1)."""

from __future__ import annotations

from datetime import date

import click

from commands.common import Output, ledger_command
from commands.staff import TEAM_HELP
from ledger.application import QALedger
from ledger.records.complaint import ComplaintCategory, ComplaintOutcome

COMPLAINT_ID = click.argument("complaint_id")


@click.group()
def complaint() -> None:
    """Complaints: receive, escalate, respond, lessons.

    A complaint is received at stage 1, may be escalated to stage 2 and then
    stage 3, is answered at each stage, and teaches lessons. A complaint
    escalated past stage 1 is flagged for the Staying Safe Management Team.
    """


@complaint.command()
@click.option("--team", required=True, help=TEAM_HELP)
@click.option(
    "--category",
    required=True,
    help="What it is about. One of: " + ", ".join(ComplaintCategory.choices()) + ".",
)
@click.option("--case", "case_ref", metavar="CASE_REF", help="The case, if any.")
@click.option("--summary", help="A short note of the complaint (no names).")
@ledger_command(writes=True)
def receive(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    team: str,
    category: str,
    case_ref: str | None,
    summary: str | None,
) -> None:
    """Record a complaint received (stage 1); prints its new id.

    --on is the date it was received.

    Example:

    \b
        qaledger complaint receive --team safeguarding --category communication \\
            --case LL-204311 --summary "Not told about the meeting" --as TM03
    """
    complaint_id = ledger.complaints.receive(
        actor,
        team=team,
        category=category,
        case_ref=case_ref,
        summary=summary,
        on=on,
    )
    output.done(
        f"{complaint_id} received at stage 1 ({team}, {category})",
        complaint_id=complaint_id,
    )


@complaint.command()
@COMPLAINT_ID
@click.option(
    "--stage",
    "to_stage",
    required=True,
    metavar="2|3",
    help="The stage it moves to: the next one (2, then 3).",
)
@click.option("--reason", default="", help="Why it was escalated.")
@ledger_command(writes=True)
def escalate(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    complaint_id: str,
    to_stage: str,
    reason: str,
) -> None:
    """Record that COMPLAINT_ID was escalated to the next stage.

    Escalate one stage at a time: stage 1 to 2, then 2 to 3. The complaint
    is then flagged for the Staying Safe Management Team.

    Example:

    \b
        qaledger complaint escalate CMP-0004 --stage 2 \\
            --reason "Family not satisfied with the stage 1 reply" --as TM03
    """
    ledger.complaints.escalate(
        actor, complaint_id=complaint_id, to_stage=to_stage, reason=reason, on=on
    )
    shown = ledger.complaints.show(complaint_id)
    output.done(
        f"{shown['complaint_id']} escalated to stage {shown['stage']}; "
        "flagged for the Staying Safe Management Team",
        complaint_id=shown["complaint_id"],
        stage=shown["stage"],
    )


@complaint.command()
@COMPLAINT_ID
@click.argument("outcome", metavar="OUTCOME")
@click.option("--note", default="", help="What the reply said.")
@ledger_command(writes=True)
def respond(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    complaint_id: str,
    outcome: str,
    note: str,
) -> None:
    """Record the reply to COMPLAINT_ID at its current stage.

    OUTCOME is one of: upheld, partly-upheld, not-upheld. --on is the date
    of the reply. The reply at stage 3 is final: after it, only lessons may
    be recorded.

    Example:

    \b
        qaledger complaint respond CMP-0004 partly-upheld \\
            --note "Apology given; meeting invitations now go by letter" --as TM03
    """
    ledger.complaints.respond(
        actor, complaint_id=complaint_id, outcome=outcome, note=note, on=on
    )
    shown = ledger.complaints.show(complaint_id)
    output.done(
        f"{shown['complaint_id']}: stage {shown['stage']} reply recorded "
        f"({ComplaintOutcome.parse(outcome).label})",
        complaint_id=shown["complaint_id"],
        status=shown["status"],
    )


@complaint.command()
@COMPLAINT_ID
@click.option("--note", required=True, help="What SSMT considered or decided.")
@ledger_command(writes=True)
def consider(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    complaint_id: str,
    note: str,
) -> None:
    """Record that the Staying Safe Management Team considered COMPLAINT_ID,
    escalated past stage one, at its fortnightly meeting (§4.1).

    Example:

    \b
        qaledger complaint consider CMP-0004 --note "Response plan agreed" \\
            --as AD1 --on 2026-11-18
    """
    ledger.complaints.record_consideration(
        actor, complaint_id=complaint_id, note=note, on=on
    )
    output.done(
        f"SSMT's consideration of {complaint_id} recorded", complaint_id=complaint_id
    )


@complaint.command()
@COMPLAINT_ID
@click.argument("lesson")
@ledger_command(writes=True)
def lesson(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    complaint_id: str,
    lesson: str,
) -> None:
    """Record a LESSON learned from COMPLAINT_ID; record as many as there are.

    Lessons are shared quarterly at team and district meetings.

    Example:

    \b
        qaledger complaint lesson CMP-0004 \\
            "Confirm meeting dates with parents in writing" --as TM03
    """
    ledger.complaints.record_lesson(
        actor, complaint_id=complaint_id, lesson=lesson, on=on
    )
    output.done(f"lesson recorded on {complaint_id}", complaint_id=complaint_id)


@complaint.command()
@COMPLAINT_ID
@ledger_command(writes=False)
def show(ledger: QALedger, output: Output, complaint_id: str) -> None:
    """Show COMPLAINT_ID: its stage, replies and lessons.

    Example:

    \b
        qaledger complaint show CMP-0004
    """
    output.record(ledger.complaints.show(complaint_id))


@click.group()
def compliment() -> None:
    """Compliments: praise for a team or a member of staff."""


@compliment.command("receive")
@click.option("--team", required=True, help=TEAM_HELP)
@click.option("--summary", required=True, help="What was praised (no names).")
@click.option("--case", "case_ref", metavar="CASE_REF", help="The case, if any.")
@click.option(
    "--staff", "staff_member", metavar="STAFF_ID", help="Who was praised, if anyone."
)
@ledger_command(writes=True)
def receive_compliment(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    team: str,
    summary: str,
    case_ref: str | None,
    staff_member: str | None,
) -> None:
    """Record a compliment received; prints its new id.

    Example:

    \b
        qaledger compliment receive --team safeguarding --staff SW014 \\
            --summary "Mum thanked Sam for being there at every step" --as TM03
    """
    compliment_id = ledger.complaints.receive_compliment(
        actor,
        team=team,
        summary=summary,
        case_ref=case_ref,
        staff_member=staff_member,
        on=on,
    )
    output.done(f"{compliment_id} received ({team})", compliment_id=compliment_id)


@compliment.command("show")
@click.argument("compliment_id")
@ledger_command(writes=False)
def show_compliment(ledger: QALedger, output: Output, compliment_id: str) -> None:
    """Show COMPLIMENT_ID.

    Example:

    \b
        qaledger compliment show CPL-0002
    """
    output.record(ledger.complaints.show_compliment(compliment_id))
