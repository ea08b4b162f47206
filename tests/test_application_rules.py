"""Every rule the application enforces, on both stores: a refused command
raises its named error and leaves the ledger exactly as it was."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.application import QALedger
from ledger.errors import (
    DateInFuture,
    DateTooEarly,
    FollowUpOutOfOrder,
    GradingRequired,
    IdAlreadyUsed,
    InvalidValue,
    LedgerAlreadyInitialised,
    LedgerNotInitialised,
    ModerationMismatch,
    NoSuchAction,
    NoSuchAudit,
    NoSuchCase,
    NoSuchStaffMember,
    NotAssignedAuditor,
    RoleNotPermitted,
    StaffMemberHasLeft,
    UnknownChoice,
)
from tests.conftest import TODAY, given_a_started_audit
from tests.helpers.refusals import refused

FEB = date(2026, 2, 10)


def test_commands_on_an_empty_ledger_ask_for_init(ledger: QALedger) -> None:
    refused(
        ledger,
        LedgerNotInitialised,
        lambda: ledger.staff.join(
            "ADM1", staff_id="X", name="X", role="iro", team="iro"
        ),
        match="qaledger init",
    )


def test_init_happens_once(council: QALedger) -> None:
    refused(
        council,
        LedgerAlreadyInitialised,
        lambda: council.staff.init(admin_id="A2", name="A"),
    )


def test_unknown_role_is_refused_with_the_roles_allowed(council: QALedger) -> None:
    error = refused(
        council,
        UnknownChoice,
        lambda: council.staff.join("ADM1", staff_id="X1", name="X", role="wizard"),
    )
    assert "team-manager" in str(error) and "social-worker" in str(error)


def test_unknown_team_is_refused_with_the_teams_allowed(council: QALedger) -> None:
    refused(
        council,
        UnknownChoice,
        lambda: council.cases.open(
            "TM1", case_ref="LL-2", team="marketing", district="N", worker="SW1"
        ),
        match="safeguarding",
    )


def test_unknown_grade_is_refused_with_the_grades_allowed(council: QALedger) -> None:
    audit_id = given_a_started_audit(council)
    refused(
        council,
        UnknownChoice,
        lambda: council.audits.grade(
            "TM2", audit_id=audit_id, grade="excellent", on=FEB
        ),
        match="outstanding, good, requires-improvement, inadequate",
    )


def test_unknown_audit_kind_is_refused(council: QALedger) -> None:
    refused(
        council,
        UnknownChoice,
        lambda: council.audits.schedule(
            "QA1", kind="spot-check", auditor="TM2", week=FEB, case_ref="LL-1001"
        ),
        match="whole-case-file",
    )


def test_unknown_ids_are_refused_with_no_such(council: QALedger) -> None:
    refused(
        council,
        NoSuchCase,
        lambda: council.cases.close(
            "TM1", case_ref="NOPE", reason="x", function="case-closure"
        ),
    )
    refused(
        council,
        NoSuchStaffMember,
        lambda: council.cases.open(
            "TM1", case_ref="LL-9", team="safeguarding", district="N", worker="GHOST"
        ),
    )
    refused(
        council, NoSuchAudit, lambda: council.audits.start("TM2", audit_id="AUD-0999")
    )
    refused(
        council,
        NoSuchAction,
        lambda: council.actions.complete("SW1", action_id="ACT-0999"),
    )
    refused(
        council, NoSuchStaffMember, lambda: council.staff.leave("GHOST", staff_id="SW1")
    )


@pytest.mark.parametrize("reader", ["INS1", "DA1"])
def test_read_only_roles_can_change_nothing(council: QALedger, reader: str) -> None:
    refused(
        council,
        RoleNotPermitted,
        lambda: council.cases.close(
            reader, case_ref="LL-1001", reason="x", function="case-closure"
        ),
        match="team-manager",
    )


def test_ids_are_never_reused(council: QALedger) -> None:
    refused(
        council,
        IdAlreadyUsed,
        lambda: council.staff.join(
            "ADM1", staff_id="SW1", name="Another", role="iro", team="iro"
        ),
    )
    refused(
        council,
        IdAlreadyUsed,
        lambda: council.cases.open(
            "TM1", case_ref="LL-1001", team="safeguarding", district="N", worker="SW1"
        ),
    )


def test_a_staff_member_who_left_cannot_be_reused_or_act(council: QALedger) -> None:
    council.staff.leave("ADM1", staff_id="TM1", on=FEB)
    refused(
        council,
        StaffMemberHasLeft,
        lambda: council.cases.close(
            "TM1", case_ref="LL-1001", reason="x", function="case-closure", on=TODAY
        ),
    )
    refused(
        council,
        IdAlreadyUsed,
        lambda: council.staff.join(
            "ADM1", staff_id="TM1", name="Back", role="team-manager", team="iro"
        ),
    )


def test_audit_and_action_ids_count_up_and_are_readable(council: QALedger) -> None:
    first = given_a_started_audit(council)
    second = given_a_started_audit(council)
    assert (first, second) == ("AUD-0001", "AUD-0002")
    assert council.audits.show("aud-2")["audit_id"] == "AUD-0002"
    assert council.audits.show("2")["audit_id"] == "AUD-0002"


def test_dates_in_the_future_are_refused(council: QALedger) -> None:
    refused(
        council,
        DateInFuture,
        lambda: council.cases.close(
            "TM1",
            case_ref="LL-1001",
            reason="x",
            function="case-closure",
            on=date(2026, 7, 1),
        ),
        match="2026-07-01 is in the future",
    )


def test_back_dated_entries_are_accepted_and_keep_both_dates(council: QALedger) -> None:
    council.cases.close(
        "TM1", case_ref="LL-1001", reason="needs met", function="case-closure", on=FEB
    )
    assert council.cases.show("LL-1001")["closed_on"] == "2026-02-10"


def test_an_event_cannot_predate_the_case_it_is_about(council: QALedger) -> None:
    refused(
        council,
        DateTooEarly,
        lambda: council.cases.close(
            "TM1",
            case_ref="LL-1001",
            reason="x",
            function="case-closure",
            on=date(2026, 1, 4),
        ),
    )


def test_whole_case_file_audit_cannot_complete_without_grading(
    council: QALedger,
) -> None:
    audit_id = given_a_started_audit(council)
    refused(
        council,
        GradingRequired,
        lambda: council.audits.complete("TM2", audit_id=audit_id, on=FEB),
    )


def test_only_the_assigned_auditor_grades(council: QALedger) -> None:
    audit_id = given_a_started_audit(council, auditor="TM2")
    refused(
        council,
        NotAssignedAuditor,
        lambda: council.audits.grade("TM1", audit_id=audit_id, grade="good", on=FEB),
    )


def test_an_auditor_must_hold_an_auditing_role(council: QALedger) -> None:
    refused(
        council,
        RoleNotPermitted,
        lambda: council.audits.schedule(
            "QA1", kind="whole-case-file", auditor="SW2", week=FEB, case_ref="LL-1001"
        ),
        match="undertake audits",
    )


def test_only_a_head_of_service_moderates(council: QALedger) -> None:
    audit_id = given_a_started_audit(council)
    council.audits.grade("TM2", audit_id=audit_id, grade="good", on=FEB)
    refused(
        council,
        RoleNotPermitted,
        lambda: council.audits.moderate(
            "TM1", audit_id=audit_id, replaces="good", grade="inadequate", rationale="x"
        ),
        match="head-of-service",
    )
    refused(
        council,
        ModerationMismatch,
        lambda: council.audits.moderate(
            "HOS1",
            audit_id=audit_id,
            replaces="outstanding",
            grade="good",
            rationale="x",
        ),
    )
    council.audits.moderate(
        "HOS1",
        audit_id=audit_id,
        replaces="good",
        grade="inadequate",
        rationale="Drift",
    )
    assert council.audits.show(audit_id)["grade"] == "inadequate"


def test_thematic_audits_need_a_theme(council: QALedger) -> None:
    refused(
        council,
        InvalidValue,
        lambda: council.audits.schedule(
            "QA1", kind="thematic", auditor="TM2", week=FEB, case_ref="LL-1001"
        ),
        match="theme",
    )


def test_actions_default_to_one_month_after_the_audit(council: QALedger) -> None:
    audit_id = given_a_started_audit(council)  # started 2026-02-03
    action_id = council.actions.set(
        "TM2", audit_id=audit_id, owner="SW1", description="Update plan", on=FEB
    )
    assert council.actions.show(action_id)["due_on"] == "2026-03-03"
    assert council.audits.show(audit_id)["actions"][0]["action_id"] == action_id


def test_follow_ups_cannot_precede_their_action(council: QALedger) -> None:
    audit_id = given_a_started_audit(council)
    action_id = council.actions.set(
        "TM2", audit_id=audit_id, owner="SW1", description="Plan", on=FEB
    )
    refused(
        council,
        FollowUpOutOfOrder,
        lambda: council.actions.review(
            "TM1",
            action_id=action_id,
            outcome="on-track",
            note="x",
            on=date(2026, 2, 9),
        ),
    )


def test_a_social_worker_may_complete_but_not_review_an_action(
    council: QALedger,
) -> None:
    audit_id = given_a_started_audit(council)
    action_id = council.actions.set(
        "TM2", audit_id=audit_id, owner="SW1", description="Plan", on=FEB
    )
    refused(
        council,
        RoleNotPermitted,
        lambda: council.actions.review(
            "SW1", action_id=action_id, outcome="on-track", note="x"
        ),
    )
    council.actions.complete("SW1", action_id=action_id, note="done")
    assert council.actions.show(action_id)["status"] == "completed"
