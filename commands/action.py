"""qaledger action: actions from audits, their follow-ups and outcomes."""

from __future__ import annotations

from datetime import date, datetime

import click

from commands.common import Output, ledger_command
from commands.read_models import Table, read_model_command
from ledger.application import QALedger
from ledger.vocabulary import FollowUpOutcome
from projections import lists
from projections.registry import ReadModels

ACTION_ID = click.argument("action_id")


@click.group()
def action() -> None:
    """Actions: set from an audit, followed up, completed or escalated."""


@action.command("set")
@click.option("--audit", "audit_id", required=True, metavar="AUDIT_ID")
@click.option("--owner", required=True, metavar="STAFF_ID", help="Who does it.")
@click.option("--description", required=True, help="What is to be done.")
@click.option(
    "--due",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="Due date (default: one month after the audit).",
)
@ledger_command(writes=True)
def set_(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    audit_id: str,
    owner: str,
    description: str,
    due: datetime | None,
) -> None:
    """Set an action from an audit; prints the new action id.

    Example:

    \b
        qaledger action set --audit AUD-0042 --owner SW014 \\
            --description "Update the child's plan with dates" --as TM03
    """
    action_id = ledger.actions.set(
        actor,
        audit_id=audit_id,
        owner=owner,
        description=description,
        due_on=due.date() if due else None,
        on=on,
    )
    shown = ledger.actions.show(action_id)
    output.done(
        f"{action_id} set for {owner}, due {shown['due_on']}",
        action_id=action_id,
        due_on=shown["due_on"],
    )


@action.command()
@ACTION_ID
@click.option(
    "--outcome",
    required=True,
    help="One of: " + ", ".join(FollowUpOutcome.choices()) + ".",
)
@click.option("--note", required=True, help="What the review found.")
@ledger_command(writes=True)
def review(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    action_id: str,
    outcome: str,
    note: str,
) -> None:
    """Record a supervisor's follow-up review of ACTION_ID.

    Reviews are due within a month of the audit and again the month after.

    Example:

    \b
        qaledger action review ACT-0007 --outcome on-track \\
            --note "Plan updated, dates agreed" --as TM03
    """
    ledger.actions.review(actor, action_id=action_id, outcome=outcome, note=note, on=on)
    output.done(f"{action_id}: follow-up recorded ({outcome})", action_id=action_id)


@action.command()
@ACTION_ID
@click.option("--note", default="", help="How it was done.")
@ledger_command(writes=True)
def complete(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    action_id: str,
    note: str,
) -> None:
    """Record that ACTION_ID was done.

    Example:

    \b
        qaledger action complete ACT-0007 --as SW014
    """
    ledger.actions.complete(actor, action_id=action_id, note=note, on=on)
    output.done(f"{action_id} completed", action_id=action_id)


@action.command()
@ACTION_ID
@click.option("--note", required=True, help="What the manager checked.")
@ledger_command(writes=True)
def oversee(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    action_id: str,
    note: str,
) -> None:
    """Note that you, the manager, oversaw completed ACTION_ID's plan (§3.3):
    this meets its second follow-up.

    Example:

    \b
        qaledger action oversee ACT-0007 --note "Plan in place, checked" --as TM03
    """
    ledger.actions.oversee(actor, action_id=action_id, note=note, on=on)
    output.done(f"{action_id}: oversight noted", action_id=action_id)


@action.command()
@ACTION_ID
@click.option("--reason", required=True, help="Why it goes to the meeting.")
@ledger_command(writes=True)
def escalate(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    action_id: str,
    reason: str,
) -> None:
    """Escalate ACTION_ID to the performance management meeting.

    Example:

    \b
        qaledger action escalate ACT-0007 --reason "Not progressing" --as TM03
    """
    ledger.actions.escalate(actor, action_id=action_id, reason=reason, on=on)
    output.done(f"{action_id} escalated", action_id=action_id)


@action.command()
@ACTION_ID
@ledger_command(writes=False)
def show(ledger: QALedger, output: Output, action_id: str) -> None:
    """Show ACTION_ID with its follow-ups.

    Example:

    \b
        qaledger action show ACT-0007
    """
    output.record(ledger.actions.show(action_id))


@action.command("list")
@click.option("--team", help="The team of the action's case (else its audit's).")
@click.option("--owner", metavar="STAFF_ID", help="Only this person's actions.")
@click.option(
    "--status",
    metavar="STATUS",
    help="completed, overdue, due or open, as of today.",
)
@click.option(
    "--cycle",
    metavar="PERIOD",
    help="Set by this cycle's action plan or from one of its audits (2026H2).",
)
@read_model_command
def list_(
    models: ReadModels,
    table: Table,
    team: str | None,
    owner: str | None,
    status: str | None,
    cycle: str | None,
) -> None:
    """Actions by team, owner, status today or audit cycle.

    Example:

    \b
        qaledger action list --team safeguarding --status overdue
        qaledger action list --cycle 2026H2 --csv > actions.csv
    """
    rows = lists.actions(
        models, date.today(), team=team, owner=owner, status=status, cycle=cycle
    )
    shown = ["action_id", "team", "owner", "due_on", "status", "description"]
    table.show(
        rows, lists.ACTION_COLUMNS if table.as_csv else shown, "No actions match."
    )
