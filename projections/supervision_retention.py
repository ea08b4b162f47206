"""supervision_retention: one row per supervision record and how long it is
kept (§2.3: while the supervisee is employed and at least 2 years after).

The status depends on the day it is read: ``supervision_retention_now`` (a
view) and ``projections/queries.py`` work it out."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from ledger.dates import add_months
from ledger.staff import StaffMember
from ledger.supervision import SupervisionFile
from projections.base import Position, Projection
from projections.readstore import Cursor

RETENTION_MONTHS = 24


def retain_until(left_on: date) -> date:
    return add_months(left_on, RETENTION_MONTHS)


class SupervisionRetention(Projection):
    name = "supervision_retention"
    tables: ClassVar[tuple[str, ...]] = ("supervision_retention", "supervision_people")

    def handle(self, event: Any, at: Position, cursor: Cursor) -> None:
        match event:
            case StaffMember.Joined():
                self.person(cursor, event, event.staff_id)
            case SupervisionFile.Opened():
                self.person(cursor, event, event.supervisee)
            case SupervisionFile.SupervisionRecorded():
                supervisee, left_on = cursor.fetchall(
                    "SELECT p.staff_id, s.left_on FROM supervision_people p "
                    "JOIN supervision_people s ON s.staff_id = p.staff_id "
                    "AND s.is_staff_record "
                    "WHERE p.aggregate_id = ?",
                    (str(event.originator_id),),
                )[0]
                left = (
                    date.fromisoformat(left_on) if isinstance(left_on, str) else left_on
                )
                cursor.execute(
                    "INSERT INTO supervision_retention VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        at.position,
                        supervisee,
                        event.occurred_on,
                        event.supervisor,
                        left,
                        retain_until(left) if left else None,
                    ),
                )
            case StaffMember.Left():
                cursor.execute(
                    "UPDATE supervision_people SET left_on = ? WHERE aggregate_id = ?",
                    (event.occurred_on, str(event.originator_id)),
                )
                cursor.execute(
                    "UPDATE supervision_retention SET employment_end = ?, "
                    "retain_until = ? WHERE supervisee = (SELECT staff_id FROM "
                    "supervision_people WHERE aggregate_id = ?)",
                    (
                        event.occurred_on,
                        retain_until(event.occurred_on),
                        str(event.originator_id),
                    ),
                )

    def person(self, cursor: Cursor, event: Any, staff_id: str) -> None:
        cursor.execute(
            "INSERT INTO supervision_people VALUES (?, ?, ?, NULL)",
            (
                str(event.originator_id),
                staff_id,
                isinstance(event, StaffMember.Joined),
            ),
        )
