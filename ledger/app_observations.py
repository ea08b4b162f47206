"""Commands on direct observations of staff practice (§4.1)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.base import LedgerBase
from ledger.dates import add_months
from ledger.errors import DateTooEarly
from ledger.ids import normalise_sequential_id
from ledger.observation import (
    OBSERVATION_PREFIX,
    NoSuchObservation,
    ObservationOutcome,
    PracticeObservation,
)
from ledger.staff import StaffMember


class ObservationCommands(LedgerBase):
    def record_observation(
        self,
        actor: str,
        *,
        staff_member: str,
        outcome: str,
        observer: str | None = None,
        support_needed: bool = False,
        support_note: str | None = None,
        on: date | None = None,
    ) -> str:
        """Record that a manager observed ``staff_member`` in practice; the
        observer defaults to whoever records it. Returns the new id."""
        by = self.attribute("observe record", actor, on)
        outcome_ = ObservationOutcome.parse(outcome)
        observed = self.observation_participant(
            staff_member, by.occurred_on, "be observed"
        )
        watcher = self.observation_participant(
            observer or actor, by.occurred_on, "observe anyone"
        )

        def observed_practice(observation_id: str) -> list[PracticeObservation]:
            return [
                PracticeObservation.observe(
                    by,
                    observation_id=observation_id,
                    staff_member=observed.staff_id,
                    observer=watcher.staff_id,
                    observer_role=watcher.role,
                    outcome=outcome_,
                    support_needed=support_needed,
                    support_note=support_note,
                )
            ]

        return self.save_with_new_id(OBSERVATION_PREFIX, by, observed_practice)

    def observation_participant(
        self, staff_id: str, on: date, doing: str
    ) -> StaffMember:
        member = self.employed_staff_member(staff_id, on)
        check_joined_by(member, on, doing)
        return member

    def observation_record(self, observation_id: str) -> PracticeObservation:
        readable = normalise_sequential_id(OBSERVATION_PREFIX, observation_id)
        return self.load(
            PracticeObservation,
            PracticeObservation.id_for(readable),
            NoSuchObservation(observation_id),
        )

    def observation(self, observation_id: str) -> dict[str, Any]:
        """An observation, with the date by which the next one is due."""
        record = self.observation_record(observation_id)
        state = record.as_dict()
        state["next_observation_due_by"] = add_months(
            record.observed_on, self.settings.observation_interval_months
        ).isoformat()
        return state


def check_joined_by(member: StaffMember, on: date, doing: str) -> None:
    """Refuse ``on`` if it is before ``member`` joined."""
    if on < member.started_on:
        raise DateTooEarly(
            f"{member.staff_id} joined on {member.started_on}, so was not "
            f"employed to {doing} on {on}"
        )
