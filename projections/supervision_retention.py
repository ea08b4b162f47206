"""supervision_retention: one row per supervision record and how long it is
kept (§2.3: while the supervisee is employed and at least 2 years after).

The status depends on the day it is read: ``supervision_retention_now`` (a
view) and ``projections/queries.py`` work it out."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from ledger.dates import add_months
from ledger.staff.member import StaffMember
from ledger.supervision.file import SupervisionFile
from projections.compliance_book import day
from projections.engine.projection import Position, Projection
from projections.engine.read_store import Cursor
from projections.engine.recent import Recent

RETENTION_MONTHS = 24


def retain_until(left_on: date) -> date:
    return add_months(left_on, RETENTION_MONTHS)


class SupervisionRetention(Projection):
    name = "supervision_retention"
    tables: ClassVar[tuple[str, ...]] = ("supervision_retention", "supervision_people")

    def __init__(self) -> None:
        # Staff id of each staff member and supervision file, by aggregate;
        # leaving day of each staff member who has left, by staff id.
        self.staff_ids: Recent[str, str] = Recent()
        self.left_on: Recent[str, date | None] = Recent()

    def reset(self) -> None:
        self.staff_ids.clear()
        self.left_on.clear()

    def handle(self, event: Any, at: Position, cursor: Cursor) -> None:
        match event:
            case StaffMember.Joined():
                self.person(cursor, event, event.staff_id)
                self.left_on.put(event.staff_id, None)
            case SupervisionFile.Opened():
                self.person(cursor, event, event.supervisee)
            case SupervisionFile.SupervisionRecorded():
                supervisee = self.staff_id(cursor, event)
                left = self.left_on.get(
                    supervisee, lambda: self.load_left_on(cursor, supervisee)
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
                staff_id = self.staff_id(cursor, event)
                cursor.execute(
                    "UPDATE supervision_people SET left_on = ? WHERE aggregate_id = ?",
                    (event.occurred_on, str(event.originator_id)),
                )
                cursor.execute(
                    "UPDATE supervision_retention SET employment_end = ?, "
                    "retain_until = ? WHERE supervisee = ?",
                    (event.occurred_on, retain_until(event.occurred_on), staff_id),
                )
                self.left_on.put(staff_id, event.occurred_on)

    def person(self, cursor: Cursor, event: Any, staff_id: str) -> None:
        cursor.execute(
            "INSERT INTO supervision_people VALUES (?, ?, ?, NULL)",
            (
                str(event.originator_id),
                staff_id,
                isinstance(event, StaffMember.Joined),
            ),
        )
        self.staff_ids.put(str(event.originator_id), staff_id)

    def staff_id(self, cursor: Cursor, event: Any) -> str:
        aggregate_id = str(event.originator_id)
        return self.staff_ids.get(
            aggregate_id,
            lambda: str(
                cursor.fetchall(
                    "SELECT staff_id FROM supervision_people WHERE aggregate_id = ?",
                    (aggregate_id,),
                )[0][0]
            ),
        )

    def load_left_on(self, cursor: Cursor, staff_id: str) -> date | None:
        rows = cursor.fetchall(
            "SELECT left_on FROM supervision_people "
            "WHERE staff_id = ? AND is_staff_record",
            (staff_id,),
        )
        return day(rows[0][0]) if rows and rows[0][0] is not None else None
