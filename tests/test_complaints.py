"""Complaints and compliments (§4.1): the procedure on the aggregate alone
(given events, when a command, then new events or a named refusal), then the
application's rules on both stores, each refusal leaving the ledger as it was."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.application import QALedger
from ledger.errors import (
    DateTooEarly,
    InvalidValue,
    NoSuchCase,
    NoSuchStaffMember,
    RoleNotPermitted,
    UnknownChoice,
)
from ledger.events import Attribution
from ledger.records.complaint import (
    AlreadyResponded,
    Complaint,
    ComplaintCategory,
    ComplaintClosed,
    ComplaintOutcome,
    ComplaintStage,
    Compliment,
    EscalationOutOfOrder,
    FinalStageReached,
    NoSuchComplaint,
    NoSuchCompliment,
    ResponseBeforeReceipt,
    StageSkipped,
)
from ledger.vocabulary import Team
from tests.helpers.refusals import refused

RECEIVED = date(2026, 2, 2)
STAGE_2 = ComplaintStage.STAGE_2
STAGE_3 = ComplaintStage.STAGE_3


def on(day: date, who: str = "TM1") -> Attribution:
    return Attribution(who, "team-manager", day)


def a_complaint(received_on: date = RECEIVED) -> Complaint:
    return Complaint.receive(
        on(received_on),
        complaint_id="CMP-0001",
        team=Team.SAFEGUARDING,
        category=ComplaintCategory.COMMUNICATION,
        case_ref="LL-1001",
        summary="Not told about the meeting",
    )


def at_stage_3() -> Complaint:
    complaint = a_complaint()
    complaint.escalate(on(date(2026, 3, 1)), to_stage=STAGE_2, reason="")
    complaint.escalate(on(date(2026, 4, 1)), to_stage=STAGE_3, reason="")
    return complaint


def new_event_names(complaint: Complaint) -> list[str]:
    return [type(event).__name__ for event in complaint.collect_events()]


# The aggregate.


def test_a_complaint_is_received_at_stage_1_and_not_flagged() -> None:
    complaint = a_complaint()
    assert new_event_names(complaint) == ["Received"]
    assert (complaint.stage, complaint.status) == (1, "open")
    assert complaint.flagged_for_ssmt is False
    assert complaint.received_on == RECEIVED


def test_escalation_goes_one_stage_at_a_time_and_flags_it_for_the_ssmt() -> None:
    complaint = a_complaint()
    complaint.escalate(on(date(2026, 3, 1)), to_stage=STAGE_2, reason="Not satisfied")
    assert (complaint.stage, complaint.flagged_for_ssmt) == (2, True)
    complaint.escalate(on(date(2026, 4, 1)), to_stage=STAGE_3, reason="Still not")
    assert complaint.stage == 3
    assert [e["to_stage"] for e in complaint.escalations] == [2, 3]
    assert new_event_names(complaint) == ["Received", "Escalated", "Escalated"]


def test_an_escalation_cannot_skip_a_stage() -> None:
    complaint = a_complaint()
    with pytest.raises(StageSkipped, match="only to stage 2, one stage at a time"):
        complaint.escalate(on(date(2026, 3, 1)), to_stage=STAGE_3, reason="")


def test_an_escalation_cannot_stay_at_or_go_back_to_a_stage() -> None:
    complaint = a_complaint()
    complaint.escalate(on(date(2026, 3, 1)), to_stage=STAGE_2, reason="")
    with pytest.raises(StageSkipped, match="only to stage 3"):
        complaint.escalate(on(date(2026, 3, 2)), to_stage=STAGE_2, reason="")
    with pytest.raises(StageSkipped):
        complaint.escalate(
            on(date(2026, 3, 2)), to_stage=ComplaintStage.STAGE_1, reason=""
        )


def test_a_complaint_cannot_be_escalated_past_stage_3() -> None:
    complaint = at_stage_3()
    with pytest.raises(FinalStageReached, match="cannot be escalated further"):
        complaint.escalate(on(date(2026, 4, 2)), to_stage=STAGE_3, reason="")


def test_a_reply_answers_the_current_stage_once() -> None:
    complaint = a_complaint()
    complaint.respond(on(date(2026, 2, 10)), outcome=ComplaintOutcome.UPHELD, note="")
    assert complaint.status == "responded"
    with pytest.raises(AlreadyResponded, match="escalate it to stage 2"):
        complaint.respond(
            on(date(2026, 2, 11)), outcome=ComplaintOutcome.NOT_UPHELD, note=""
        )


def test_after_a_stage_1_reply_the_complainant_may_escalate() -> None:
    complaint = a_complaint()
    complaint.respond(
        on(date(2026, 2, 10)), outcome=ComplaintOutcome.NOT_UPHELD, note=""
    )
    complaint.escalate(on(date(2026, 2, 20)), to_stage=STAGE_2, reason="Unhappy")
    complaint.respond(
        on(date(2026, 3, 20)), outcome=ComplaintOutcome.PARTLY_UPHELD, note=""
    )
    assert [(r["stage"], r["outcome"]) for r in complaint.responses] == [
        (1, "not-upheld"),
        (2, "partly-upheld"),
    ]
    assert complaint.status == "responded"


def test_after_the_final_reply_only_lessons_may_be_recorded() -> None:
    complaint = at_stage_3()
    complaint.respond(on(date(2026, 5, 1)), outcome=ComplaintOutcome.UPHELD, note="")
    assert complaint.status == "closed"
    with pytest.raises(ComplaintClosed, match="only lessons"):
        complaint.respond(
            on(date(2026, 5, 2)), outcome=ComplaintOutcome.UPHELD, note=""
        )
    with pytest.raises(ComplaintClosed):
        complaint.escalate(on(date(2026, 5, 2)), to_stage=STAGE_3, reason="")
    complaint.record_lesson(on(date(2026, 5, 3)), lesson="Write to parents")
    assert [lesson["lesson"] for lesson in complaint.lessons] == ["Write to parents"]


def test_a_reply_cannot_predate_the_receipt() -> None:
    complaint = a_complaint()
    with pytest.raises(ResponseBeforeReceipt, match="cannot predate the receipt"):
        complaint.respond(
            on(date(2026, 2, 1)), outcome=ComplaintOutcome.UPHELD, note=""
        )


def test_a_later_stage_reply_cannot_predate_the_escalation_to_it() -> None:
    complaint = a_complaint()
    complaint.escalate(on(date(2026, 3, 1)), to_stage=STAGE_2, reason="")
    with pytest.raises(ResponseBeforeReceipt, match="escalation of complaint"):
        complaint.respond(
            on(date(2026, 2, 20)), outcome=ComplaintOutcome.UPHELD, note=""
        )


def test_an_escalation_cannot_predate_the_reply_it_follows() -> None:
    complaint = a_complaint()
    complaint.respond(on(date(2026, 2, 10)), outcome=ComplaintOutcome.UPHELD, note="")
    with pytest.raises(EscalationOutOfOrder, match="was answered at stage 1"):
        complaint.escalate(on(date(2026, 2, 9)), to_stage=STAGE_2, reason="")


def test_an_escalation_cannot_predate_the_receipt() -> None:
    complaint = a_complaint()
    with pytest.raises(EscalationOutOfOrder, match="reached stage 1"):
        complaint.escalate(on(date(2026, 2, 1)), to_stage=STAGE_2, reason="")


def test_several_lessons_may_be_recorded_but_not_empty_or_early_ones() -> None:
    complaint = a_complaint()
    complaint.record_lesson(on(date(2026, 2, 3)), lesson="One")
    complaint.record_lesson(on(date(2026, 2, 4)), lesson="Two")
    assert len(complaint.lessons) == 2
    with pytest.raises(InvalidValue, match="lesson needs"):
        complaint.record_lesson(on(date(2026, 2, 5)), lesson="  ")
    with pytest.raises(DateTooEarly):
        complaint.record_lesson(on(date(2026, 2, 1)), lesson="Early")


@pytest.mark.parametrize("typed", ["2", "stage-2", "Stage 2", 2])
def test_a_stage_may_be_typed_as_a_number_or_with_the_word_stage(
    typed: str | int,
) -> None:
    assert ComplaintStage.parse(typed) is ComplaintStage.STAGE_2


def test_an_unknown_stage_lists_the_stages() -> None:
    with pytest.raises(UnknownChoice, match="unknown complaint stage '4'; allowed: 1"):
        ComplaintStage.parse("4")


def test_a_compliment_needs_a_summary() -> None:
    with pytest.raises(InvalidValue, match="summary"):
        Compliment.receive(
            on(RECEIVED),
            compliment_id="CPL-0001",
            team=Team.SAFEGUARDING,
            case_ref=None,
            staff_member=None,
            summary=" ",
        )


# The application, on both stores.

FEB = date(2026, 2, 10)


def receive(app: QALedger, **overrides: object) -> str:
    arguments: dict[str, object] = {
        "team": "safeguarding",
        "category": "communication",
        "case_ref": "LL-1001",
        "on": FEB,
    }
    arguments.update(overrides)
    return app.complaints.receive("TM1", **arguments)  # type: ignore[arg-type]


def test_complaints_get_readable_sequential_ids(council: QALedger) -> None:
    assert (receive(council), receive(council)) == ("CMP-0001", "CMP-0002")
    shown = council.complaints.show("cmp-2")
    assert shown["complaint_id"] == "CMP-0002"
    assert council.complaints.show("1")["case_ref"] == "LL-1001"
    assert (shown["stage"], shown["status"], shown["flagged_for_ssmt"]) == (
        1,
        "open",
        False,
    )


def test_the_administrator_records_complaints_too(council: QALedger) -> None:
    complaint_id = council.complaints.receive(
        "ADM1", team="leaving-care", category="delay", on=FEB
    )
    assert council.complaints.show(complaint_id)["received_by"] == "ADM1"


def test_a_complaint_through_every_stage(council: QALedger) -> None:
    complaint_id = receive(council)
    council.complaints.respond(
        "TM1", complaint_id=complaint_id, outcome="not-upheld", on=date(2026, 2, 20)
    )
    council.complaints.escalate(
        "HOS1",
        complaint_id=complaint_id,
        to_stage="2",
        reason="Family not satisfied",
        on=date(2026, 3, 1),
    )
    council.complaints.respond(
        "HOS1", complaint_id=complaint_id, outcome="partly upheld", on=date(2026, 4, 1)
    )
    council.complaints.escalate(
        "HOS1", complaint_id=complaint_id, to_stage="stage-3", on=date(2026, 4, 10)
    )
    council.complaints.respond(
        "ADM1", complaint_id=complaint_id, outcome="upheld", on=date(2026, 5, 20)
    )
    council.complaints.record_lesson(
        "TM1",
        complaint_id=complaint_id,
        lesson="Confirm meeting dates in writing",
        on=date(2026, 6, 1),
    )
    shown = council.complaints.show(complaint_id)
    assert (shown["stage"], shown["status"], shown["flagged_for_ssmt"]) == (
        3,
        "closed",
        True,
    )
    assert [r["outcome"] for r in shown["responses"]] == [
        "not-upheld",
        "partly-upheld",
        "upheld",
    ]
    assert shown["lessons"][0]["lesson"] == "Confirm meeting dates in writing"
    assert [e["reason"] for e in shown["escalations"]] == ["Family not satisfied", None]


def test_unknown_team_and_category_are_refused_listing_what_is_allowed(
    council: QALedger,
) -> None:
    refused(
        council,
        UnknownChoice,
        lambda: receive(council, team="marketing"),
        match="unknown team 'marketing'; allowed: referral-and-assessment",
    )
    refused(
        council,
        UnknownChoice,
        lambda: receive(council, category="parking"),
        match="unknown complaint category 'parking'; allowed: communication, delay",
    )


def test_a_complaint_about_an_unknown_case_is_refused(council: QALedger) -> None:
    refused(council, NoSuchCase, lambda: receive(council, case_ref="LL-404"))


def test_an_unknown_stage_or_outcome_is_refused_listing_what_is_allowed(
    council: QALedger,
) -> None:
    complaint_id = receive(council)
    refused(
        council,
        UnknownChoice,
        lambda: council.complaints.escalate(
            "TM1", complaint_id=complaint_id, to_stage="4", on=FEB
        ),
        match="allowed: 1, 2, 3",
    )
    refused(
        council,
        UnknownChoice,
        lambda: council.complaints.respond(
            "TM1", complaint_id=complaint_id, outcome="resolved", on=FEB
        ),
        match="allowed: upheld, partly-upheld, not-upheld",
    )


def test_skipping_a_stage_writes_nothing(council: QALedger) -> None:
    complaint_id = receive(council)
    refused(
        council,
        StageSkipped,
        lambda: council.complaints.escalate(
            "TM1", complaint_id=complaint_id, to_stage=3, on=FEB
        ),
    )


def test_escalating_past_stage_3_writes_nothing(council: QALedger) -> None:
    complaint_id = receive(council)
    for stage in (2, 3):
        council.complaints.escalate(
            "TM1", complaint_id=complaint_id, to_stage=stage, on=FEB
        )
    refused(
        council,
        FinalStageReached,
        lambda: council.complaints.escalate(
            "TM1", complaint_id=complaint_id, to_stage=3, on=FEB
        ),
    )


def test_a_second_reply_at_a_stage_and_anything_after_the_final_one_write_nothing(
    council: QALedger,
) -> None:
    complaint_id = receive(council)
    council.complaints.respond(
        "TM1", complaint_id=complaint_id, outcome="upheld", on=FEB
    )
    refused(
        council,
        AlreadyResponded,
        lambda: council.complaints.respond(
            "TM1", complaint_id=complaint_id, outcome="upheld", on=FEB
        ),
    )
    for stage in (2, 3):
        council.complaints.escalate(
            "TM1", complaint_id=complaint_id, to_stage=stage, on=FEB
        )
    council.complaints.respond(
        "TM1", complaint_id=complaint_id, outcome="not-upheld", on=FEB
    )
    refused(
        council,
        ComplaintClosed,
        lambda: council.complaints.respond(
            "TM1", complaint_id=complaint_id, outcome="upheld", on=FEB
        ),
    )
    council.complaints.record_lesson(
        "TM1", complaint_id=complaint_id, lesson="Lesson", on=FEB
    )


def test_a_reply_dated_before_receipt_writes_nothing(council: QALedger) -> None:
    complaint_id = receive(council)
    refused(
        council,
        ResponseBeforeReceipt,
        lambda: council.complaints.respond(
            "TM1", complaint_id=complaint_id, outcome="upheld", on=date(2026, 2, 9)
        ),
    )


def test_an_escalation_dated_before_receipt_writes_nothing(council: QALedger) -> None:
    complaint_id = receive(council)
    refused(
        council,
        EscalationOutOfOrder,
        lambda: council.complaints.escalate(
            "TM1", complaint_id=complaint_id, to_stage=2, on=date(2026, 2, 9)
        ),
    )


def test_an_empty_lesson_writes_nothing(council: QALedger) -> None:
    complaint_id = receive(council)
    refused(
        council,
        InvalidValue,
        lambda: council.complaints.record_lesson(
            "TM1", complaint_id=complaint_id, lesson=" ", on=FEB
        ),
    )


def test_an_unknown_complaint_is_refused(council: QALedger) -> None:
    refused(
        council,
        NoSuchComplaint,
        lambda: council.complaints.respond(
            "TM1", complaint_id="CMP-0404", outcome="upheld", on=FEB
        ),
        match="no such complaint: 'CMP-0404'",
    )


def test_a_social_worker_may_not_record_a_complaint(council: QALedger) -> None:
    refused(
        council,
        RoleNotPermitted,
        lambda: council.complaints.receive(
            "SW1", team="safeguarding", category="delay", on=FEB
        ),
        match="administrator",
    )


def test_a_compliment_names_a_team_and_perhaps_a_case_and_a_worker(
    council: QALedger,
) -> None:
    compliment_id = council.complaints.receive_compliment(
        "TM1",
        team="safeguarding",
        case_ref="LL-1001",
        staff_member="SW1",
        summary="Mum thanked the worker",
        on=FEB,
    )
    assert compliment_id == "CPL-0001"
    assert council.complaints.show_compliment("cpl-1") == {
        "compliment_id": "CPL-0001",
        "team": "safeguarding",
        "case_ref": "LL-1001",
        "staff_member": "SW1",
        "summary": "Mum thanked the worker",
        "received_on": "2026-02-10",
        "received_by": "TM1",
    }
    assert receive(council) == "CMP-0001", "complaints number on their own"


def test_a_compliment_about_unknown_people_cases_or_teams_is_refused(
    council: QALedger,
) -> None:
    refused(
        council,
        NoSuchStaffMember,
        lambda: council.complaints.receive_compliment(
            "TM1", team="safeguarding", staff_member="GHOST", summary="s", on=FEB
        ),
    )
    refused(
        council,
        NoSuchCase,
        lambda: council.complaints.receive_compliment(
            "TM1", team="safeguarding", case_ref="LL-404", summary="s", on=FEB
        ),
    )
    refused(
        council,
        UnknownChoice,
        lambda: council.complaints.receive_compliment(
            "TM1", team="bakery", summary="s", on=FEB
        ),
    )
    refused(
        council,
        InvalidValue,
        lambda: council.complaints.receive_compliment(
            "TM1", team="safeguarding", summary=" ", on=FEB
        ),
    )
    with pytest.raises(NoSuchCompliment):
        council.complaints.show_compliment("CPL-0001")
