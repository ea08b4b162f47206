"""compliance: one row per requirement the framework sets, with its due date,
the date it was met and whether on time. The requirements (the table with
their triggers and windows is in projections/README.md):

- management-decision:KIND: a §2.2 trigger on a case needs a decision of that
  kind within decision_due_days (a decision recorded before the trigger counts);
- follow-up-1, follow-up-2: an action's follow-ups, one and two months on;
  withdrawn when they would fall due after the action is completed;
- audit-feedback, audit-alert: after a case audit starts, within
  audit_feedback_days;
- urgent-concern-same-day: raised the day the audit found it;
- supervision, practice-observation, supervision-file-audit: from joining, and
  again after each one, at the configured intervals; withdrawn when they would
  fall due after the staff member leaves.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from typing import Any, ClassVar, NamedTuple

from ledger.action import Action
from ledger.audit import Audit
from ledger.case import CASE_CLOSURE_FUNCTION, Case
from ledger.dates import add_months
from ledger.observation import PracticeObservation
from ledger.settings import Settings
from ledger.staff import StaffMember
from ledger.supervision import SupervisionFile
from ledger.vocabulary import Role
from projections.base import Position, Projection
from projections.readstore import Cursor, Row

SUPERVISED_ROLES = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.IRO,
        Role.DEPUTY_TEAM_MANAGER,
        Role.TEAM_MANAGER,
        Role.IRO_TEAM_MANAGER,
        Role.FAMILY_SUPPORT_MANAGER,
        Role.QA_OFFICER,
        Role.HEAD_OF_SERVICE,
        Role.SENIOR_MANAGER,
    }
)
# §4.1 "front line social work practice" is what observation looks at.
OBSERVED_ROLES = frozenset({Role.SOCIAL_WORKER, Role.IRO, Role.DEPUTY_TEAM_MANAGER})
STAFF_REQUIREMENTS = ("supervision", "practice-observation", "supervision-file-audit")

MET = "CASE WHEN ? <= due_on THEN 'met' ELSE 'met late' END"


class Compliance(Projection):
    name = "compliance"
    tables: ClassVar[tuple[str, ...]] = (
        "compliance",
        "compliance_subjects",
        "compliance_early_decisions",
    )

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # compliance_subjects as read or written, by aggregate and by subject:
        # nearly every event needs one, and they change rarely.
        self.by_aggregate: dict[str, Subject] = {}
        self.team_by_subject: dict[str, str | None] = {}

    def reset(self) -> None:
        self.by_aggregate.clear()
        self.team_by_subject.clear()

    def handle(self, event: Any, at: Position, cursor: Cursor) -> None:
        match event:
            case StaffMember.Joined():
                self.staff_joined(event, at, cursor)
            case StaffMember.RoleChanged():
                cursor.execute(
                    "UPDATE compliance_subjects SET team = ?, role = ? "
                    "WHERE aggregate_id = ?",
                    (event.team, event.role, str(event.originator_id)),
                )
                self.forget(str(event.originator_id))
            case StaffMember.Left():
                self.staff_left(event, cursor)
            case Case.Opened():
                self.subject(
                    cursor,
                    event,
                    event.case_ref,
                    event.case_ref,
                    event.allocated_worker,
                    event.team,
                )
            case Case.Transferred():
                cursor.execute(
                    "UPDATE compliance_subjects SET team = ?, staff_id = ? "
                    "WHERE aggregate_id = ?",
                    (event.to_team, event.allocated_worker, str(event.originator_id)),
                )
                self.forget(str(event.originator_id))
                if event.trigger:
                    self.trigger(event, at, cursor, event.trigger)
            case Case.Closed():
                self.trigger(event, at, cursor, CASE_CLOSURE_FUNCTION)
            case Case.TriggerRecorded():
                self.trigger(event, at, cursor, event.trigger)
            case Case.DecisionRecorded():
                self.decision(event, at, cursor)
            case Audit.Scheduled():
                self.subject(
                    cursor,
                    event,
                    event.audit_id,
                    event.case_ref,
                    event.auditor,
                    event.team,
                )
            case Audit.Started():
                self.audit_started(event, at, cursor)
            case Audit.FeedbackGiven():
                self.meet(
                    cursor,
                    self.subject_id(cursor, event),
                    "audit-feedback",
                    event.occurred_on,
                )
            case Audit.AlertSent():
                self.meet(
                    cursor,
                    self.subject_id(cursor, event),
                    "audit-alert",
                    event.occurred_on,
                )
            case Audit.Cancelled():
                cursor.execute(
                    "DELETE FROM compliance WHERE subject_id = ? AND status = 'open'",
                    (self.subject_id(cursor, event),),
                )
            case Audit.UrgentConcernRaised():
                self.urgent_concern(event, at, cursor)
            case Action.Set():
                self.action_set(event, at, cursor)
            case Action.Completed():
                self.action_completed(event, cursor)
            case Action.FollowUpReviewed():
                self.follow_up_reviewed(event, cursor)
            case SupervisionFile.Opened():
                self.subject(
                    cursor, event, event.supervisee, None, event.supervisee, None
                )
            case SupervisionFile.SupervisionRecorded():
                self.renew(
                    cursor,
                    at,
                    self.subject_id(cursor, event),
                    "supervision",
                    event.occurred_on,
                )
            case SupervisionFile.FileAudited():
                self.renew(
                    cursor,
                    at,
                    self.subject_id(cursor, event),
                    "supervision-file-audit",
                    event.occurred_on,
                )
            case PracticeObservation.PracticeObserved():
                self.renew(
                    cursor,
                    at,
                    event.staff_member,
                    "practice-observation",
                    event.occurred_on,
                )

    # People.

    def staff_joined(self, event: Any, at: Position, cursor: Cursor) -> None:
        self.subject(
            cursor, event, event.staff_id, None, event.staff_id, event.team, event.role
        )
        role, start = Role.parse(event.role), event.occurred_on
        due: dict[str, date] = {}
        if role in SUPERVISED_ROLES:
            for requirement in ("supervision", "supervision-file-audit"):
                due[requirement] = self.next_due(requirement, start)
        if role in OBSERVED_ROLES:
            due["practice-observation"] = self.next_due("practice-observation", start)
        for requirement, due_on in due.items():
            self.require(
                cursor,
                at,
                requirement,
                event.staff_id,
                None,
                event.staff_id,
                event.team,
                due_on,
            )

    def staff_left(self, event: Any, cursor: Cursor) -> None:
        staff_id = self.subject_id(cursor, event)
        cursor.execute(
            "DELETE FROM compliance WHERE subject_id = ? AND status = 'open' "
            "AND due_on > ? AND requirement IN (?, ?, ?)",
            (staff_id, event.occurred_on, *STAFF_REQUIREMENTS),
        )

    def next_due(self, requirement: str, after: date) -> date:
        """When a recurring staff requirement falls due again after ``after``
        (joining, or the day it was last met)."""
        settings = self.settings
        if requirement == "supervision":
            return after + timedelta(days=settings.supervision_interval_days)
        if requirement == "practice-observation":
            return add_months(after, settings.observation_interval_months)
        return add_months(after, settings.file_audit_interval_months)

    def renew(
        self, cursor: Cursor, at: Position, staff_id: str, requirement: str, on: date
    ) -> None:
        """Meet the open requirement and set the next one.

        A record entered late, dated before one already counted, is put in
        its place: the chain from joining is laid again in date order, so
        each record meets what was due before it, whatever the order of entry.
        """
        chain = cursor.fetchall(
            "SELECT requirement_id, due_on, met_on, source_position, team "
            "FROM compliance WHERE subject_id = ? AND requirement = ? "
            "ORDER BY due_on, source_position",
            (staff_id, requirement),
        )
        met = [day(row[2]) for row in chain if row[2] is not None]
        if met and on < max(met) and self.is_unbroken(requirement, chain):
            self.relay(cursor, at, staff_id, requirement, on, chain)
            return
        self.meet(cursor, staff_id, requirement, on)
        team = self.team_of(cursor, staff_id)
        self.require(
            cursor,
            at,
            requirement,
            staff_id,
            None,
            staff_id,
            team,
            self.next_due(requirement, on),
        )

    def is_unbroken(self, requirement: str, chain: list[Row]) -> bool:
        """Whether each row after the first was set by the record that met
        the one before it, and only the last is open: then the records'
        dates and positions can be read back from the rows."""
        *earlier, last = chain
        if last[2] is not None or any(row[2] is None for row in earlier):
            return False
        return all(
            day(row[1]) == self.next_due(requirement, day(before[2]))
            for before, row in pairwise(chain)
        )

    def relay(
        self,
        cursor: Cursor,
        at: Position,
        staff_id: str,
        requirement: str,
        on: date,
        chain: list[Row],
    ) -> None:
        """Lay the chain again with the record ``on`` in its place in date
        order, each row keeping the position of the record that set it."""
        first, *later = chain
        records = [
            (day(before[2]), int(row[3]), row[4]) for before, row in pairwise(chain)
        ]
        records.append((on, at.position, self.team_of(cursor, staff_id)))
        records.sort(key=lambda record: (record[0], record[1]))
        cursor.executemany(
            "DELETE FROM compliance WHERE requirement_id = ?",
            [(row[0],) for row in later],
        )
        self.set_met(cursor, first[0], records[0][0])
        for n, (done_on, position, team) in enumerate(records):
            self.require(
                cursor,
                Position(position, at.recorded_at),
                requirement,
                staff_id,
                None,
                staff_id,
                team,
                self.next_due(requirement, done_on),
            )
            if n + 1 < len(records):
                self.set_met(
                    cursor,
                    f"{requirement}/{staff_id}/{position}",
                    records[n + 1][0],
                )

    # Cases.

    def trigger(self, event: Any, at: Position, cursor: Cursor, kind: str) -> None:
        case_ref, team = self.case_of(cursor, event)
        requirement = f"management-decision:{kind}"
        due_on = event.occurred_on + timedelta(days=self.settings.decision_due_days)
        early = cursor.fetchall(
            "SELECT source_position, decided_on FROM compliance_early_decisions "
            "WHERE case_ref = ? AND kind = ? ORDER BY source_position LIMIT 1",
            (case_ref, kind),
        )
        self.require(
            cursor, at, requirement, case_ref, case_ref, event.actor_id, team, due_on
        )
        if early:
            cursor.execute(
                "DELETE FROM compliance_early_decisions WHERE source_position = ?",
                (early[0][0],),
            )
            self.meet(cursor, case_ref, requirement, early[0][1])

    def decision(self, event: Any, at: Position, cursor: Cursor) -> None:
        case_ref, _ = self.case_of(cursor, event)
        if not self.meet(
            cursor, case_ref, f"management-decision:{event.kind}", event.occurred_on
        ):
            cursor.execute(
                "INSERT INTO compliance_early_decisions VALUES (?, ?, ?, ?)",
                (at.position, case_ref, event.kind, event.occurred_on),
            )

    # Audits and actions.

    def audit_started(self, event: Any, at: Position, cursor: Cursor) -> None:
        audit_id, case_ref, auditor, team = self.subject_of(cursor, event)
        if case_ref is None:
            return
        due_on = event.occurred_on + timedelta(days=self.settings.audit_feedback_days)
        for requirement in ("audit-feedback", "audit-alert"):
            self.require(
                cursor, at, requirement, audit_id, case_ref, auditor, team, due_on
            )

    def urgent_concern(self, event: Any, at: Position, cursor: Cursor) -> None:
        audit_id, case_ref, _, team = self.subject_of(cursor, event)
        self.require(
            cursor,
            at,
            "urgent-concern-same-day",
            audit_id,
            case_ref,
            event.actor_id,
            team,
            event.found_on,
        )
        self.meet(cursor, audit_id, "urgent-concern-same-day", event.occurred_on)

    def action_set(self, event: Any, at: Position, cursor: Cursor) -> None:
        team = None
        if event.case_ref:
            team = self.team_of(cursor, event.case_ref)
        self.subject(cursor, event, event.action_id, event.case_ref, event.owner, team)
        window = self.settings.follow_up_window_months
        for n in (1, 2):
            self.require(
                cursor,
                at,
                f"follow-up-{n}",
                event.action_id,
                event.case_ref,
                event.owner,
                team,
                add_months(event.occurred_on, n * window),
            )

    def action_completed(self, event: Any, cursor: Cursor) -> None:
        """A follow-up that would fall due after completion has nothing left
        to follow up (and the ledger refuses one dated after completion)."""
        cursor.execute(
            "DELETE FROM compliance WHERE subject_id = ? AND status = 'open' "
            "AND due_on > ? AND requirement IN ('follow-up-1', 'follow-up-2')",
            (self.subject_id(cursor, event), event.occurred_on),
        )

    def follow_up_reviewed(self, event: Any, cursor: Cursor) -> None:
        """The earliest review is the first follow-up and the next the second,
        whatever order they were entered in."""
        rows = cursor.fetchall(
            "SELECT requirement_id, met_on FROM compliance WHERE subject_id = ? "
            "AND requirement IN ('follow-up-1', 'follow-up-2') "
            "ORDER BY due_on, requirement_id",
            (self.subject_id(cursor, event),),
        )
        reviews = sorted(
            [day(row[1]) for row in rows if row[1] is not None] + [event.occurred_on]
        )
        for (requirement_id, met_on), reviewed_on in zip(rows, reviews, strict=False):
            if met_on is None or day(met_on) != reviewed_on:
                self.set_met(cursor, requirement_id, reviewed_on)

    # Rows.

    def require(
        self,
        cursor: Cursor,
        at: Position,
        requirement: str,
        subject_id: str,
        case_ref: str | None,
        staff_id: str | None,
        team: str | None,
        due_on: date,
    ) -> None:
        cursor.execute(
            "INSERT INTO compliance VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 'open', ?)",
            (
                f"{requirement}/{subject_id}/{at.position}",
                requirement,
                subject_id,
                case_ref,
                staff_id,
                team,
                due_on,
                at.position,
            ),
        )

    def meet(self, cursor: Cursor, subject_id: str, requirement: str, on: date) -> bool:
        return self.meet_first_open(cursor, subject_id, (requirement,), on)

    def meet_first_open(
        self, cursor: Cursor, subject_id: str, requirements: tuple[str, ...], on: date
    ) -> bool:
        """Mark met the earliest-due open requirement of these kinds."""
        marks = ", ".join("?" for _ in requirements)
        rows = cursor.fetchall(
            "SELECT requirement_id FROM compliance WHERE subject_id = ? "
            f"AND requirement IN ({marks}) AND status = 'open' "
            "ORDER BY due_on, requirement_id LIMIT 1",
            (subject_id, *requirements),
        )
        if not rows:
            return False
        self.set_met(cursor, rows[0][0], on)
        return True

    def set_met(self, cursor: Cursor, requirement_id: str, on: date) -> None:
        cursor.execute(
            f"UPDATE compliance SET met_on = ?, status = {MET} "
            "WHERE requirement_id = ?",
            (on, on, requirement_id),
        )

    def subject(
        self,
        cursor: Cursor,
        event: Any,
        subject_id: str,
        case_ref: str | None,
        staff_id: str | None,
        team: str | None,
        role: str | None = None,
    ) -> None:
        aggregate_id = str(event.originator_id)
        cursor.execute(
            "INSERT INTO compliance_subjects VALUES (?, ?, ?, ?, ?, ?)",
            (aggregate_id, subject_id, case_ref, staff_id, team, role),
        )
        self.by_aggregate[aggregate_id] = Subject(subject_id, case_ref, staff_id, team)

    def subject_of(self, cursor: Cursor, event: Any) -> Subject:
        aggregate_id = str(event.originator_id)
        known = self.by_aggregate.get(aggregate_id)
        if known is None:
            rows = cursor.fetchall(
                "SELECT subject_id, case_ref, staff_id, team FROM compliance_subjects "
                "WHERE aggregate_id = ?",
                (aggregate_id,),
            )
            known = Subject(*rows[0])
            self.by_aggregate[aggregate_id] = known
        return known

    def forget(self, aggregate_id: str) -> None:
        known = self.by_aggregate.pop(aggregate_id, None)
        if known is not None:
            self.team_by_subject.pop(known.subject_id, None)

    def subject_id(self, cursor: Cursor, event: Any) -> str:
        return self.subject_of(cursor, event).subject_id

    def case_of(self, cursor: Cursor, event: Any) -> tuple[str, str | None]:
        subject = self.subject_of(cursor, event)
        return subject.subject_id, subject.team

    def team_of(self, cursor: Cursor, subject_id: str) -> str | None:
        if subject_id not in self.team_by_subject:
            rows = cursor.fetchall(
                "SELECT team FROM compliance_subjects WHERE subject_id = ? "
                "AND team IS NOT NULL LIMIT 1",
                (subject_id,),
            )
            self.team_by_subject[subject_id] = rows[0][0] if rows else None
        return self.team_by_subject[subject_id]


class Subject(NamedTuple):
    subject_id: str
    case_ref: str | None
    staff_id: str | None
    team: str | None


def day(value: date | str) -> date:
    """A DATE column as read: a date on PostgreSQL, ISO text on SQLite."""
    return value if isinstance(value, date) else date.fromisoformat(value)
