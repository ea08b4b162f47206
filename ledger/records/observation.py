"""Direct observation of staff practice (§4.1).

A manager (team manager or above) observes a member of staff in their role,
at least every 12 months, records the outcome and says whether the person
needs additional support to improve their practice, and what.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from ledger.errors import InvalidValue, NotFound, RoleNotPermitted
from ledger.events import Attribution, LedgerAggregate, LedgerCreated
from ledger.ids import aggregate_id
from ledger.vocabulary import OBSERVERS, Role, Vocabulary, in_order

OBSERVATION_PREFIX = "OBS"


class ObservationOutcome(Vocabulary):
    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires-improvement"
    INADEQUATE = "inadequate"

    @classmethod
    def noun(cls) -> str:
        return "observation outcome"


class NoSuchObservation(NotFound):
    def __init__(self, observation_id: str) -> None:
        super().__init__(
            "observation", observation_id, "Observation ids look like OBS-0001."
        )


class ObserverNotAManager(RoleNotPermitted):
    """Raised when the observer is not a team manager or above."""

    def __init__(self, observer_role: str) -> None:
        super().__init__(
            "observe practice",
            observer_role,
            in_order(OBSERVERS),
        )


class SelfObservation(InvalidValue):
    def __init__(self, staff_id: str) -> None:
        super().__init__(
            f"{staff_id} cannot observe their own practice; another manager observes it"
        )


class SupportNoteRequired(InvalidValue):
    def __init__(self) -> None:
        super().__init__(
            "when additional support is needed, say what support in a note"
        )


class PracticeObservation(LedgerAggregate):
    TOPIC = "ledger.observation:PracticeObservation"
    observation_id: str
    staff_member: str
    observer: str
    observed_on: date
    outcome: str
    support_needed: bool
    support_note: str | None
    recorded_by: str

    def __init__(self) -> None:
        """State is set by the created event's ``apply``, never by arguments."""

    @staticmethod
    def id_for(observation_id: str) -> UUID:
        return aggregate_id("observation", observation_id)

    @classmethod
    def observe(
        cls,
        by: Attribution,
        *,
        observation_id: str,
        staff_member: str,
        observer: str,
        observer_role: str,
        outcome: ObservationOutcome,
        support_needed: bool,
        support_note: str | None,
    ) -> PracticeObservation:
        if Role.parse(observer_role) not in OBSERVERS:
            raise ObserverNotAManager(observer_role)
        if staff_member == observer:
            raise SelfObservation(staff_member)
        note = (support_note or "").strip() or None
        if support_needed and note is None:
            raise SupportNoteRequired()
        return cls._create(
            cls.PracticeObserved,
            id=cls.id_for(observation_id),
            observation_id=observation_id,
            staff_member=staff_member,
            observer=observer,
            outcome=outcome.value,
            support_needed=support_needed,
            support_note=note,
            **by.stamp(),
        )

    class PracticeObserved(LedgerCreated):
        TOPIC = "ledger.observation:PracticeObservation.PracticeObserved"
        class_version = 1
        observation_id: str
        staff_member: str
        observer: str
        outcome: str
        support_needed: bool
        support_note: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.observation_id = self.observation_id
            aggregate.staff_member = self.staff_member
            aggregate.observer = self.observer
            aggregate.observed_on = self.occurred_on
            aggregate.outcome = self.outcome
            aggregate.support_needed = self.support_needed
            aggregate.support_note = self.support_note
            aggregate.recorded_by = self.actor_id

    def as_dict(self) -> dict[str, Any]:
        return {
            "observation_id": self.observation_id,
            "staff_member": self.staff_member,
            "observer": self.observer,
            "observed_on": self.observed_on.isoformat(),
            "outcome": self.outcome,
            "additional_support_needed": self.support_needed,
            "support_note": self.support_note,
            "recorded_by": self.recorded_by,
        }
