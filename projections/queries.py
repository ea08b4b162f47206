"""Reading the read models as of a given day: what is due, compliance,
actions and supervision retention. ``today`` is a parameter so that tests and
reports can fix it (the ``*_now`` views read the database's CURRENT_DATE).
Each status is the one definition in ``projections/status.py``."""

from __future__ import annotations

from datetime import date
from typing import Any

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


def due(
    models: ReadModels, today: date, *, staff_id: str | None = None
) -> list[dict[str, Any]]:
    """Everything still to do, soonest first: open requirements and actions."""
    items = [
        {
            "what": row["requirement"],
            "about": row["subject_id"],
            "who": row["staff_id"],
            "due_on": row["due_on"],
            "status": row["status"],
        }
        for row in compliance(models, today, staff_id=staff_id)
        if row["status"] in ("due", "overdue")
    ]
    items += [
        {
            "what": "action",
            "about": row["action_id"],
            "who": row["owner"],
            "due_on": row["due_on"],
            "status": "overdue" if row["status"] == "overdue" else "due",
        }
        for row in actions(models, today, owner=staff_id)
        if row["status"] != "completed"
    ]
    return sorted(items, key=lambda item: (item["due_on"], item["what"], item["about"]))


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
