"""Complaints and compliments (§4.1).

A complaint is received at stage 1. If the complainant is not satisfied, or
the answer is late, it is escalated one stage at a time to stage 2 and then
stage 3; a complaint escalated past stage one is flagged for the Staying Safe
Management Team, who consider it at their fortnightly meeting. A response
(upheld, partly upheld, not upheld) answers the complaint at its current
stage; the response at stage 3 is final, after which only lessons may still
be recorded. Lessons may be recorded at any time after receipt.

A compliment is one event: received, for a team, perhaps about a case or a
staff member.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Self
from uuid import UUID

from ledger.errors import (
    DateTooEarly,
    InvalidTransition,
    InvalidValue,
    NotFound,
    UnknownChoice,
)
from ledger.events import Attribution, LedgerAggregate, LedgerCreated, LedgerEvent
from ledger.ids import aggregate_id
from ledger.vocabulary import Team, Vocabulary

COMPLAINT_PREFIX = "CMP"
COMPLIMENT_PREFIX = "CPL"

FIRST_STAGE = 1
FINAL_STAGE = 3

OPEN = "open"
RESPONDED = "responded"
CLOSED = "closed"


class ComplaintStage(Vocabulary):
    """The three stages of the complaints procedure; typed as ``2`` or
    ``stage-2``."""

    STAGE_1 = "1"
    STAGE_2 = "2"
    STAGE_3 = "3"

    @classmethod
    def parse(cls, value: str | int | Self) -> Self:
        if isinstance(value, cls):
            return value
        text = str(value).strip().lower().replace(" ", "-").removeprefix("stage-")
        try:
            return cls(text)
        except ValueError:
            raise UnknownChoice(cls.noun(), str(value), cls.choices()) from None

    @classmethod
    def noun(cls) -> str:
        return "complaint stage"

    @property
    def number(self) -> int:
        return int(self.value)


class ComplaintCategory(Vocabulary):
    COMMUNICATION = "communication"
    DELAY = "delay"
    DECISION = "decision"
    QUALITY_OF_SERVICE = "quality-of-service"
    STAFF_CONDUCT = "staff-conduct"
    CONTACT_ARRANGEMENTS = "contact-arrangements"
    PLACEMENT = "placement"
    INFORMATION_SHARING = "information-sharing"
    OTHER = "other"

    @classmethod
    def noun(cls) -> str:
        return "complaint category"


class ComplaintOutcome(Vocabulary):
    UPHELD = "upheld"
    PARTLY_UPHELD = "partly-upheld"
    NOT_UPHELD = "not-upheld"

    @classmethod
    def noun(cls) -> str:
        return "complaint outcome"


# The rules, each with its own refusal.


class NoSuchComplaint(NotFound):
    def __init__(self, complaint_id: str) -> None:
        super().__init__("complaint", complaint_id, "Complaint ids look like CMP-0001.")


class NoSuchCompliment(NotFound):
    def __init__(self, compliment_id: str) -> None:
        super().__init__(
            "compliment", compliment_id, "Compliment ids look like CPL-0001."
        )


class StageSkipped(InvalidTransition):
    """Raised for an escalation to any stage but the next one."""

    def __init__(self, complaint_id: str, stage: int, to_stage: int) -> None:
        super().__init__(
            f"complaint {complaint_id} is at stage {stage}; it can be escalated "
            f"only to stage {stage + 1}, one stage at a time, not to stage "
            f"{to_stage}"
        )


class FinalStageReached(InvalidTransition):
    """Raised for an escalation of a complaint already at stage 3."""

    def __init__(self, complaint_id: str) -> None:
        super().__init__(
            f"complaint {complaint_id} is at stage {FINAL_STAGE}, the last stage "
            "of the procedure; it cannot be escalated further"
        )


class AlreadyResponded(InvalidTransition):
    """Raised for a second response at the same stage."""

    def __init__(self, complaint_id: str, stage: int, responded_on: str) -> None:
        super().__init__(
            f"complaint {complaint_id} was already answered at stage {stage} on "
            f"{responded_on}; if the complainant is not satisfied, escalate it "
            f"to stage {stage + 1}"
        )


class ComplaintClosed(InvalidTransition):
    """Raised for anything but a lesson after the final (stage 3) response."""

    def __init__(self, complaint_id: str, responded_on: str) -> None:
        super().__init__(
            f"complaint {complaint_id} had its final response at stage "
            f"{FINAL_STAGE} on {responded_on}; only lessons may still be recorded"
        )


class ResponseBeforeReceipt(DateTooEarly):
    """Raised for a response dated before the complaint reached its stage."""


class EscalationOutOfOrder(DateTooEarly):
    """Raised for an escalation dated before the step it follows."""


class Complaint(LedgerAggregate):
    TOPIC = "ledger.complaint:Complaint"
    complaint_id: str
    team: str
    category: str
    case_ref: str | None
    summary: str | None
    received_on: date
    received_by: str
    stage: int
    stage_reached_on: date
    flagged_for_ssmt: bool
    escalations: list[dict[str, Any]]
    responses: list[dict[str, Any]]
    lessons: list[dict[str, Any]]
    # SSMT's considerations of it, once escalated past stage one (§4.1).
    considerations: list[dict[str, Any]]

    def __init__(self) -> None:
        """State is set by the created event's ``apply``, never by arguments."""

    @staticmethod
    def id_for(complaint_id: str) -> UUID:
        return aggregate_id("complaint", complaint_id)

    @classmethod
    def receive(
        cls,
        by: Attribution,
        *,
        complaint_id: str,
        team: Team,
        category: ComplaintCategory,
        case_ref: str | None,
        summary: str | None,
    ) -> Complaint:
        return cls._create(
            cls.Received,
            id=cls.id_for(complaint_id),
            complaint_id=complaint_id,
            team=team.value,
            category=category.value,
            case_ref=case_ref,
            summary=summary,
            **by.stamp(),
        )

    class Received(LedgerCreated):
        TOPIC = "ledger.complaint:Complaint.Received"
        class_version = 1
        complaint_id: str
        team: str
        category: str
        case_ref: str | None
        summary: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.complaint_id = self.complaint_id
            aggregate.team = self.team
            aggregate.category = self.category
            aggregate.case_ref = self.case_ref
            aggregate.summary = self.summary
            aggregate.received_on = self.occurred_on
            aggregate.received_by = self.actor_id
            aggregate.stage = FIRST_STAGE
            aggregate.stage_reached_on = self.occurred_on
            aggregate.flagged_for_ssmt = False
            aggregate.escalations = []
            aggregate.responses = []
            aggregate.lessons = []
            aggregate.considerations = []

    # What the state means.

    def response_at_current_stage(self) -> dict[str, Any] | None:
        return next((r for r in self.responses if r["stage"] == self.stage), None)

    @property
    def status(self) -> str:
        response = self.response_at_current_stage()
        if response is None:
            return OPEN
        return CLOSED if self.stage == FINAL_STAGE else RESPONDED

    def check_not_closed(self) -> None:
        response = self.response_at_current_stage()
        if response is not None and self.stage == FINAL_STAGE:
            raise ComplaintClosed(self.complaint_id, response["responded_on"])

    # The procedure.

    def escalate(
        self, by: Attribution, *, to_stage: ComplaintStage, reason: str
    ) -> None:
        self.check_not_closed()
        if self.stage == FINAL_STAGE:
            raise FinalStageReached(self.complaint_id)
        if to_stage.number != self.stage + 1:
            raise StageSkipped(self.complaint_id, self.stage, to_stage.number)
        response = self.response_at_current_stage()
        follows, follows_on = (
            ("was answered at stage", date.fromisoformat(response["responded_on"]))
            if response
            else ("reached stage", self.stage_reached_on)
        )
        if by.occurred_on < follows_on:
            raise EscalationOutOfOrder(
                f"an escalation dated {by.occurred_on} cannot precede the date "
                f"complaint {self.complaint_id} {follows} {self.stage}, "
                f"{follows_on}"
            )
        self.trigger_event(
            self.Escalated,
            from_stage=self.stage,
            to_stage=to_stage.number,
            reason=reason.strip() or None,
            **by.stamp(),
        )

    class Escalated(LedgerEvent):
        TOPIC = "ledger.complaint:Complaint.Escalated"
        class_version = 1
        from_stage: int
        to_stage: int
        reason: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.stage = self.to_stage
            aggregate.stage_reached_on = self.occurred_on
            aggregate.flagged_for_ssmt = True
            aggregate.escalations.append(
                {
                    "to_stage": self.to_stage,
                    "escalated_on": self.occurred_on.isoformat(),
                    "by": self.actor_id,
                    "reason": self.reason,
                }
            )

    def respond(self, by: Attribution, *, outcome: ComplaintOutcome, note: str) -> None:
        self.check_not_closed()
        response = self.response_at_current_stage()
        if response is not None:
            raise AlreadyResponded(
                self.complaint_id, self.stage, response["responded_on"]
            )
        if by.occurred_on < self.received_on:
            raise ResponseBeforeReceipt(
                f"a response dated {by.occurred_on} cannot predate the receipt "
                f"of complaint {self.complaint_id} on {self.received_on}"
            )
        if by.occurred_on < self.stage_reached_on:
            raise ResponseBeforeReceipt(
                f"a stage {self.stage} response dated {by.occurred_on} cannot "
                f"predate the escalation of complaint {self.complaint_id} to "
                f"stage {self.stage} on {self.stage_reached_on}"
            )
        self.trigger_event(
            self.Responded,
            stage=self.stage,
            outcome=outcome.value,
            note=note.strip() or None,
            **by.stamp(),
        )

    class Responded(LedgerEvent):
        TOPIC = "ledger.complaint:Complaint.Responded"
        class_version = 1
        stage: int
        outcome: str
        note: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.responses.append(
                {
                    "stage": self.stage,
                    "outcome": self.outcome,
                    "responded_on": self.occurred_on.isoformat(),
                    "by": self.actor_id,
                    "note": self.note,
                }
            )

    def record_lesson(self, by: Attribution, *, lesson: str) -> None:
        if not lesson.strip():
            raise InvalidValue("a lesson needs a description of what was learned")
        if by.occurred_on < self.received_on:
            raise DateTooEarly(
                f"a lesson dated {by.occurred_on} cannot predate the receipt of "
                f"complaint {self.complaint_id} on {self.received_on}"
            )
        self.trigger_event(self.LessonRecorded, lesson=lesson, **by.stamp())

    class LessonRecorded(LedgerEvent):
        TOPIC = "ledger.complaint:Complaint.LessonRecorded"
        class_version = 1
        lesson: str

        def apply(self, aggregate: Any) -> None:
            aggregate.lessons.append(
                {
                    "lesson": self.lesson,
                    "recorded_on": self.occurred_on.isoformat(),
                    "by": self.actor_id,
                }
            )

    def record_consideration(self, by: Attribution, *, note: str) -> None:
        """§4.1: "The Staying Safe Management Team will consider any
        complaints that have escalated past stage one at their fortnightly
        meetings"."""
        if not self.flagged_for_ssmt:
            raise InvalidTransition(
                f"complaint {self.complaint_id} is at stage {self.stage}; SSMT "
                "considers complaints escalated past stage one"
            )
        last_escalation = date.fromisoformat(self.escalations[-1]["escalated_on"])
        if by.occurred_on < last_escalation:
            raise DateTooEarly(
                f"a consideration dated {by.occurred_on} cannot predate the "
                f"escalation of complaint {self.complaint_id} on {last_escalation}"
            )
        if not note.strip():
            raise InvalidValue("say what SSMT considered or decided")
        self.trigger_event(self.ConsideredBySSMT, note=note, **by.stamp())

    class ConsideredBySSMT(LedgerEvent):
        TOPIC = "ledger.records.complaint:Complaint.ConsideredBySSMT"
        class_version = 1
        note: str

        def apply(self, aggregate: Any) -> None:
            aggregate.considerations.append(
                {
                    "considered_on": self.occurred_on.isoformat(),
                    "by": self.actor_id,
                    "note": self.note,
                }
            )

    def as_dict(self) -> dict[str, Any]:
        return {
            "complaint_id": self.complaint_id,
            "team": self.team,
            "category": self.category,
            "case_ref": self.case_ref,
            "summary": self.summary,
            "received_on": self.received_on.isoformat(),
            "received_by": self.received_by,
            "stage": self.stage,
            "status": self.status,
            "flagged_for_ssmt": self.flagged_for_ssmt,
            "escalations": list(self.escalations),
            "responses": list(self.responses),
            "lessons": list(self.lessons),
            "considerations": list(self.considerations),
        }


class Compliment(LedgerAggregate):
    TOPIC = "ledger.complaint:Compliment"
    compliment_id: str
    team: str
    case_ref: str | None
    staff_member: str | None
    summary: str
    received_on: date
    received_by: str

    def __init__(self) -> None:
        """State is set by the created event's ``apply``, never by arguments."""

    @staticmethod
    def id_for(compliment_id: str) -> UUID:
        return aggregate_id("compliment", compliment_id)

    @classmethod
    def receive(
        cls,
        by: Attribution,
        *,
        compliment_id: str,
        team: Team,
        case_ref: str | None,
        staff_member: str | None,
        summary: str,
    ) -> Compliment:
        if not summary.strip():
            raise InvalidValue("a compliment needs a summary of what was praised")
        return cls._create(
            cls.Received,
            id=cls.id_for(compliment_id),
            compliment_id=compliment_id,
            team=team.value,
            case_ref=case_ref,
            staff_member=staff_member,
            summary=summary,
            **by.stamp(),
        )

    class Received(LedgerCreated):
        TOPIC = "ledger.complaint:Compliment.Received"
        class_version = 1
        compliment_id: str
        team: str
        case_ref: str | None
        staff_member: str | None
        summary: str

        def apply(self, aggregate: Any) -> None:
            aggregate.compliment_id = self.compliment_id
            aggregate.team = self.team
            aggregate.case_ref = self.case_ref
            aggregate.staff_member = self.staff_member
            aggregate.summary = self.summary
            aggregate.received_on = self.occurred_on
            aggregate.received_by = self.actor_id

    def as_dict(self) -> dict[str, Any]:
        return {
            "compliment_id": self.compliment_id,
            "team": self.team,
            "case_ref": self.case_ref,
            "staff_member": self.staff_member,
            "summary": self.summary,
            "received_on": self.received_on.isoformat(),
            "received_by": self.received_by,
        }
