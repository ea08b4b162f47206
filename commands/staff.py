"""qaledger staff: who works here, in which role and team."""

from __future__ import annotations

from datetime import date

import click

from commands.common import Output, ledger_command
from commands.read_models import Table, read_model_command
from ledger.application import QALedger
from ledger.vocabulary import Role, Team
from projections import lists
from projections.registry import ReadModels

ROLE_HELP = "One of: " + ", ".join(Role.choices()) + "."
TEAM_HELP = "One of: " + ", ".join(Team.choices()) + "."


@click.group()
def staff() -> None:
    """Staff members: joiners, role changes and leavers."""


@staff.command()
@click.argument("staff_id")
@click.option("--name", required=True, help="Full name.")
@click.option("--role", required=True, help=ROLE_HELP)
@click.option("--team", help=TEAM_HELP + " Needed for team-based roles.")
@click.option("--district", help="District the person works in.")
@ledger_command(writes=True)
def join(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    staff_id: str,
    name: str,
    role: str,
    team: str | None,
    district: str | None,
) -> None:
    """Record that STAFF_ID joined, in a role and team.

    Example:

    \b
        qaledger staff join SW014 --name "Sam Patel" --role social-worker \\
            --team safeguarding --district North --as ADM1
    """
    ledger.staff.join(
        actor,
        staff_id=staff_id,
        name=name,
        role=role,
        team=team,
        district=district,
        on=on,
    )
    output.done(f"{staff_id} joined as {role}", staff_id=staff_id)


@staff.command("change-role")
@click.argument("staff_id")
@click.option("--role", required=True, help=ROLE_HELP)
@click.option("--team", help=TEAM_HELP)
@click.option("--district", help="District the person now works in.")
@ledger_command(writes=True)
def change_role(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    staff_id: str,
    role: str,
    team: str | None,
    district: str | None,
) -> None:
    """Record that STAFF_ID moved to another role or team.

    Example:

    \b
        qaledger staff change-role SW014 --role deputy-team-manager \\
            --team safeguarding --as HOS1
    """
    ledger.staff.change_role(
        actor,
        staff_id=staff_id,
        role=role,
        team=team,
        district=district,
        on=on,
    )
    output.done(f"{staff_id} is now {role}", staff_id=staff_id)


@staff.command()
@click.argument("staff_id")
@click.option(
    "--team",
    "teams",
    multiple=True,
    required=True,
    help="A team they head; repeat for each.",
)
@ledger_command(writes=True)
def heads(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    staff_id: str,
    teams: tuple[str, ...],
) -> None:
    """Record the teams head of service STAFF_ID heads, from --on: their
    monthly samples, transfer audits and moderations are then due to them
    (§3.5), in place of any teams recorded before.

    Example:

    \b
        qaledger staff heads HOS1 --team safeguarding \\
            --team looked-after-children --as ADM1
    """
    ledger.staff.head_teams(actor, staff_id=staff_id, teams=list(teams), on=on)
    output.done(
        f"{staff_id} heads {', '.join(teams)}", staff_id=staff_id, teams=list(teams)
    )


@staff.command()
@click.argument("staff_id")
@ledger_command(writes=True)
def leave(
    ledger: QALedger, output: Output, actor: str, on: date | None, staff_id: str
) -> None:
    """Record that STAFF_ID left (their supervision records are kept 2 years).

    Example:

    \b
        qaledger staff leave SW014 --on 2026-10-31 --as ADM1
    """
    ledger.staff.leave(actor, staff_id=staff_id, on=on)
    output.done(f"{staff_id} left", staff_id=staff_id)


@staff.command("grant-login")
@click.argument("staff_id")
@click.option("--login", required=True, help="Their PostgreSQL role name.")
@ledger_command(writes=True)
def grant_login(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    staff_id: str,
    login: str,
) -> None:
    """Map STAFF_ID to their own PostgreSQL login: connected as it, they act
    as themselves and cannot claim anyone else with --as.

    Create the role itself with 'CREATE ROLE name LOGIN IN ROLE
    qaledger_writer' (see 'qaledger db roles').

    Example:

    \b
        qaledger staff grant-login TM03 --login tom_manager --as ADM1
    """
    ledger.staff.grant_login(actor, staff_id=staff_id, login=login, on=on)
    output.done(f"{staff_id} logs in as {login}", staff_id=staff_id, login=login)


@staff.command()
@click.argument("staff_id")
@ledger_command(writes=False)
def show(ledger: QALedger, output: Output, staff_id: str) -> None:
    """Show a staff member as the ledger knows them.

    Example:

    \b
        qaledger staff show SW014
    """
    output.record(ledger.staff.show(staff_id))


@staff.command("list")
@click.option("--team", help=TEAM_HELP)
@click.option("--district", help="Only those working in this district.")
@click.option("--role", help=ROLE_HELP)
@click.option(
    "--left/--current",
    "left",
    default=False,
    help="Those who have left, or those still employed (the default).",
)
@read_model_command
def list_(
    models: ReadModels,
    table: Table,
    team: str | None,
    district: str | None,
    role: str | None,
    left: bool,
) -> None:
    """Staff as they stand now, by team, district or role (no names: look
    one up with 'qaledger staff show').

    Example:

    \b
        qaledger staff list --team safeguarding --role social-worker
        qaledger staff list --left --csv > leavers.csv
    """
    rows = lists.staff(models, team=team, district=district, role=role, left=left)
    table.show(rows, lists.STAFF_COLUMNS, "No staff match.")
