"""Performance management meetings (§3.7).

Held monthly and chaired by the assistant director; team managers attend to
explore the data and the story behind it. Reports are tabled (themed audits,
the summary of quality assurance activity, complaints, feedback, observations)
and actions reviewed.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from ledger.errors import DateTooEarly, InvalidValue, NotFound, RoleNotPermitted
from ledger.events import Attribution, LedgerAggregate, LedgerCreated
from ledger.ids import aggregate_id
from ledger.vocabulary import Role

MEETING_PREFIX = "PMM"


class NoSuchMeeting(NotFound):
    def __init__(self, meeting_id: str) -> None:
        super().__init__("meeting", meeting_id, "Meeting ids look like PMM-0001.")


class ChairNotAssistantDirector(RoleNotPermitted):
    """Raised when the chair does not hold the assistant-director role."""

    def __init__(self, chair_role: str) -> None:
        super().__init__(
            "chair a performance management meeting",
            chair_role,
            [Role.ASSISTANT_DIRECTOR.value],
        )


class ActionNotYetSet(DateTooEarly):
    """Raised when a meeting reviews an action set after the meeting's date."""


class NothingConsidered(InvalidValue):
    def __init__(self) -> None:
        super().__init__(
            "a performance management meeting records what it considered: "
            "table at least one report or review at least one action"
        )


class PerformanceMeeting(LedgerAggregate):
    TOPIC = "ledger.meeting:PerformanceMeeting"
    meeting_id: str
    held_on: date
    chair: str
    focus: str | None
    reports: list[str]
    action_ids: list[str]
    attendees: list[str]
    recorded_by: str

    def __init__(self) -> None:
        """State is set by the created event's ``apply``, never by arguments."""

    @staticmethod
    def id_for(meeting_id: str) -> UUID:
        return aggregate_id("meeting", meeting_id)

    @classmethod
    def hold(
        cls,
        by: Attribution,
        *,
        meeting_id: str,
        chair: str,
        chair_role: str,
        focus: str | None,
        reports: list[str],
        action_ids: list[str],
        attendees: list[str],
    ) -> PerformanceMeeting:
        if Role.parse(chair_role) != Role.ASSISTANT_DIRECTOR:
            raise ChairNotAssistantDirector(chair_role)
        tabled = [report.strip() for report in reports if report.strip()]
        if len(tabled) != len(reports):
            raise InvalidValue("a report tabled needs a title; one was empty")
        if not tabled and not action_ids:
            raise NothingConsidered()
        return cls._create(
            cls.MeetingHeld,
            id=cls.id_for(meeting_id),
            meeting_id=meeting_id,
            chair=chair,
            focus=(focus or "").strip() or None,
            reports=tabled,
            action_ids=unique(action_ids),
            attendees=unique([chair, *attendees]),
            **by.stamp(),
        )

    class MeetingHeld(LedgerCreated):
        TOPIC = "ledger.meeting:PerformanceMeeting.MeetingHeld"
        class_version = 1
        meeting_id: str
        chair: str
        focus: str | None
        reports: list[str]
        action_ids: list[str]
        attendees: list[str]

        def apply(self, aggregate: Any) -> None:
            aggregate.meeting_id = self.meeting_id
            aggregate.held_on = self.occurred_on
            aggregate.chair = self.chair
            aggregate.focus = self.focus
            aggregate.reports = list(self.reports)
            aggregate.action_ids = list(self.action_ids)
            aggregate.attendees = list(self.attendees)
            aggregate.recorded_by = self.actor_id

    def as_dict(self) -> dict[str, Any]:
        return {
            "meeting_id": self.meeting_id,
            "held_on": self.held_on.isoformat(),
            "chair": self.chair,
            "focus": self.focus,
            "reports_tabled": list(self.reports),
            "actions_reviewed": list(self.action_ids),
            "attendees": list(self.attendees),
            "recorded_by": self.recorded_by,
        }


def unique(items: list[str]) -> list[str]:
    """``items`` without repeats, in the order first given."""
    return list(dict.fromkeys(items))
