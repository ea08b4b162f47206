"""organisation: staff and cases as they stand now, and each stretch of a
staff member's role, team and district, so people and cases can be found
by team, role, district or worker without knowing their ids.

No names are kept (the least personal data that serves): staff are known by
their staff id, cases by their case-system reference.

Staff periods. Every change (the joining, each role change) holds from its
day (``from_on``, inclusive) until the day a change recorded after it takes
effect (``to_on``, exclusive), or until the day after leaving. A change
recorded later but dated earlier takes effect from its own day, as it does
in the ledger's record of the person (``StaffMember``, which is what
permissions read): any stretch it overlaps ends where it begins, and one
that would have begun after it holds no day (``to_on = from_on``). A change
dated before the joining counts from the joining.

A case's grade is its latest whole case file or transfer audit's grading,
as moderated: each grading or moderation of such an audit, in the order
recorded, sets it, as it sets the case's own record (§3.3).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, ClassVar

from ledger.audits.audit import Audit
from ledger.cases.case import Case
from ledger.staff.member import StaffMember
from ledger.vocabulary import GRADED_AUDIT_KINDS, AuditKind
from projections.engine.projection import Position, Projection
from projections.engine.read_store import Cursor
from projections.engine.recent import Recent

# Cut every stretch still running after ``end`` back to ``end``; one that
# began after it is left holding no day. The day is passed three times.
END_STRETCHES = (
    "UPDATE staff_periods SET to_on = CASE WHEN from_on > ? THEN from_on ELSE ? END "
    "WHERE staff_id = ? AND (to_on IS NULL OR to_on > ?)"
)
# The same for the teams a head of service heads: a new heading, a change of
# role or leaving ends the ones running.
END_HEADINGS = END_STRETCHES.replace("staff_periods", "headed_teams")


@dataclass(frozen=True)
class Person:
    """What a staff member's later events need, which carry only the UUID."""

    staff_id: str
    joined_on: date
    left_on: date | None

    def stretch_end(self) -> date | None:
        """The exclusive end of their last stretch: the day after leaving."""
        return self.left_on + timedelta(days=1) if self.left_on else None


@dataclass(frozen=True)
class GradedAudit:
    audit_id: str
    case_ref: str


def as_date(value: date | str) -> date:
    """A DATE column as read: a date on PostgreSQL, ISO text on SQLite."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def grades_the_case(kind: str, case_ref: str | None) -> bool:
    return case_ref is not None and AuditKind.parse(kind) in GRADED_AUDIT_KINDS


class Organisation(Projection):
    name = "organisation"
    tables: ClassVar[tuple[str, ...]] = (
        "staff_periods",
        "headed_teams",
        "staff",
        "graded_audits",
        "cases",
    )

    def __init__(self) -> None:
        # Loaded from this projection's own tables on a miss, so forgetting
        # them (reset, or past capacity) changes nothing written.
        self.people: Recent[str, Person] = Recent()
        # None for an audit whose grading does not grade a case.
        self.audits: Recent[str, GradedAudit | None] = Recent()

    def reset(self) -> None:
        self.people.clear()
        self.audits.clear()

    def handle(self, event: Any, at: Position, cursor: Cursor) -> None:
        match event:
            case StaffMember.Joined():
                self.joined(event, at, cursor)
            case StaffMember.RoleChanged():
                self.role_changed(event, at, cursor)
            case StaffMember.Left():
                self.left(event, cursor)
            case StaffMember.TeamsHeaded():
                self.teams_headed(event, at, cursor)
            case Case.Opened():
                cursor.execute(
                    "INSERT INTO cases VALUES "
                    "(?, ?, ?, ?, 'open', ?, NULL, NULL, NULL, NULL, ?)",
                    (
                        event.case_ref,
                        event.team,
                        event.district,
                        event.allocated_worker,
                        event.occurred_on,
                        str(event.originator_id),
                    ),
                )
            case Case.Transferred():
                cursor.execute(
                    "UPDATE cases SET team = ?, allocated_worker = ?, "
                    "district = COALESCE(?, district) WHERE aggregate_id = ?",
                    (
                        event.to_team,
                        event.allocated_worker,
                        event.to_district,
                        str(event.originator_id),
                    ),
                )
            case Case.Reallocated():
                cursor.execute(
                    "UPDATE cases SET allocated_worker = ? WHERE aggregate_id = ?",
                    (event.allocated_worker, str(event.originator_id)),
                )
            case Case.Closed():
                cursor.execute(
                    "UPDATE cases SET status = 'closed', closed_on = ? "
                    "WHERE aggregate_id = ?",
                    (event.occurred_on, str(event.originator_id)),
                )
            case Audit.Scheduled():
                self.scheduled(event, cursor)
            case Audit.GradingGiven() | Audit.GradingModerated():
                self.graded(event, cursor)

    # Staff.

    def joined(self, event: Any, at: Position, cursor: Cursor) -> None:
        aggregate_id = str(event.originator_id)
        cursor.execute(
            "INSERT INTO staff VALUES (?, ?, ?, ?, ?, NULL, ?)",
            (
                event.staff_id,
                event.role,
                event.team,
                event.district,
                event.occurred_on,
                aggregate_id,
            ),
        )
        self.add_stretch(cursor, at, event.staff_id, event, event.occurred_on, None)
        self.people.put(aggregate_id, Person(event.staff_id, event.occurred_on, None))

    def role_changed(self, event: Any, at: Position, cursor: Cursor) -> None:
        person = self.person(cursor, str(event.originator_id))
        starts = max(event.occurred_on, person.joined_on)
        cursor.execute(END_STRETCHES, (starts, starts, person.staff_id, starts))
        cursor.execute(END_HEADINGS, (starts, starts, person.staff_id, starts))
        end = person.stretch_end()
        self.add_stretch(
            cursor,
            at,
            person.staff_id,
            event,
            starts,
            max(end, starts) if end else None,
        )
        cursor.execute(
            "UPDATE staff SET role = ?, team = ?, district = ? WHERE aggregate_id = ?",
            (event.role, event.team, event.district, str(event.originator_id)),
        )

    def left(self, event: Any, cursor: Cursor) -> None:
        aggregate_id = str(event.originator_id)
        person = replace(self.person(cursor, aggregate_id), left_on=event.occurred_on)
        end = person.stretch_end()
        cursor.execute(END_STRETCHES, (end, end, person.staff_id, end))
        cursor.execute(END_HEADINGS, (end, end, person.staff_id, end))
        cursor.execute(
            "UPDATE staff SET left_on = ? WHERE aggregate_id = ?",
            (event.occurred_on, aggregate_id),
        )
        self.people.put(aggregate_id, person)

    def teams_headed(self, event: Any, at: Position, cursor: Cursor) -> None:
        """The teams from this day on, in place of those headed before."""
        person = self.person(cursor, str(event.originator_id))
        starts = max(event.occurred_on, person.joined_on)
        cursor.execute(END_HEADINGS, (starts, starts, person.staff_id, starts))
        end = person.stretch_end()
        for team in event.teams:
            cursor.execute(
                "INSERT INTO headed_teams VALUES (?, ?, ?, ?, ?)",
                (
                    at.position,
                    person.staff_id,
                    team,
                    starts,
                    max(end, starts) if end else None,
                ),
            )

    def add_stretch(
        self,
        cursor: Cursor,
        at: Position,
        staff_id: str,
        event: Any,
        from_on: date,
        to_on: date | None,
    ) -> None:
        cursor.execute(
            "INSERT INTO staff_periods VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                at.position,
                staff_id,
                event.role,
                event.team,
                event.district,
                from_on,
                to_on,
            ),
        )

    def person(self, cursor: Cursor, aggregate_id: str) -> Person:
        def load() -> Person:
            staff_id, joined_on, left_on = cursor.fetchall(
                "SELECT staff_id, joined_on, left_on FROM staff WHERE aggregate_id = ?",
                (aggregate_id,),
            )[0]
            return Person(
                str(staff_id),
                as_date(joined_on),
                as_date(left_on) if left_on is not None else None,
            )

        return self.people.get(aggregate_id, load)

    # Cases' gradings.

    def scheduled(self, event: Any, cursor: Cursor) -> None:
        aggregate_id = str(event.originator_id)
        if not grades_the_case(event.kind, event.case_ref):
            self.audits.put(aggregate_id, None)
            return
        cursor.execute(
            "INSERT INTO graded_audits VALUES (?, ?, ?)",
            (aggregate_id, event.audit_id, event.case_ref),
        )
        self.audits.put(aggregate_id, GradedAudit(event.audit_id, event.case_ref))

    def graded(self, event: Any, cursor: Cursor) -> None:
        aggregate_id = str(event.originator_id)

        def load() -> GradedAudit | None:
            rows = cursor.fetchall(
                "SELECT audit_id, case_ref FROM graded_audits WHERE aggregate_id = ?",
                (aggregate_id,),
            )
            return GradedAudit(str(rows[0][0]), str(rows[0][1])) if rows else None

        audit = self.audits.get(aggregate_id, load)
        if audit is None:
            return
        # A moderation's grade is the grade the audit now holds (§3.3).
        cursor.execute(
            "UPDATE cases SET grade = ?, graded_on = ?, graded_by_audit = ? "
            "WHERE case_ref = ?",
            (event.grade, event.occurred_on, audit.audit_id, audit.case_ref),
        )
