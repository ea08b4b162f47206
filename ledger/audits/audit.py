"""Audits and their lifecycle (§3.2 to §3.6).

scheduled → started → sections assessed (optional) → graded → urgent concern
raised → feedback given → alert sent → recorded on the case system → grading
moderated → completed; or cancelled with a reason. Once completed or cancelled,
only a moderation of the grading may still be recorded.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from ledger.errors import (
    AuditClosed,
    DateTooEarly,
    GradingRequired,
    InvalidTransition,
    InvalidValue,
    ModerationMismatch,
    NotAssignedAuditor,
    RoleNotPermitted,
)
from ledger.events import Attribution, LedgerAggregate, LedgerCreated, LedgerEvent
from ledger.ids import aggregate_id
from ledger.vocabulary import GRADED_AUDIT_KINDS, AuditKind, Grade, Role

SCHEDULED = "scheduled"
STARTED = "started"
COMPLETED = "completed"
CANCELLED = "cancelled"


class Audit(LedgerAggregate):
    TOPIC = "ledger.audit:Audit"
    audit_id: str
    kind: str
    case_ref: str | None
    supervisee: str | None
    auditor: str
    # §3.6: a cross-district thematic audit is undertaken jointly, by team
    # managers of different districts; either may record its steps.
    joint_auditor: str | None
    week: date
    theme: str | None
    cycle: str | None
    team: str | None
    district: str | None
    status: str
    scheduled_on: date
    started_on: date | None
    look_back_months: int | None
    sections: dict[str, str]
    grade: str | None
    graded_on: date | None
    original_grade: str | None
    concerns: list[dict[str, Any]]
    feedback: list[dict[str, Any]]
    alerts: list[dict[str, Any]]
    case_system_note: dict[str, Any] | None
    moderations: list[dict[str, Any]]
    action_ids: list[str]
    ended_on: date | None
    outcome: str | None

    def __init__(self) -> None:
        """State is set by the created event's ``apply``, never by arguments."""

    @staticmethod
    def id_for(audit_id: str) -> UUID:
        return aggregate_id("audit", audit_id)

    @classmethod
    def schedule(
        cls,
        by: Attribution,
        *,
        audit_id: str,
        kind: AuditKind,
        case_ref: str | None,
        supervisee: str | None,
        auditor: str,
        week: date,
        theme: str | None,
        cycle: str | None = None,
        team: str | None = None,
        district: str | None = None,
        joint_auditor: str | None = None,
    ) -> Audit:
        return cls._create(
            cls.Scheduled,
            id=cls.id_for(audit_id),
            audit_id=audit_id,
            kind=kind.value,
            case_ref=case_ref,
            supervisee=supervisee,
            auditor=auditor,
            joint_auditor=joint_auditor,
            week=week,
            theme=theme,
            cycle=cycle,
            team=team,
            district=district,
            **by.stamp(),
        )

    class Scheduled(LedgerCreated):
        TOPIC = "ledger.audit:Audit.Scheduled"
        class_version = 2
        audit_id: str
        kind: str
        case_ref: str | None
        supervisee: str | None
        auditor: str
        joint_auditor: str | None  # from version 2
        week: date
        theme: str | None
        # The whole case file audit cycle (e.g. 2026H2) this audit belongs to.
        cycle: str | None
        # Whose practice is audited: the case's (or supervisee's) team and
        # district when the audit was scheduled.
        team: str | None
        district: str | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Before version 2 no audit was undertaken jointly."""
            state["joint_auditor"] = None

        def apply(self, aggregate: Any) -> None:
            aggregate.audit_id = self.audit_id
            aggregate.joint_auditor = self.joint_auditor
            aggregate.cycle = self.cycle
            aggregate.team = self.team
            aggregate.district = self.district
            aggregate.kind = self.kind
            aggregate.case_ref = self.case_ref
            aggregate.supervisee = self.supervisee
            aggregate.auditor = self.auditor
            aggregate.week = self.week
            aggregate.theme = self.theme
            aggregate.status = SCHEDULED
            aggregate.scheduled_on = self.occurred_on
            aggregate.started_on = None
            aggregate.look_back_months = None
            aggregate.sections = {}
            aggregate.grade = None
            aggregate.graded_on = None
            aggregate.original_grade = None
            aggregate.concerns = []
            aggregate.feedback = []
            aggregate.alerts = []
            aggregate.case_system_note = None
            aggregate.moderations = []
            aggregate.action_ids = []
            aggregate.ended_on = None
            aggregate.outcome = None

    # Checks shared by the steps below.

    def check_open(self) -> None:
        if self.status in (COMPLETED, CANCELLED):
            raise AuditClosed(self.audit_id, self.status)

    def check_started(self, step: str) -> None:
        self.check_open()
        if self.status != STARTED:
            raise InvalidTransition(
                f"audit {self.audit_id} is {self.status}; it must be started "
                f"before {step} (use 'qaledger audit start {self.audit_id}')"
            )

    def check_auditor(self, by: Attribution) -> None:
        if by.actor_id not in (self.auditor, self.joint_auditor):
            assigned = " or ".join(filter(None, (self.auditor, self.joint_auditor)))
            raise NotAssignedAuditor(self.audit_id, assigned, by.actor_id)

    def check_not_before(self, by: Attribution, earliest: date, what: str) -> None:
        if by.occurred_on < earliest:
            raise DateTooEarly(
                f"{by.occurred_on} is before audit {self.audit_id} was {what} "
                f"on {earliest}"
            )

    def check_auditor_step(self, by: Attribution, step: str) -> None:
        self.check_started(step)
        self.check_auditor(by)
        assert self.started_on is not None
        self.check_not_before(by, self.started_on, STARTED)

    # The lifecycle.

    def start(self, by: Attribution, *, look_back_months: int) -> None:
        self.check_open()
        if self.status != SCHEDULED:
            raise InvalidTransition(f"audit {self.audit_id} is already {self.status}")
        self.check_auditor(by)
        self.check_not_before(by, self.scheduled_on, SCHEDULED)
        if not 1 <= look_back_months <= 120:
            raise InvalidValue(
                f"look-back window of {look_back_months} months is outside 1 to 120"
            )
        self.trigger_event(
            self.Started, look_back_months=look_back_months, **by.stamp()
        )

    class Started(LedgerEvent):
        TOPIC = "ledger.audit:Audit.Started"
        class_version = 1
        look_back_months: int

        def apply(self, aggregate: Any) -> None:
            aggregate.status = STARTED
            aggregate.started_on = self.occurred_on
            aggregate.look_back_months = self.look_back_months

    def assess_section(self, by: Attribution, *, section: str, finding: str) -> None:
        self.check_auditor_step(by, "assessing a section")
        self.trigger_event(
            self.SectionAssessed, section=section, finding=finding, **by.stamp()
        )

    class SectionAssessed(LedgerEvent):
        TOPIC = "ledger.audit:Audit.SectionAssessed"
        class_version = 1
        section: str
        finding: str

        def apply(self, aggregate: Any) -> None:
            aggregate.sections[self.section] = self.finding

    def give_grading(self, by: Attribution, *, grade: Grade) -> None:
        self.check_auditor_step(by, "grading")
        if self.grade is not None:
            raise InvalidTransition(
                f"audit {self.audit_id} is already graded {self.grade}; a change "
                "of grade is a moderation by a head of service"
            )
        self.trigger_event(self.GradingGiven, grade=grade.value, **by.stamp())

    class GradingGiven(LedgerEvent):
        TOPIC = "ledger.audit:Audit.GradingGiven"
        class_version = 1
        grade: str

        def apply(self, aggregate: Any) -> None:
            aggregate.grade = self.grade
            aggregate.original_grade = self.grade
            aggregate.graded_on = self.occurred_on

    def raise_urgent_concern(
        self,
        by: Attribution,
        *,
        concern: str,
        team_manager: str,
        social_worker: str,
        found_on: date | None = None,
    ) -> None:
        """Raise a concern found on ``found_on`` (default: the day it is raised);
        §3.3 asks for it to be raised immediately, the same day."""
        self.check_auditor_step(by, "raising a concern")
        found = found_on or by.occurred_on
        assert self.started_on is not None
        if not self.started_on <= found <= by.occurred_on:
            raise DateTooEarly(
                f"a concern found on {found} must be found after audit "
                f"{self.audit_id} started ({self.started_on}) and not after it is "
                f"raised ({by.occurred_on})"
            )
        self.trigger_event(
            self.UrgentConcernRaised,
            concern=concern,
            team_manager=team_manager,
            social_worker=social_worker,
            found_on=found,
            **by.stamp(),
        )

    class UrgentConcernRaised(LedgerEvent):
        TOPIC = "ledger.audit:Audit.UrgentConcernRaised"
        class_version = 1
        concern: str
        team_manager: str
        social_worker: str
        # When the auditor found it; raised on occurred_on.
        found_on: date

        def apply(self, aggregate: Any) -> None:
            aggregate.concerns.append(
                {
                    "concern": self.concern,
                    "team_manager": self.team_manager,
                    "social_worker": self.social_worker,
                    "found_on": self.found_on.isoformat(),
                    "raised_on": self.occurred_on.isoformat(),
                }
            )

    def give_feedback(
        self, by: Attribution, *, summary: str, social_worker: str, team_manager: str
    ) -> None:
        self.check_auditor_step(by, "giving feedback")
        self.trigger_event(
            self.FeedbackGiven,
            summary=summary,
            social_worker=social_worker,
            team_manager=team_manager,
            **by.stamp(),
        )

    class FeedbackGiven(LedgerEvent):
        TOPIC = "ledger.audit:Audit.FeedbackGiven"
        class_version = 1
        summary: str
        social_worker: str
        team_manager: str

        def apply(self, aggregate: Any) -> None:
            aggregate.feedback.append(
                {
                    "summary": self.summary,
                    "social_worker": self.social_worker,
                    "team_manager": self.team_manager,
                    "given_on": self.occurred_on.isoformat(),
                }
            )

    def send_alert(
        self, by: Attribution, *, team_manager: str, head_of_service: str
    ) -> None:
        self.check_auditor_step(by, "sending an alert")
        self.trigger_event(
            self.AlertSent,
            team_manager=team_manager,
            head_of_service=head_of_service,
            **by.stamp(),
        )

    class AlertSent(LedgerEvent):
        TOPIC = "ledger.audit:Audit.AlertSent"
        class_version = 1
        team_manager: str
        head_of_service: str

        def apply(self, aggregate: Any) -> None:
            aggregate.alerts.append(
                {
                    "team_manager": self.team_manager,
                    "head_of_service": self.head_of_service,
                    "sent_on": self.occurred_on.isoformat(),
                }
            )

    def record_on_case_system(self, by: Attribution, *, note: str) -> None:
        self.check_auditor_step(by, "recording it on the case system")
        if self.case_system_note is not None:
            raise InvalidTransition(
                f"audit {self.audit_id} was already recorded on the case system "
                f"on {self.case_system_note['recorded_on']}"
            )
        self.trigger_event(self.RecordedOnCaseSystem, note=note, **by.stamp())

    class RecordedOnCaseSystem(LedgerEvent):
        TOPIC = "ledger.audit:Audit.RecordedOnCaseSystem"
        class_version = 1
        note: str

        def apply(self, aggregate: Any) -> None:
            aggregate.case_system_note = {
                "note": self.note,
                "recorded_on": self.occurred_on.isoformat(),
            }

    def agree_action(self, by: Attribution, *, action_id: str) -> None:
        self.check_started("setting an action")
        assert self.started_on is not None
        self.check_not_before(by, self.started_on, STARTED)
        self.trigger_event(self.ActionAgreed, action_id=action_id, **by.stamp())

    class ActionAgreed(LedgerEvent):
        TOPIC = "ledger.audit:Audit.ActionAgreed"
        class_version = 1
        action_id: str

        def apply(self, aggregate: Any) -> None:
            aggregate.action_ids.append(self.action_id)

    def moderate(
        self, by: Attribution, *, replaces: Grade, grade: Grade, rationale: str
    ) -> None:
        if by.actor_role != Role.HEAD_OF_SERVICE:
            raise RoleNotPermitted(
                "moderate a grading", by.actor_role, [Role.HEAD_OF_SERVICE.value]
            )
        if self.grade is None or self.graded_on is None:
            raise InvalidTransition(f"audit {self.audit_id} has no grading to moderate")
        if by.actor_id == self.auditor:
            raise ModerationMismatch(
                f"{by.actor_id} gave this grading; a moderation is by another "
                "head of service"
            )
        if replaces.value != self.grade:
            raise ModerationMismatch(
                f"audit {self.audit_id} is graded {self.grade}, not {replaces}; "
                "a moderation names the grade it replaces"
            )
        if not rationale.strip():
            raise InvalidValue("a moderation needs a rationale")
        self.check_not_before(by, self.graded_on, "graded")
        self.trigger_event(
            self.GradingModerated,
            replaces=replaces.value,
            grade=grade.value,
            rationale=rationale,
            **by.stamp(),
        )

    class GradingModerated(LedgerEvent):
        TOPIC = "ledger.audit:Audit.GradingModerated"
        class_version = 1
        replaces: str
        grade: str
        rationale: str

        def apply(self, aggregate: Any) -> None:
            aggregate.grade = self.grade
            aggregate.moderations.append(
                {
                    "moderator": self.actor_id,
                    "replaces": self.replaces,
                    "grade": self.grade,
                    "agreed": self.replaces == self.grade,
                    "rationale": self.rationale,
                    "moderated_on": self.occurred_on.isoformat(),
                }
            )

    def complete(self, by: Attribution, *, findings: str) -> None:
        self.check_auditor_step(by, "completing")
        if AuditKind.parse(self.kind) in GRADED_AUDIT_KINDS and self.grade is None:
            raise GradingRequired(self.audit_id, self.kind)
        self.trigger_event(self.Completed, findings=findings, **by.stamp())

    class Completed(LedgerEvent):
        TOPIC = "ledger.audit:Audit.Completed"
        class_version = 1
        findings: str

        def apply(self, aggregate: Any) -> None:
            aggregate.status = COMPLETED
            aggregate.ended_on = self.occurred_on
            aggregate.outcome = self.findings

    def cancel(self, by: Attribution, *, reason: str) -> None:
        self.check_open()
        if not reason.strip():
            raise InvalidValue("cancelling an audit needs a reason")
        self.check_not_before(by, self.scheduled_on, SCHEDULED)
        self.trigger_event(self.Cancelled, reason=reason, **by.stamp())

    class Cancelled(LedgerEvent):
        TOPIC = "ledger.audit:Audit.Cancelled"
        class_version = 1
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.status = CANCELLED
            aggregate.ended_on = self.occurred_on
            aggregate.outcome = self.reason

    def audit_date(self) -> date:
        """The date the audit was undertaken, from which action due dates run."""
        return self.started_on or self.scheduled_on

    def started_outside_week(self) -> bool:
        """§3.2: audits are undertaken in the week on the schedule, so their
        findings reach the meeting in time; a start outside it is flagged,
        not refused (late entry and illness happen)."""
        if self.started_on is None:
            return False
        return not self.week <= self.started_on < self.week + timedelta(days=7)

    def as_dict(self) -> dict[str, Any]:
        return {
            "audit_id": self.audit_id,
            "kind": self.kind,
            "case_ref": self.case_ref,
            "supervisee": self.supervisee,
            "auditor": self.auditor,
            "joint_auditor": self.joint_auditor,
            "week": self.week.isoformat(),
            "theme": self.theme,
            "cycle": self.cycle,
            "team": self.team,
            "district": self.district,
            "status": self.status,
            "scheduled_on": self.scheduled_on.isoformat(),
            "started_on": self.started_on.isoformat() if self.started_on else None,
            "started_outside_week": self.started_outside_week(),
            "look_back_months": self.look_back_months,
            "sections": dict(self.sections),
            "grade": self.grade,
            "original_grade": self.original_grade,
            "graded_on": self.graded_on.isoformat() if self.graded_on else None,
            "urgent_concerns": list(self.concerns),
            "feedback": list(self.feedback),
            "alerts": list(self.alerts),
            "case_system_note": self.case_system_note,
            "moderations": list(self.moderations),
            "action_ids": list(self.action_ids),
            "ended_on": self.ended_on.isoformat() if self.ended_on else None,
            "outcome": self.outcome,
        }
