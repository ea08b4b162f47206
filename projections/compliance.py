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
  fall due after the staff member leaves, and not set again after leaving.

The rows of the subjects in play are kept in a ``ComplianceBook`` in memory,
so matching a record to what it meets reads nothing from the table.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from typing import Any, ClassVar, NamedTuple

from ledger.audits.action import Action
from ledger.audits.audit import Audit
from ledger.cases.case import CASE_CLOSURE_FUNCTION, Case
from ledger.dates import add_months
from ledger.programme.cycle import AuditCycle, HeadOfServiceSample
from ledger.records.complaint import Complaint
from ledger.records.feedback import ServiceFeedback
from ledger.records.meeting import PerformanceMeeting
from ledger.records.observation import PracticeObservation
from ledger.settings import Settings
from ledger.staff.member import StaffMember
from ledger.supervision.file import SupervisionFile, SupervisionSurvey
from ledger.vocabulary import OBSERVED_ROLES, SUPERVISED_ROLES, AuditKind, Role
from projections.calendar_duties import SERVICE, CalendarDuties, team_subject
from projections.compliance_book import (
    ComplianceBook,
    EarlyDecision,
    Requirement,
    SubjectBook,
    day,
)
from projections.duties import STAFF, responsible_for, supervisor_of
from projections.engine.projection import Position, Projection
from projections.engine.read_store import Cursor
from projections.engine.recent import Recent

STAFF_REQUIREMENTS = (
    "supervision",
    "development-review",
    "practice-observation",
    "supervision-file-audit",
)
FOLLOW_UPS = ("follow-up-1", "follow-up-2")


class Subject(NamedTuple):
    """A row of compliance_subjects: what a requirement is about."""

    subject_id: str
    case_ref: str | None
    staff_id: str | None
    team: str | None
    left_on: date | None = None
    # Whose supervision file a supervision-file audit is of.
    supervisee: str | None = None
    # An audit's kind (whole-case-file, transfer, ...).
    audit_kind: str | None = None
    # The whole case file audit cycle an audit is of (2026H2).
    cycle: str | None = None


class Compliance(Projection):
    name = "compliance"
    tables: ClassVar[tuple[str, ...]] = (
        "compliance",
        "compliance_subjects",
        "compliance_early_decisions",
    )

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.book = ComplianceBook()
        # compliance_subjects as read or written, by aggregate and by subject.
        self.by_aggregate: Recent[str, Subject] = Recent()
        self.by_subject: Recent[str, Subject | None] = Recent()
        self.calendar = CalendarDuties(settings, self.book)

    def reset(self) -> None:
        self.book.clear()
        self.by_aggregate.clear()
        self.by_subject.clear()
        self.calendar.reset()

    def handle(self, event: Any, at: Position, cursor: Cursor) -> None:
        self.calendar.reach(cursor, at, event.occurred_on)
        match event:
            case StaffMember.Joined():
                self.staff_joined(event, at, cursor)
            case StaffMember.RoleChanged():
                self.change_subject(cursor, event, team=event.team, role=event.role)
            case StaffMember.Left():
                self.staff_left(event, cursor)
            case Case.Opened():
                self.new_subject(
                    cursor,
                    event,
                    event.case_ref,
                    event.case_ref,
                    event.allocated_worker,
                    event.team,
                )
                self.calendar.team_has_cases(cursor, at, event.team, event.occurred_on)
                if event.allocated_worker is None:
                    self.after_case(
                        event,
                        at,
                        cursor,
                        self.subject_of(cursor, event),
                        "allocation",
                        self.settings.allocation_due_days,
                    )
            case Case.Transferred():
                subject = self.change_subject(
                    cursor, event, team=event.to_team, staff_id=event.allocated_worker
                )
                if event.trigger:
                    self.trigger(event, at, cursor, event.trigger)
                if event.to_team != event.from_team:
                    self.case_moved(event, at, cursor, subject)
                if event.allocated_worker is not None:
                    self.meet(
                        cursor, subject.subject_id, ("allocation",), event.occurred_on
                    )
            case Case.Closed():
                # Closed before anyone was allocated: no allocation is owed.
                book = self.book.subject(
                    cursor, self.subject_of(cursor, event).subject_id
                )
                self.book.withdraw(
                    cursor, book, [r for r in book.of("allocation") if r.is_open]
                )
                self.trigger(event, at, cursor, CASE_CLOSURE_FUNCTION)
                self.after_case(
                    event,
                    at,
                    cursor,
                    self.subject_of(cursor, event),
                    "feedback-questionnaire",
                    self.settings.questionnaire_due_days,
                )
            case ServiceFeedback.QuestionnaireSent():
                self.meet(
                    cursor,
                    event.case_ref,
                    ("feedback-questionnaire",),
                    event.occurred_on,
                )
            case Case.Reallocated():
                subject = self.change_subject(
                    cursor, event, staff_id=event.allocated_worker
                )
                self.meet(
                    cursor, subject.subject_id, ("allocation",), event.occurred_on
                )
            case Case.TriggerRecorded():
                self.trigger(event, at, cursor, event.trigger)
            case Case.DecisionRecorded():
                self.decision(event, at, cursor)
            case Audit.Scheduled():
                self.new_subject(
                    cursor,
                    event,
                    event.audit_id,
                    event.case_ref,
                    event.auditor,
                    event.team,
                    supervisee=event.supervisee,
                    audit_kind=event.kind,
                    cycle=event.cycle,
                )
                if event.kind == AuditKind.HOS_RANDOM_SAMPLE and event.team:
                    # Counts as the dedicated 'cycle hos-sample' does (§3.5).
                    self.calendar.meet(
                        cursor,
                        "hos-sample",
                        team_subject(event.team),
                        event.occurred_on,
                        within=event.week,
                    )
            case Audit.Completed():
                self.audit_completed(event, at, cursor)
            case Audit.RecordedOnCaseSystem():
                self.meet(
                    cursor,
                    self.subject_of(cursor, event).subject_id,
                    ("audit-case-note",),
                    event.occurred_on,
                )
            case Audit.Started():
                self.audit_started(event, at, cursor)
            case Audit.GradingModerated():
                cycle = self.subject_of(cursor, event).cycle
                if cycle is not None:
                    # §3.3 "Audit moderation will be conducted by Heads of
                    # Service": the cycle's gradings have been moderated.
                    self.meet(
                        cursor, f"cycle:{cycle}", ("moderation",), event.occurred_on
                    )
            case Audit.FeedbackGiven():
                self.meet(
                    cursor,
                    self.subject_of(cursor, event).subject_id,
                    ("audit-feedback",),
                    event.occurred_on,
                )
            case Audit.AlertSent():
                self.meet(
                    cursor,
                    self.subject_of(cursor, event).subject_id,
                    ("audit-alert",),
                    event.occurred_on,
                )
            case Audit.Cancelled():
                book = self.book.subject(
                    cursor, self.subject_of(cursor, event).subject_id
                )
                self.book.withdraw(
                    cursor, book, [r for r in book.requirements if r.is_open]
                )
            case Audit.UrgentConcernRaised():
                self.urgent_concern(event, at, cursor)
            case Action.Set():
                self.action_set(event, at, cursor)
            case Action.Completed():
                self.action_completed(event, cursor)
            case Action.FollowUpReviewed():
                self.follow_up_reviewed(event, cursor)
            case Action.OversightRecorded():
                self.oversight_recorded(event, cursor)
            case SupervisionFile.DevelopmentReviewRecorded():
                self.renew(
                    cursor,
                    at,
                    self.subject_of(cursor, event).subject_id,
                    "development-review",
                    event.occurred_on,
                )
            case SupervisionSurvey.Recorded():
                self.calendar.meet(
                    cursor,
                    "supervision-survey",
                    SERVICE,
                    event.occurred_on,
                    within=date(event.year, 1, 1),
                )
            case PerformanceMeeting.MeetingHeld():
                self.calendar.meet(
                    cursor, "performance-meeting", SERVICE, event.occurred_on
                )
            case HeadOfServiceSample.Drawn():
                self.calendar.meet(
                    cursor,
                    "hos-sample",
                    team_subject(event.team),
                    event.occurred_on,
                    within=date.fromisoformat(f"{event.month}-01"),
                )
            case AuditCycle.Opened():
                self.new_subject(
                    cursor, event, f"cycle:{event.period}", None, None, None, new=False
                )
                self.cycle_opened(event, at, cursor)
            case AuditCycle.Closed():
                cycle = self.subject_of(cursor, event).subject_id.removeprefix("cycle:")
                self.calendar.meet(
                    cursor,
                    "audit-cycle",
                    SERVICE,
                    event.occurred_on,
                    within=date(int(cycle[:4]), 1 if cycle.endswith("1") else 7, 1),
                )
            case Complaint.Received():
                self.new_subject(
                    cursor, event, event.complaint_id, event.case_ref, None, event.team
                )
            case Complaint.Escalated():
                if event.to_stage >= 2:
                    self.complaint_escalated(event, at, cursor)
            case Complaint.ConsideredBySSMT():
                self.meet(
                    cursor,
                    self.subject_of(cursor, event).subject_id,
                    ("complaint-consideration",),
                    event.occurred_on,
                )
            case SupervisionFile.Opened():
                self.new_subject(
                    cursor,
                    event,
                    event.supervisee,
                    None,
                    event.supervisee,
                    None,
                    new=False,
                )
            case SupervisionFile.SupervisionRecorded():
                self.renew(
                    cursor,
                    at,
                    self.subject_of(cursor, event).subject_id,
                    "supervision",
                    event.occurred_on,
                )
            case SupervisionFile.FileAudited():
                self.renew(
                    cursor,
                    at,
                    self.subject_of(cursor, event).subject_id,
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
        book = self.new_subject(
            cursor,
            event,
            event.staff_id,
            None,
            event.staff_id,
            event.team,
            role=event.role,
        )
        role, start = Role.parse(event.role), event.occurred_on
        supervisor = supervisor_of(role)
        requirements: list[tuple[str, str]] = []
        if role in SUPERVISED_ROLES:
            requirements += [
                ("supervision", supervisor),
                ("development-review", supervisor),
                ("supervision-file-audit", responsible_for("supervision-file-audit")),
            ]
        if role in OBSERVED_ROLES:
            requirements.append(
                ("practice-observation", responsible_for("practice-observation"))
            )
        for requirement, responsible in requirements:
            self.require(
                cursor,
                book,
                at,
                requirement,
                event.staff_id,
                None,
                event.staff_id,
                event.team,
                self.next_due(requirement, start),
                responsible=responsible,
            )

    def staff_left(self, event: Any, cursor: Cursor) -> None:
        subject = self.change_subject(cursor, event, left_on=event.occurred_on)
        book = self.book.subject(cursor, subject.subject_id)
        self.book.withdraw(
            cursor,
            book,
            [
                r
                for r in book.of(*STAFF_REQUIREMENTS)
                if r.is_open and r.due_on > event.occurred_on
            ],
        )

    def next_due(self, requirement: str, after: date) -> date:
        """When a recurring staff requirement falls due again after ``after``
        (joining, or the day it was last met)."""
        settings = self.settings
        if requirement == "supervision":
            return after + timedelta(days=settings.supervision_interval_days)
        if requirement == "practice-observation":
            return add_months(after, settings.observation_interval_months)
        if requirement == "development-review":
            return add_months(after, settings.development_review_interval_months)
        return add_months(after, settings.file_audit_interval_months)

    def renew(
        self, cursor: Cursor, at: Position, staff_id: str, requirement: str, on: date
    ) -> None:
        """Meet the open requirement and set the next one, unless it would
        fall due after the staff member left.

        A record entered late, dated before one already counted, is put in
        its place: the chain from joining is laid again in date order, so
        each record meets what was due before it, whatever the order of entry.
        """
        book = self.book.subject(cursor, staff_id)
        chain = sorted(
            book.of(requirement), key=lambda r: (r.due_on, r.source_position)
        )
        met = [r.met_on for r in chain if r.met_on is not None]
        if met and on < max(met) and self.is_unbroken(requirement, chain):
            self.relay(cursor, book, at, staff_id, requirement, on, chain)
            return
        self.meet(cursor, staff_id, (requirement,), on)
        staff = self.staff(cursor, staff_id)
        next_due = self.next_due(requirement, on)
        if staff is not None and staff.left_on is not None and next_due > staff.left_on:
            return
        self.require(
            cursor,
            book,
            at,
            requirement,
            staff_id,
            None,
            staff_id,
            staff.team if staff else None,
            next_due,
            responsible=chain[-1].responsible if chain else None,
        )

    def is_unbroken(self, requirement: str, chain: list[Requirement]) -> bool:
        """Whether each row after the first was set by the record that met
        the one before it, and only the last is open: then the records'
        dates and positions can be read back from the rows."""
        *earlier, last = chain
        if last.met_on is not None or any(r.met_on is None for r in earlier):
            return False
        return all(
            row.due_on == self.next_due(requirement, day(before.met_on or row.due_on))
            for before, row in pairwise(chain)
        )

    def relay(
        self,
        cursor: Cursor,
        book: SubjectBook,
        at: Position,
        staff_id: str,
        requirement: str,
        on: date,
        chain: list[Requirement],
    ) -> None:
        """Lay the chain again with the record ``on`` in its place in date
        order, each row keeping the position of the record that set it."""
        first, *later = chain
        staff = self.staff(cursor, staff_id)
        records = [
            (before.met_on, row.source_position, row.team)
            for before, row in pairwise(chain)
            if before.met_on is not None
        ]
        records.append((on, at.position, staff.team if staff else None))
        records.sort(key=lambda record: (record[0], record[1]))
        self.book.withdraw(cursor, book, later)
        self.book.set_met(cursor, first, records[0][0])
        for n, (done_on, position, team) in enumerate(records):
            placed = self.require(
                cursor,
                book,
                Position(position, at.recorded_at),
                requirement,
                staff_id,
                None,
                staff_id,
                team,
                self.next_due(requirement, done_on),
                responsible=first.responsible,
            )
            if n + 1 < len(records):
                self.book.set_met(cursor, placed, records[n + 1][0])

    # Cases.

    def trigger(self, event: Any, at: Position, cursor: Cursor, kind: str) -> None:
        subject = self.subject_of(cursor, event)
        case_ref = subject.subject_id
        book = self.book.subject(cursor, case_ref)
        requirement = f"management-decision:{kind}"
        due_on = event.occurred_on + timedelta(days=self.settings.decision_due_days)
        placed = self.require(
            cursor,
            book,
            at,
            requirement,
            case_ref,
            case_ref,
            event.actor_id,
            subject.team,
            due_on,
        )
        early = [e for e in book.early_decisions if e.kind == kind]
        if early:
            first = min(early, key=lambda e: e.source_position)
            self.book.use_early(cursor, book, first)
            self.book.set_met(cursor, placed, first.decided_on)

    def decision(self, event: Any, at: Position, cursor: Cursor) -> None:
        case_ref = self.subject_of(cursor, event).subject_id
        if not self.meet(
            cursor, case_ref, (f"management-decision:{event.kind}",), event.occurred_on
        ):
            book = self.book.subject(cursor, case_ref)
            self.book.add_early(
                cursor,
                book,
                case_ref,
                EarlyDecision(at.position, event.kind, event.occurred_on),
            )

    # Audits and actions.

    def audit_started(self, event: Any, at: Position, cursor: Cursor) -> None:
        audit_id, case_ref, auditor, team, *_ = self.subject_of(cursor, event)
        if case_ref is None:
            return
        book = self.book.subject(cursor, audit_id)
        due_on = event.occurred_on + timedelta(days=self.settings.audit_feedback_days)
        for requirement in ("audit-feedback", "audit-alert", "audit-case-note"):
            self.require(
                cursor, book, at, requirement, audit_id, case_ref, auditor, team, due_on
            )

    def cycle_opened(self, event: Any, at: Position, cursor: Cursor) -> None:
        """§3.3: heads of service moderate the cycle's gradings (which, and
        how many, the framework leaves to them) by the cycle's last day."""
        subject_id = f"cycle:{event.period}"
        year, half = int(event.period[:4]), event.period[-1]
        self.require(
            cursor,
            self.book.subject(cursor, subject_id),
            at,
            "moderation",
            subject_id,
            None,
            None,
            None,
            date(year, 6, 30) if half == "1" else date(year, 12, 31),
        )

    def urgent_concern(self, event: Any, at: Position, cursor: Cursor) -> None:
        audit_id, case_ref, _, team, *_ = self.subject_of(cursor, event)
        book = self.book.subject(cursor, audit_id)
        placed = self.require(
            cursor,
            book,
            at,
            "urgent-concern-same-day",
            audit_id,
            case_ref,
            event.actor_id,
            team,
            event.found_on,
        )
        self.book.set_met(cursor, placed, event.occurred_on)

    def action_set(self, event: Any, at: Position, cursor: Cursor) -> None:
        case = self.subject_by_id(cursor, event.case_ref) if event.case_ref else None
        team = case.team if case else None
        book = self.new_subject(
            cursor, event, event.action_id, event.case_ref, event.owner, team
        )
        window = self.settings.follow_up_window_months
        for n in (1, 2):
            self.require(
                cursor,
                book,
                at,
                f"follow-up-{n}",
                event.action_id,
                event.case_ref,
                event.owner,
                team,
                add_months(event.occurred_on, n * window),
                # The case's team manager follows it up (§3.2); an action of a
                # cycle's plan, with no case, is its owner's to follow up.
                responsible=None if event.case_ref else STAFF,
            )

    def action_completed(self, event: Any, cursor: Cursor) -> None:
        """A first follow-up that would fall due after completion has nothing
        left to follow up; the second stays, met by the manager's note that
        they oversaw the plan (§3.3), which may come after completion."""
        book = self.book.subject(cursor, self.subject_of(cursor, event).subject_id)
        self.book.withdraw(
            cursor,
            book,
            [
                r
                for r in book.of("follow-up-1")
                if r.is_open and r.due_on > event.occurred_on
            ],
        )

    def follow_up_reviewed(self, event: Any, cursor: Cursor) -> None:
        """The earliest review is the first follow-up; the second is the
        earliest review in a later calendar month than the first ("reviewed
        the subsequent month", §3.3), whatever order they were entered in.
        Reviews in the first one's month need no remembering: a later one
        of that month is never the earliest in a later month."""
        book = self.book.subject(cursor, self.subject_of(cursor, event).subject_id)
        reviews = sorted(
            {r.met_on for r in book.of(*FOLLOW_UPS) if r.met_on is not None}
            | {event.occurred_on}
        )
        first = reviews[0]
        later = [r for r in reviews if (r.year, r.month) > (first.year, first.month)]
        for row in book.of("follow-up-1"):
            if row.met_on != first:
                self.book.set_met(cursor, row, first)
        for row in book.of("follow-up-2"):
            if later and row.met_on != later[0]:
                self.book.set_met(cursor, row, later[0])
            elif not later and row.met_on is not None:
                self.book.set_open(cursor, row)

    def oversight_recorded(self, event: Any, cursor: Cursor) -> None:
        """§3.3: "a note should be made on the file that the manager has
        overseen the plan": it meets the second follow-up if still open."""
        self.meet(
            cursor,
            self.subject_of(cursor, event).subject_id,
            ("follow-up-2",),
            event.occurred_on,
        )

    def case_moved(
        self, event: Any, at: Position, cursor: Cursor, subject: Subject
    ) -> None:
        """A move between teams: the new team's samples begin; the
        transferring head of service audits the file (§3.3, §3.5) and the
        family is sent a questionnaire (§4.1), both for the team it left."""
        self.calendar.team_has_cases(cursor, at, event.to_team, event.occurred_on)
        left = subject._replace(team=event.from_team)
        for requirement, days in (
            ("transfer-audit", self.settings.transfer_audit_days),
            ("feedback-questionnaire", self.settings.questionnaire_due_days),
        ):
            self.after_case(event, at, cursor, left, requirement, days)

    def after_case(
        self,
        event: Any,
        at: Position,
        cursor: Cursor,
        subject: Subject,
        requirement: str,
        days: int,
    ) -> None:
        book = self.book.subject(cursor, subject.subject_id)
        self.require(
            cursor,
            book,
            at,
            requirement,
            subject.subject_id,
            subject.subject_id,
            subject.staff_id,
            subject.team,
            event.occurred_on + timedelta(days=days),
        )

    def audit_completed(self, event: Any, at: Position, cursor: Cursor) -> None:
        """What completing an audit meets, by its kind."""
        subject = self.subject_of(cursor, event)
        if subject.supervisee is not None:
            # A supervision file audited through the audit lifecycle counts
            # as the dedicated command's record does (§2.3, §3.5).
            self.renew(
                cursor,
                at,
                subject.supervisee,
                "supervision-file-audit",
                event.occurred_on,
            )
        elif subject.audit_kind == AuditKind.TRANSFER and subject.case_ref:
            self.meet(cursor, subject.case_ref, ("transfer-audit",), event.occurred_on)
        elif subject.audit_kind == AuditKind.FAMILY_SUPPORT and subject.team:
            self.calendar.meet(
                cursor,
                "family-support-audit",
                team_subject(subject.team),
                event.occurred_on,
            )

    def complaint_escalated(self, event: Any, at: Position, cursor: Cursor) -> None:
        """§4.1: "The Staying Safe Management Team will consider any complaints
        that have escalated past stage one at their fortnightly meetings"."""
        subject = self.subject_of(cursor, event)
        book = self.book.subject(cursor, subject.subject_id)
        if any(r.is_open for r in book.of("complaint-consideration")):
            return  # one consideration answers for the complaint as it stands
        self.require(
            cursor,
            book,
            at,
            "complaint-consideration",
            subject.subject_id,
            subject.case_ref,
            None,
            subject.team,
            event.occurred_on
            + timedelta(days=self.settings.complaint_consideration_days),
        )

    # Requirements.

    def require(
        self,
        cursor: Cursor,
        book: SubjectBook,
        at: Position,
        requirement: str,
        subject_id: str,
        case_ref: str | None,
        staff_id: str | None,
        team: str | None,
        due_on: date,
        *,
        responsible: str | None = None,
    ) -> Requirement:
        """Place a requirement; who must act on it is the requirement's own
        (``projections.duties``) unless given."""
        placed = Requirement(
            f"{requirement}/{subject_id}/{at.position}",
            requirement,
            subject_id,
            case_ref,
            staff_id,
            team,
            due_on,
            None,
            "open",
            at.position,
            responsible or responsible_for(requirement),
        )
        self.book.add(cursor, book, placed)
        return placed

    def meet(
        self, cursor: Cursor, subject_id: str, requirements: tuple[str, ...], on: date
    ) -> bool:
        """Mark met the earliest-due open requirement of these kinds."""
        book = self.book.subject(cursor, subject_id)
        open_ones = [r for r in book.of(*requirements) if r.is_open]
        if not open_ones:
            return False
        first = min(open_ones, key=lambda r: (r.due_on, r.requirement_id))
        self.book.set_met(cursor, first, on)
        return True

    # Subjects.

    def new_subject(
        self,
        cursor: Cursor,
        event: Any,
        subject_id: str,
        case_ref: str | None,
        staff_id: str | None,
        team: str | None,
        role: str | None = None,
        *,
        new: bool = True,
        supervisee: str | None = None,
        audit_kind: str | None = None,
        cycle: str | None = None,
    ) -> SubjectBook:
        """Record what an aggregate's requirements are about; ``new`` when
        its subject has no requirements yet (it is first seen now)."""
        aggregate_id = str(event.originator_id)
        cursor.execute(
            "INSERT INTO compliance_subjects (aggregate_id, subject_id, case_ref, "
            "staff_id, team, role, supervisee, audit_kind, cycle) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                aggregate_id,
                subject_id,
                case_ref,
                staff_id,
                team,
                role,
                supervisee,
                audit_kind,
                cycle,
            ),
        )
        subject = Subject(
            subject_id, case_ref, staff_id, team, None, supervisee, audit_kind, cycle
        )
        self.by_aggregate.put(aggregate_id, subject)
        if role is not None or case_ref == subject_id:
            self.by_subject.put(subject_id, subject)
        return self.book.new_subject(subject_id) if new else SubjectBook()

    def change_subject(self, cursor: Cursor, event: Any, **changes: Any) -> Subject:
        aggregate_id = str(event.originator_id)
        columns = ", ".join(f"{column} = ?" for column in changes)
        cursor.execute(
            f"UPDATE compliance_subjects SET {columns} WHERE aggregate_id = ?",
            (*changes.values(), aggregate_id),
        )
        subject = self.subject_of(cursor, event)._replace(
            **{k: v for k, v in changes.items() if k in Subject._fields}
        )
        self.by_aggregate.put(aggregate_id, subject)
        self.by_subject.put(subject.subject_id, subject)
        return subject

    def subject_of(self, cursor: Cursor, event: Any) -> Subject:
        aggregate_id = str(event.originator_id)
        return self.by_aggregate.get(
            aggregate_id,
            lambda: subject_from(
                cursor.fetchall(
                    "SELECT subject_id, case_ref, staff_id, team, left_on, supervisee, "
                    "audit_kind, cycle "
                    "FROM compliance_subjects WHERE aggregate_id = ?",
                    (aggregate_id,),
                )[0]
            ),
        )

    def subject_by_id(self, cursor: Cursor, subject_id: str) -> Subject | None:
        """The staff member or case a subject id names (not audits or actions)."""

        def load() -> Subject | None:
            rows = cursor.fetchall(
                "SELECT subject_id, case_ref, staff_id, team, left_on, supervisee, "
                "audit_kind, cycle "
                "FROM compliance_subjects WHERE subject_id = ? "
                "AND (role IS NOT NULL OR case_ref = subject_id) LIMIT 1",
                (subject_id,),
            )
            return subject_from(rows[0]) if rows else None

        return self.by_subject.get(subject_id, load)

    def staff(self, cursor: Cursor, staff_id: str) -> Subject | None:
        return self.subject_by_id(cursor, staff_id)


def subject_from(row: Any) -> Subject:
    left_on = row[4]
    return Subject(
        row[0],
        row[1],
        row[2],
        row[3],
        day(left_on) if left_on is not None else None,
        row[5],
        row[6],
        row[7],
    )
