"""Performance management meetings (§3.7): on the aggregate alone, then the
application's rules on both stores."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.application import QALedger
from ledger.errors import (
    InvalidValue,
    NoSuchAction,
    NoSuchStaffMember,
    RoleNotPermitted,
    StaffMemberHasLeft,
)
from ledger.events import Attribution
from ledger.records.meeting import (
    ActionNotYetSet,
    ChairNotAssistantDirector,
    NoSuchMeeting,
    NothingConsidered,
    PerformanceMeeting,
)
from tests.conftest import START, given_a_started_audit
from tests.helpers.refusals import refused

HELD = date(2026, 3, 26)


def held(
    chair_role: str = "assistant-director",
    *,
    reports: list[str] | None = None,
    action_ids: list[str] | None = None,
    attendees: list[str] | None = None,
) -> PerformanceMeeting:
    return PerformanceMeeting.hold(
        Attribution("QA1", "qa-officer", HELD),
        meeting_id="PMM-0001",
        chair="AD1",
        chair_role=chair_role,
        focus=" Child protection plans ",
        reports=["Thematic audit findings"] if reports is None else reports,
        action_ids=["ACT-0001"] if action_ids is None else action_ids,
        attendees=attendees or [],
    )


# The aggregate.


def test_a_meeting_held_records_what_was_tabled_and_reviewed() -> None:
    meeting = held(action_ids=["ACT-0001", "ACT-0002", "ACT-0001"], attendees=["TM1"])
    assert [type(e).__name__ for e in meeting.collect_events()] == ["MeetingHeld"]
    assert meeting.as_dict() == {
        "meeting_id": "PMM-0001",
        "held_on": "2026-03-26",
        "chair": "AD1",
        "focus": "Child protection plans",
        "reports_tabled": ["Thematic audit findings"],
        "actions_reviewed": ["ACT-0001", "ACT-0002"],
        "attendees": ["AD1", "TM1"],
        "recorded_by": "QA1",
    }


@pytest.mark.parametrize("role", ["head-of-service", "senior-manager", "qa-officer"])
def test_only_the_assistant_director_chairs(role: str) -> None:
    with pytest.raises(
        ChairNotAssistantDirector,
        match=f"the {role} role may not chair a performance management meeting; "
        "that needs one of: assistant-director",
    ):
        held(role)


def test_a_meeting_records_something_it_considered() -> None:
    with pytest.raises(NothingConsidered):
        held(reports=[], action_ids=[])
    assert held(reports=[], action_ids=["ACT-0001"]).reports == []
    assert held(reports=["Data pack"], action_ids=[]).action_ids == []


def test_a_report_tabled_needs_a_title() -> None:
    with pytest.raises(InvalidValue, match="report tabled needs a title"):
        held(reports=["Data pack", " "])


# The application, on both stores.

FEB = date(2026, 2, 10)


@pytest.fixture
def with_actions(council: QALedger) -> QALedger:
    """The council with an assistant director and one action (ACT-0001)."""
    council.staff.join(
        "ADM1", staff_id="AD1", name="Ada Director", role="assistant-director", on=START
    )
    audit_id = given_a_started_audit(council)
    council.actions.set(
        "TM2", audit_id=audit_id, owner="SW1", description="Update plan", on=FEB
    )
    return council


def test_the_assistant_director_records_a_meeting_they_chaired(
    with_actions: QALedger,
) -> None:
    app = with_actions
    meeting_id = app.meetings.record(
        "AD1",
        reports=["Whole case file audit summary"],
        action_ids=["act-1"],
        attendees=["TM1", "TM2"],
        on=HELD,
    )
    assert meeting_id == "PMM-0001"
    shown = app.meetings.show("pmm-1")
    assert shown["chair"] == "AD1"
    assert shown["actions_reviewed"] == ["ACT-0001"]
    assert shown["attendees"] == ["AD1", "TM1", "TM2"]


def test_a_qa_officer_records_it_naming_the_chair(with_actions: QALedger) -> None:
    app = with_actions
    meeting_id = app.meetings.record(
        "QA1", chair="AD1", reports=["Complaints quarter 1"], action_ids=[], on=HELD
    )
    shown = app.meetings.show(meeting_id)
    assert (shown["chair"], shown["recorded_by"]) == ("AD1", "QA1")


def test_a_chair_who_is_not_the_assistant_director_writes_nothing(
    with_actions: QALedger,
) -> None:
    app = with_actions
    refused(
        app,
        ChairNotAssistantDirector,
        lambda: app.meetings.record("QA1", reports=["r"], action_ids=[], on=HELD),
    )
    refused(
        app,
        ChairNotAssistantDirector,
        lambda: app.meetings.record(
            "QA1", chair="HOS1", reports=["r"], action_ids=[], on=HELD
        ),
    )


def test_actions_reviewed_must_exist(with_actions: QALedger) -> None:
    app = with_actions
    refused(
        app,
        NoSuchAction,
        lambda: app.meetings.record(
            "AD1", reports=[], action_ids=["ACT-0001", "ACT-0404"], on=HELD
        ),
        match="ACT-0404",
    )


def test_an_action_set_after_the_meeting_cannot_have_been_reviewed(
    with_actions: QALedger,
) -> None:
    app = with_actions
    refused(
        app,
        ActionNotYetSet,
        lambda: app.meetings.record(
            "AD1", reports=[], action_ids=["ACT-0001"], on=date(2026, 2, 9)
        ),
        match="set on 2026-02-10, after the meeting on 2026-02-09",
    )


def test_attendees_must_be_staff_employed_on_the_day(with_actions: QALedger) -> None:
    app = with_actions
    app.staff.leave("ADM1", staff_id="TM2", on=date(2026, 3, 1))
    refused(
        app,
        StaffMemberHasLeft,
        lambda: app.meetings.record(
            "AD1", reports=["r"], action_ids=[], attendees=["TM2"], on=HELD
        ),
    )
    refused(
        app,
        NoSuchStaffMember,
        lambda: app.meetings.record(
            "AD1", reports=["r"], action_ids=[], attendees=["GHOST"], on=HELD
        ),
    )


def test_a_meeting_with_nothing_considered_writes_nothing(
    with_actions: QALedger,
) -> None:
    app = with_actions
    refused(
        app,
        NothingConsidered,
        lambda: app.meetings.record("AD1", reports=[], action_ids=[], on=HELD),
    )


def test_a_team_manager_may_not_record_a_meeting(with_actions: QALedger) -> None:
    app = with_actions
    refused(
        app,
        RoleNotPermitted,
        lambda: app.meetings.record(
            "TM1", chair="AD1", reports=["r"], action_ids=[], on=HELD
        ),
        match="assistant-director, qa-officer",
    )


def test_an_unknown_meeting_is_refused(council: QALedger) -> None:
    with pytest.raises(NoSuchMeeting, match="no such meeting: 'PMM-0404'"):
        council.meetings.show("PMM-0404")
