"""The full history of a case, an audit or a staff member, from the audit
trail: every event touching it, in the order recorded, optionally as it stood
at the end of a given day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from projections.queries import as_dicts
from projections.registry import ReadModels

COLUMNS = (
    "position",
    "recorded_at",
    "occurred_on",
    "actor",
    "actor_role",
    "aggregate_type",
    "aggregate_id",
    "event_kind",
    "summary",
)
SELECT = f"SELECT {', '.join(COLUMNS)} FROM audit_trail"
SUBJECTS = ("case", "audit", "staff")


def history(
    models: ReadModels, subject: str, ident: str, as_of: date | None = None
) -> list[dict[str, Any]]:
    params: list[Any]
    if subject == "case":
        where, params = "case_ref = ?", [ident]
    elif subject == "audit":
        # The audit's own events and those of the actions set from it.
        where = (
            "aggregate_id = ? OR aggregate_id IN "
            "(SELECT action_id FROM actions WHERE source_audit = ?)"
        )
        params = [ident, ident]
    elif subject == "staff":
        where, params = "staff_id = ? OR actor = ?", [ident, ident]
    else:
        raise ValueError(f"history of {subject!r}: one of {', '.join(SUBJECTS)}")
    statement = f"{SELECT} WHERE ({where})"
    if as_of is not None:
        statement += " AND recorded_at < ?"
        params.append(end_of(as_of, models.store.dialect))
    rows = models.rows(statement + " ORDER BY position", tuple(params))
    return [
        {**row, "recorded_at": str(row["recorded_at"])}
        for row in as_dicts(COLUMNS, rows)
    ]


def end_of(day: date, dialect: str) -> Any:
    """The first instant after ``day`` (UTC), as the trail stores times."""
    instant = datetime.combine(day + timedelta(days=1), time(), tzinfo=UTC)
    return instant if dialect == "postgres" else instant.isoformat()
