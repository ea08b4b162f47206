"""Reading the read models as of a given day: what is due, compliance,
actions and supervision retention. ``today`` is a parameter so that tests and
reports can fix it (the ``*_now`` views read the database's CURRENT_DATE).
Each status is the one definition in ``projections/status.py``."""

from __future__ import annotations

from datetime import date
from typing import Any

from projections.compliance_book import day
from projections.duties import Organisation, Stretch
from projections.registry import ReadModels
from projections.status import (
    ACTION_STATUS,
    REQUIREMENT_STATUS,
    RETENTION_STATUS,
    with_day,
)

COMPLIANCE_COLUMNS = (
    "requirement",
    "subject_id",
    "case_ref",
    "staff_id",
    "team",
    "due_on",
    "met_on",
    "responsible",
    "status",
)
ACTION_COLUMNS = (
    "action_id",
    "owner",
    "description",
    "source_audit",
    "source_cycle",
    "case_ref",
    "set_on",
    "due_on",
    "follow_ups",
    "completed_on",
    "escalated_on",
    "status",
)
RETENTION_COLUMNS = (
    "supervisee",
    "supervised_on",
    "supervisor",
    "employment_end",
    "retain_until",
    "status",
)


def as_dicts(
    columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> list[dict[str, Any]]:
    return [
        {column: plain(value) for column, value in zip(columns, row, strict=True)}
        for row in rows
    ]


def plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def compliance(
    models: ReadModels,
    today: date,
    *,
    team: str | None = None,
    status: str | None = None,
    staff_id: str | None = None,
) -> list[dict[str, Any]]:
    status_sql, status_params = with_day(REQUIREMENT_STATUS, today)
    where: list[str] = ["1 = 1"]
    params: list[Any] = [*status_params]
    for column, value in (("team", team), ("staff_id", staff_id)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    statement = (
        f"SELECT {', '.join(COMPLIANCE_COLUMNS[:-1])}, {status_sql} AS status "
        f"FROM compliance WHERE {' AND '.join(where)} ORDER BY due_on, requirement_id"
    )
    rows = as_dicts(COMPLIANCE_COLUMNS, models.rows(statement, tuple(params)))
    return [row for row in rows if status is None or row["status"] == status]


def actions(
    models: ReadModels, today: date, *, overdue: bool = False, owner: str | None = None
) -> list[dict[str, Any]]:
    status_sql, status_params = with_day(ACTION_STATUS, today)
    where: list[str] = ["1 = 1"]
    params: list[Any] = [*status_params]
    if owner:
        where.append("owner = ?")
        params.append(owner)
    statement = (
        f"SELECT {', '.join(ACTION_COLUMNS[:-1])}, {status_sql} AS status "
        f"FROM actions WHERE {' AND '.join(where)} ORDER BY due_on, action_id"
    )
    rows = as_dicts(ACTION_COLUMNS, models.rows(statement, tuple(params)))
    return [row for row in rows if not overdue or row["status"] == "overdue"]


def organisation(models: ReadModels) -> Organisation:
    """Who held which role in which team and district, and which teams each
    head of service headed, on any day."""
    return Organisation(
        [
            Stretch(
                str(staff_id),
                str(role),
                team,
                day(from_on),
                day(to_on) if to_on is not None else None,
                district,
            )
            for staff_id, role, team, district, from_on, to_on in models.rows(
                "SELECT staff_id, role, team, district, from_on, to_on "
                "FROM staff_periods"
            )
        ],
        [
            Stretch(
                str(staff_id),
                "head-of-service",
                team,
                day(from_on),
                day(to_on) if to_on is not None else None,
            )
            for staff_id, team, from_on, to_on in models.rows(
                "SELECT staff_id, team, from_on, to_on FROM headed_teams"
            )
        ],
    )


def due(
    models: ReadModels,
    today: date,
    *,
    staff_id: str | None = None,
    team: str | None = None,
    role: str | None = None,
) -> list[dict[str, Any]]:
    """Everything still to do on ``today``, soonest first: open requirements,
    each with who must act on it (its responsible role's holder on the day
    it fell due, or on ``today`` if it is not due yet), and open actions,
    their owners'. ``staff_id`` keeps what that person must do; ``team``
    what is owed for a team; ``role`` what holders of a role must do."""
    people = organisation(models)
    # Each case's team and district, read once.
    cases = {
        ref: (team, district)
        for ref, team, district in models.rows(
            "SELECT case_ref, team, district FROM cases"
        )
    }
    items = []
    for row in compliance(models, today, team=team):
        if row["status"] not in ("due", "overdue"):
            continue
        on = min(day(row["due_on"]), today)
        # The case's district, or the person's the requirement is about.
        district = cases.get(row["case_ref"], (None, None))[1] or (
            (held := people.stretch_of(row["staff_id"], on)) and held.district
        )
        who = people.responsible(
            row["responsible"], row["staff_id"], row["team"], on, district or None
        )
        items.append(
            {
                "what": row["requirement"],
                "about": row["subject_id"],
                "who": who,
                "on": on,
                "team": row["team"],
                "due_on": row["due_on"],
                "status": row["status"],
            }
        )
    for row in actions(models, today):
        if row["status"] == "completed":
            continue
        action_team = cases.get(row["case_ref"], (None, None))[0]
        if team is not None and action_team != team:
            continue
        items.append(
            {
                "what": "action",
                "about": row["action_id"],
                "who": [row["owner"]],
                "on": today,
                "team": action_team,
                "due_on": row["due_on"],
                "status": "overdue" if row["status"] == "overdue" else "due",
            }
        )
    chosen = [
        {**item, "who": ", ".join(item["who"]) or "nobody holds the role"}
        for item in items
        if (staff_id is None or staff_id in item["who"])
        and (
            role is None
            or any(held_role(people, p, item["on"]) == role for p in item["who"])
        )
    ]
    for item in chosen:
        del item["on"]
    return sorted(
        chosen, key=lambda item: (item["due_on"], item["what"], item["about"])
    )


def held_role(people: Organisation, staff_id: str, on: date) -> str | None:
    stretch = people.stretch_of(staff_id, on)
    return stretch.role if stretch else None


def supervision_retention(
    models: ReadModels, today: date, *, supervisee: str | None = None
) -> list[dict[str, Any]]:
    """Each supervision record and whether it is still to be kept on ``today``
    (§2.3: while employed and 2 years after leaving), in the order recorded."""
    status_sql, status_params = with_day(RETENTION_STATUS, today)
    where = "1 = 1"
    params: list[Any] = [*status_params]
    if supervisee:
        where = "supervisee = ?"
        params.append(supervisee)
    statement = (
        f"SELECT {', '.join(RETENTION_COLUMNS[:-1])}, {status_sql} AS status "
        f"FROM supervision_retention WHERE {where} ORDER BY record_position"
    )
    return as_dicts(RETENTION_COLUMNS, models.rows(statement, tuple(params)))
