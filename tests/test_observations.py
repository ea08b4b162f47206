"""Direct observation of staff practice (§4.1): on the aggregate alone, then
the application's rules on both stores."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.application import QALedger
from ledger.errors import (
    DateTooEarly,
    NoSuchStaffMember,
    RoleNotPermitted,
    StaffMemberHasLeft,
    UnknownChoice,
)
from ledger.events import Attribution
from ledger.records.observation import (
    NoSuchObservation,
    ObservationOutcome,
    ObserverNotAManager,
    PracticeObservation,
    SelfObservation,
    SupportNoteRequired,
)
from ledger.vocabulary import Grade
from tests.conftest import START
from tests.helpers.refusals import refused

DAY = date(2026, 3, 12)


def observed(
    observer_role: str = "team-manager",
    *,
    observer: str = "TM1",
    staff_member: str = "SW1",
    support_needed: bool = False,
    support_note: str | None = None,
) -> PracticeObservation:
    return PracticeObservation.observe(
        Attribution("TM1", "team-manager", DAY),
        observation_id="OBS-0001",
        staff_member=staff_member,
        observer=observer,
        observer_role=observer_role,
        outcome=ObservationOutcome.GOOD,
        support_needed=support_needed,
        support_note=support_note,
    )


# The aggregate.


def test_a_manager_observes_practice() -> None:
    observation = observed()
    assert [type(e).__name__ for e in observation.collect_events()] == [
        "PracticeObserved"
    ]
    assert observation.as_dict() == {
        "observation_id": "OBS-0001",
        "staff_member": "SW1",
        "observer": "TM1",
        "observed_on": "2026-03-12",
        "outcome": "good",
        "additional_support_needed": False,
        "support_note": None,
        "recorded_by": "TM1",
    }


@pytest.mark.parametrize(
    "role", ["team-manager", "iro-team-manager", "head-of-service", "senior-manager"]
)
def test_team_managers_and_above_may_observe(role: str) -> None:
    assert observed(role).observer == "TM1"


@pytest.mark.parametrize(
    "role", ["social-worker", "deputy-team-manager", "qa-officer", "administrator"]
)
def test_anyone_below_team_manager_may_not_observe(role: str) -> None:
    with pytest.raises(ObserverNotAManager, match=f"the {role} role may not observe"):
        observed(role)


def test_nobody_observes_their_own_practice() -> None:
    with pytest.raises(SelfObservation):
        observed(staff_member="TM1")


def test_additional_support_needs_a_note_of_what_support() -> None:
    with pytest.raises(SupportNoteRequired):
        observed(support_needed=True, support_note="  ")
    observation = observed(support_needed=True, support_note=" Coaching ")
    assert (observation.support_needed, observation.support_note) == (
        True,
        "Coaching",
    )


# The application, on both stores.


def test_the_observer_defaults_to_whoever_records_it(council: QALedger) -> None:
    observation_id = council.observations.record(
        "TM1", staff_member="SW1", outcome="requires improvement", on=DAY
    )
    assert observation_id == "OBS-0001"
    shown = council.observations.show("obs-1")
    assert (shown["observer"], shown["outcome"]) == ("TM1", "requires-improvement")
    assert shown["next_observation_due_by"] == "2027-03-12"


def test_a_head_of_service_records_an_observation_by_a_team_manager(
    council: QALedger,
) -> None:
    observation_id = council.observations.record(
        "HOS1",
        staff_member="SW2",
        observer="TM1",
        outcome="good",
        support_needed=True,
        support_note="Coaching on analysis",
        on=DAY,
    )
    shown = council.observations.show(observation_id)
    assert (shown["observer"], shown["recorded_by"]) == ("TM1", "HOS1")
    assert shown["additional_support_needed"] is True


def test_a_deputy_may_record_but_not_be_the_observer(council: QALedger) -> None:
    council.staff.join(
        "ADM1",
        staff_id="DTM1",
        name="Deputy",
        role="deputy-team-manager",
        team="safeguarding",
        on=START,
    )
    refused(
        council,
        ObserverNotAManager,
        lambda: council.observations.record(
            "DTM1", staff_member="SW1", outcome="good", on=DAY
        ),
        match="team-manager",
    )
    council.observations.record(
        "DTM1", staff_member="SW1", observer="TM1", outcome="good", on=DAY
    )


def test_the_observed_must_be_employed_on_the_date(council: QALedger) -> None:
    council.staff.leave("ADM1", staff_id="SW2", on=date(2026, 3, 1))
    refused(
        council,
        StaffMemberHasLeft,
        lambda: council.observations.record(
            "TM1", staff_member="SW2", outcome="good", on=DAY
        ),
    )
    council.staff.join(
        "ADM1",
        staff_id="SW3",
        name="New",
        role="social-worker",
        team="safeguarding",
        on=date(2026, 4, 1),
    )
    refused(
        council,
        DateTooEarly,
        lambda: council.observations.record(
            "TM1", staff_member="SW3", outcome="good", on=DAY
        ),
        match="SW3 joined on 2026-04-01",
    )


def test_an_observer_who_has_left_cannot_have_observed(council: QALedger) -> None:
    council.staff.leave("ADM1", staff_id="TM2", on=date(2026, 3, 1))
    refused(
        council,
        StaffMemberHasLeft,
        lambda: council.observations.record(
            "TM1", staff_member="SW1", observer="TM2", outcome="good", on=DAY
        ),
    )


def test_refused_observations_write_nothing(council: QALedger) -> None:
    refused(
        council,
        NoSuchStaffMember,
        lambda: council.observations.record(
            "TM1", staff_member="GHOST", outcome="good", on=DAY
        ),
    )
    refused(
        council,
        UnknownChoice,
        lambda: council.observations.record(
            "TM1", staff_member="SW1", outcome="fine", on=DAY
        ),
        match="allowed: outstanding, good, requires-improvement, inadequate",
    )
    refused(
        council,
        SelfObservation,
        lambda: council.observations.record(
            "TM1", staff_member="TM1", outcome="good", on=DAY
        ),
    )
    refused(
        council,
        SupportNoteRequired,
        lambda: council.observations.record(
            "TM1", staff_member="SW1", outcome="good", support_needed=True, on=DAY
        ),
    )
    refused(
        council,
        RoleNotPermitted,
        lambda: council.observations.record(
            "SW2", staff_member="SW1", observer="TM1", outcome="good", on=DAY
        ),
    )


def test_an_unknown_observation_is_refused(council: QALedger) -> None:
    with pytest.raises(NoSuchObservation, match="no such observation: 'OBS-0404'"):
        council.observations.show("OBS-0404")


def test_observations_are_graded_on_the_audit_scale() -> None:
    # Two vocabularies, so each refusal names its own noun; one scale.
    assert ObservationOutcome.choices() == Grade.choices()
