"""Finding staff, cases, audits and actions without knowing their ids: the
``list`` commands' reads of the read models, filtered by team, district,
role, kind, worker, cycle or status.

Each filter word is parsed with the ledger's vocabulary, so a mistyped team,
role, kind or status is refused with the words allowed (``Error: unknown
team ...``) rather than quietly matching nothing. An action's status
depends on the day it is read: ``today`` is a parameter, and the status is
the one definition in ``projections/status.py``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.audits import audit as audit_states
from ledger.vocabulary import AuditKind, Role, Team, Vocabulary
from projections.queries import as_dicts
from projections.registry import ReadModels
from projections.status import ACTION_STATUS, with_day

STAFF_COLUMNS = ("staff_id", "role", "team", "district", "joined_on", "left_on")
CASE_COLUMNS = (
    "case_ref",
    "team",
    "district",
    "allocated_worker",
    "status",
    "opened_on",
    "closed_on",
    "grade",
    "graded_on",
    "graded_by_audit",
)
AUDIT_COLUMNS = (
    "audit_id",
    "audit_kind",
    "cycle",
    "case_ref",
    "team",
    "district",
    "auditor",
    "joint_auditor",
    "status",
    "started_on",
    "completed_on",
)
ACTION_COLUMNS = (
    "action_id",
    "team",
    "case_ref",
    "owner",
    "source_audit",
    "source_cycle",
    "set_on",
    "due_on",
    "completed_on",
    "status",
    "description",
)


class CaseStatus(Vocabulary):
    OPEN = "open"
    CLOSED = "closed"

    @classmethod
    def noun(cls) -> str:
        return "case status"


class AuditStatus(Vocabulary):
    SCHEDULED = audit_states.SCHEDULED
    STARTED = audit_states.STARTED
    COMPLETED = audit_states.COMPLETED
    CANCELLED = audit_states.CANCELLED

    @classmethod
    def noun(cls) -> str:
        return "audit status"


class ActionStatus(Vocabulary):
    """The words of ``ACTION_STATUSES`` (a test holds them equal)."""

    COMPLETED = "completed"
    OVERDUE = "overdue"
    DUE = "due"
    OPEN = "open"

    @classmethod
    def noun(cls) -> str:
        return "action status"


def parsed(vocabulary: type[Vocabulary], value: str | None) -> str | None:
    return vocabulary.parse(value).value if value else None


class Filters:
    """``column = ?`` conditions for the filters given, and their values."""

    def __init__(self) -> None:
        self.conditions: list[str] = ["1 = 1"]
        self.params: list[Any] = []

    def equal(self, column: str, value: str | None) -> Filters:
        if value:
            self.conditions.append(f"{column} = ?")
            self.params.append(value)
        return self

    def either(self, column: str, other: str, value: str | None) -> Filters:
        """``value`` in either column (an audit's auditor or joint auditor)."""
        if value:
            self.conditions.append(f"(? IN ({column}, {other}))")
            self.params.append(value)
        return self

    def same_words(self, column: str, value: str | None) -> Filters:
        """Free text such as a district: any capitals, no stray spaces."""
        if value and value.strip():
            self.conditions.append(f"LOWER({column}) = LOWER(?)")
            self.params.append(value.strip())
        return self

    def where(self) -> str:
        return " AND ".join(self.conditions)


def staff(
    models: ReadModels,
    *,
    team: str | None = None,
    district: str | None = None,
    role: str | None = None,
    left: bool = False,
) -> list[dict[str, Any]]:
    """Staff as they stand now: those still employed, or (``left``) those
    who have left."""
    filters = (
        Filters()
        .equal("team", parsed(Team, team))
        .equal("role", parsed(Role, role))
        .same_words("district", district)
    )
    employed = "left_on IS NOT NULL" if left else "left_on IS NULL"
    statement = (
        f"SELECT {', '.join(STAFF_COLUMNS)} FROM staff "
        f"WHERE {employed} AND {filters.where()} ORDER BY staff_id"
    )
    return as_dicts(STAFF_COLUMNS, models.rows(statement, tuple(filters.params)))


def cases(
    models: ReadModels,
    *,
    team: str | None = None,
    district: str | None = None,
    worker: str | None = None,
    status: str | None = None,
) -> list[dict[str, Any]]:
    """Cases with their team, worker and current grading."""
    filters = (
        Filters()
        .equal("team", parsed(Team, team))
        .same_words("district", district)
        .equal("allocated_worker", worker)
        .equal("status", parsed(CaseStatus, status))
    )
    statement = (
        f"SELECT {', '.join(CASE_COLUMNS)} FROM cases "
        f"WHERE {filters.where()} ORDER BY case_ref"
    )
    return as_dicts(CASE_COLUMNS, models.rows(statement, tuple(filters.params)))


def audits(
    models: ReadModels,
    *,
    kind: str | None = None,
    team: str | None = None,
    district: str | None = None,
    status: str | None = None,
    cycle: str | None = None,
    auditor: str | None = None,
) -> list[dict[str, Any]]:
    """Audits in the order of their ids (the order they were scheduled)."""
    filters = (
        Filters()
        .equal("audit_kind", parsed(AuditKind, kind))
        .equal("team", parsed(Team, team))
        .same_words("district", district)
        .equal("status", parsed(AuditStatus, status))
        .same_words("cycle", cycle)
        .either("auditor", "joint_auditor", auditor)
    )
    # AUD-0042 sorts after AUD-0007 as text; AUD-10000 needs its length first.
    statement = (
        f"SELECT {', '.join(AUDIT_COLUMNS)} FROM audit_facts "
        f"WHERE {filters.where()} ORDER BY LENGTH(audit_id), audit_id"
    )
    return as_dicts(AUDIT_COLUMNS, models.rows(statement, tuple(filters.params)))


def actions(
    models: ReadModels,
    today: date,
    *,
    team: str | None = None,
    owner: str | None = None,
    status: str | None = None,
    cycle: str | None = None,
) -> list[dict[str, Any]]:
    """Actions with their status on ``today``. An action's team is its
    case's team now (after any transfer); one with no case takes its audit's
    team (a supervision file audit's is the supervisee's). Its cycle is the
    cycle whose action plan set it, or its audit's cycle."""
    status_sql, status_params = with_day(ACTION_STATUS, today)
    filters = (
        Filters()
        .equal("COALESCE(c.team, f.team)", parsed(Team, team))
        .equal("a.owner", owner)
        .equal("a.status", parsed(ActionStatus, status))
    )
    if cycle and cycle.strip():
        filters.conditions.append(
            "(LOWER(a.source_cycle) = LOWER(?) OR LOWER(f.cycle) = LOWER(?))"
        )
        filters.params += [cycle.strip(), cycle.strip()]
    selected = ", ".join(
        "COALESCE(c.team, f.team) AS team" if column == "team" else f"a.{column}"
        for column in ACTION_COLUMNS
    )
    # The status is worked out on the actions table alone, where completed_on
    # and due_on name the action's own columns (audit_facts has a completed_on).
    statement = (
        f"SELECT {selected} FROM ("
        f"SELECT actions.*, {status_sql} AS status FROM actions) AS a "
        "LEFT JOIN cases AS c ON c.case_ref = a.case_ref "
        "LEFT JOIN audit_facts AS f ON f.audit_id = a.source_audit "
        f"WHERE {filters.where()} "
        "ORDER BY a.due_on, LENGTH(a.action_id), a.action_id"
    )
    params = (*status_params, *filters.params)
    return as_dicts(ACTION_COLUMNS, models.rows(statement, params))
