"""audit_trail: every event as a row, what inspectors read.

The readable id of each aggregate (``AUD-0007``, ``LL-204311``, ``SW014``)
and the case and staff member it concerns come from its first event; they
are kept in ``aggregate_names`` so later events can be named too.
"""

from __future__ import annotations

from typing import Any, ClassVar

from projections.engine.projection import Position, Projection
from projections.engine.read_store import Cursor
from projections.engine.recent import Recent
from projections.summaries import summarise

# Which field of a first event names the aggregate, in order of preference.
NAME_FIELDS = (
    "audit_id",
    "action_id",
    "complaint_id",
    "compliment_id",
    "questionnaire_id",
    "observation_id",
    "meeting_id",
    "report_id",
    "login",
    "case_ref",
    "staff_id",
    "supervisee",
    "period",
    "key",
    "year",
    "prefix",
)
# Which field names the staff member an event is about.
STAFF_FIELDS = ("staff_id", "supervisee", "owner", "staff_member")
# A readable id, and the case and staff member an aggregate is about.
Named = tuple[str, str | None, str | None]


class AuditTrail(Projection):
    name = "audit_trail"
    tables: ClassVar[tuple[str, ...]] = ("audit_trail", "aggregate_names")

    def __init__(self) -> None:
        self.names: Recent[str, Named] = Recent()

    def reset(self) -> None:
        self.names.clear()

    def handle(self, event: Any, at: Position, cursor: Cursor) -> None:
        aggregate_type, _, kind = type(event).__qualname__.rpartition(".")
        aggregate_id = str(event.originator_id)
        if hasattr(event, "originator_topic"):
            named = self.name_new(event, aggregate_id, aggregate_type, cursor)
        else:
            named = self.names.get(
                aggregate_id, lambda: load_name(cursor, aggregate_id)
            )
        readable, case_ref, staff_id = named
        cursor.execute(
            "INSERT INTO audit_trail VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                at.position,
                at.recorded_at,
                getattr(event, "occurred_on", None),
                getattr(event, "actor_id", None),
                getattr(event, "actor_role", None),
                aggregate_type,
                readable,
                event.originator_version,
                getattr(event, "case_ref", None) or case_ref,
                staff_of(event) or staff_id,
                kind,
                summarise(f"{aggregate_type}.{kind}", event, readable),
            ),
        )

    def name_new(
        self, event: Any, aggregate_id: str, aggregate_type: str, cursor: Cursor
    ) -> Named:
        readable = next(
            (str(getattr(event, f)) for f in NAME_FIELDS if getattr(event, f, None)),
            aggregate_id,
        )
        named = (readable, getattr(event, "case_ref", None), staff_of(event))
        cursor.execute(
            "INSERT INTO aggregate_names VALUES (?, ?, ?, ?, ?)",
            (aggregate_id, aggregate_type, *named),
        )
        return self.names.put(aggregate_id, named)


def load_name(cursor: Cursor, aggregate_id: str) -> Named:
    rows = cursor.fetchall(
        "SELECT readable_id, case_ref, staff_id FROM aggregate_names "
        "WHERE aggregate_id = ?",
        (aggregate_id,),
    )
    return (rows[0][0], rows[0][1], rows[0][2]) if rows else (aggregate_id, None, None)


def staff_of(event: Any) -> str | None:
    for field in STAFF_FIELDS:
        value = getattr(event, field, None)
        if isinstance(value, str) and value:
            return value
    return None
