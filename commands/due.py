"""qaledger due, compliance, actions: what is due, what was met, what is late."""

from __future__ import annotations

from datetime import date, datetime

import click

from commands.common import as_of_option, to_date
from commands.read_models import Table, read_model_command
from ledger.vocabulary import Role, Team
from projections import queries
from projections.registry import ReadModels
from projections.status import REQUIREMENT_STATUSES

STATUSES = list(REQUIREMENT_STATUSES)


def read_day(as_of: datetime | None) -> date:
    return to_date(as_of) or date.today()


@click.command()
@click.option("--for", "staff_id", metavar="STAFF_ID", help="What this person must do.")
@click.option("--team", help="What is owed for this team.")
@click.option("--role", help="What holders of this role must do.")
@as_of_option
@read_model_command
def due(
    models: ReadModels,
    table: Table,
    staff_id: str | None,
    team: str | None,
    role: str | None,
    as_of: datetime | None,
) -> None:
    """What is due or overdue, soonest first, with who must do it: decisions,
    follow-ups, feedback, supervision and reviews, observations, file audits,
    samples, meetings, the audit cycle, questionnaires and actions. A duty
    is the person's who held its role (the case's team manager, the head of
    service, the assistant director ...) on the day it fell due.

    \b
    Example:
        qaledger due --for TM03
        qaledger due --team safeguarding --as-of 2026-10-31
        qaledger due --role head-of-service
    """
    rows = queries.due(
        models,
        read_day(as_of),
        staff_id=staff_id,
        team=Team.parse(team).value if team else None,
        role=Role.parse(role).value if role else None,
    )
    table.show(
        rows, ["due_on", "status", "what", "about", "team", "who"], "Nothing is due."
    )


@click.command()
@click.option("--team", help="Only this team's requirements.")
@click.option("--status", type=click.Choice(STATUSES), help="Only this status.")
@as_of_option
@read_model_command
def compliance(
    models: ReadModels,
    table: Table,
    team: str | None,
    status: str | None,
    as_of: datetime | None,
) -> None:
    """Every requirement of the framework, when it was due and whether it was met.

    Example:

    \b
        qaledger compliance --team safeguarding --status overdue
    """
    rows = queries.compliance(models, read_day(as_of), team=team, status=status)
    table.show(rows, queries.COMPLIANCE_COLUMNS, "No requirements match.")


@click.command()
@click.option("--overdue", is_flag=True, help="Only overdue actions.")
@click.option("--owner", metavar="STAFF_ID", help="Only this person's actions.")
@as_of_option
@read_model_command
def actions(
    models: ReadModels,
    table: Table,
    overdue: bool,
    owner: str | None,
    as_of: datetime | None,
) -> None:
    """Actions from audits and cycles: open, due, overdue or completed.

    Example:

    \b
        qaledger actions --overdue --csv > overdue-actions.csv
    """
    rows = queries.actions(models, read_day(as_of), overdue=overdue, owner=owner)
    columns = ["action_id", "owner", "due_on", "status", "follow_ups", "description"]
    table.show(
        rows,
        columns if not table.as_csv else queries.ACTION_COLUMNS,
        "No actions match.",
    )
