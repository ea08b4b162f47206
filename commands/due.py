"""qaledger due, compliance, actions: what is due, what was met, what is late."""

from __future__ import annotations

from datetime import date

import click

from commands.read_models import Table, read_model_command
from projections import queries
from projections.registry import ReadModels

STATUSES = ["met", "met late", "due", "overdue"]


@click.command()
@click.option("--for", "staff_id", metavar="STAFF_ID", help="Only this person's.")
@read_model_command
def due(models: ReadModels, table: Table, staff_id: str | None) -> None:
    """What is due or overdue, soonest first: decisions, follow-ups, feedback,
    supervision, observations, file audits and actions.

    Example:

        qaledger due --for TM03
    """
    rows = queries.due(models, date.today(), staff_id=staff_id)
    table.show(rows, ["due_on", "status", "what", "about", "who"], "Nothing is due.")


@click.command()
@click.option("--team", help="Only this team's requirements.")
@click.option("--status", type=click.Choice(STATUSES), help="Only this status.")
@read_model_command
def compliance(
    models: ReadModels, table: Table, team: str | None, status: str | None
) -> None:
    """Every requirement of the framework, when it was due and whether it was met.

    Example:

        qaledger compliance --team safeguarding --status overdue
    """
    rows = queries.compliance(models, date.today(), team=team, status=status)
    table.show(rows, queries.COMPLIANCE_COLUMNS, "No requirements match.")


@click.command()
@click.option("--overdue", is_flag=True, help="Only overdue actions.")
@click.option("--owner", metavar="STAFF_ID", help="Only this person's actions.")
@read_model_command
def actions(models: ReadModels, table: Table, overdue: bool, owner: str | None) -> None:
    """Actions from audits and cycles: open, due, overdue or completed.

    Example:

        qaledger actions --overdue --csv > overdue-actions.csv
    """
    rows = queries.actions(models, date.today(), overdue=overdue, owner=owner)
    columns = ["action_id", "owner", "due_on", "status", "follow_ups", "description"]
    table.show(
        rows,
        columns if not table.as_csv else queries.ACTION_COLUMNS,
        "No actions match.",
    )
