"""§2.3 supervision on both stores: who may supervise whom, and when."""

from __future__ import annotations

import json
from datetime import date

from ledger.application import QALedger
from ledger.errors import (
    IdAlreadyUsed,
    NoSuchCase,
    NotALineManager,
    RoleNotPermitted,
    SuperviseeHasLeft,
    UnknownChoice,
)
from tests.helpers.cli import run
from tests.helpers.refusals import refused

DAY = date(2026, 3, 2)


def test_a_team_manager_supervises_a_worker_in_their_team(council: QALedger) -> None:
    council.supervision.record(
        "TM1",
        supervisee="SW1",
        cases_discussed=["LL-1001"],
        decisions_recorded_on_child_files=True,
        reflective_discussion_held=True,
        on=DAY,
    )
    council.supervision.record("TM1", supervisee="SW1", on=date(2026, 3, 30))
    sessions = council.supervision.show("SW1")["sessions"]
    assert [s["supervised_on"] for s in sessions] == ["2026-03-02", "2026-03-30"]
    assert sessions[0]["cases_discussed"] == ["LL-1001"]
    assert sessions[0]["decisions_recorded_on_child_files"] is True


def test_a_manager_of_another_team_may_not_supervise(council: QALedger) -> None:
    refused(
        council,
        NotALineManager,
        lambda: council.supervision.record("TM2", supervisee="SW1", on=DAY),
        match="head of service or above",
    )


def test_a_head_of_service_supervises_across_teams(council: QALedger) -> None:
    council.supervision.record("HOS1", supervisee="TM2", on=DAY)
    assert len(council.supervision.show("TM2")["sessions"]) == 1


def test_a_manager_may_not_supervise_a_peer_or_themselves(council: QALedger) -> None:
    refused(
        council,
        NotALineManager,
        lambda: council.supervision.record("HOS1", supervisee="HOS2", on=DAY),
    )
    refused(
        council,
        NotALineManager,
        lambda: council.supervision.record("HOS1", supervisee="HOS1", on=DAY),
    )


def test_nobody_is_supervised_after_leaving(council: QALedger) -> None:
    council.staff.leave("ADM1", staff_id="SW1", on=date(2026, 2, 27))
    refused(
        council,
        SuperviseeHasLeft,
        lambda: council.supervision.record("TM1", supervisee="SW1", on=DAY),
        match="left on 2026-02-27",
    )
    council.supervision.record("TM1", supervisee="SW1", on=date(2026, 2, 27))


def test_a_social_worker_cannot_record_supervision(council: QALedger) -> None:
    refused(
        council,
        RoleNotPermitted,
        lambda: council.supervision.record("SW2", supervisee="SW1", on=DAY),
    )


def test_cases_discussed_must_exist(council: QALedger) -> None:
    refused(
        council,
        NoSuchCase,
        lambda: council.supervision.record(
            "TM1", supervisee="SW1", cases_discussed=["LL-404"], on=DAY
        ),
    )


def test_pdr_and_annual_file_audit_are_kept_on_the_file(council: QALedger) -> None:
    council.supervision.record_development_review(
        "TM1", supervisee="SW1", needs="Court skills", on=DAY
    )
    council.supervision.audit_file(
        "HOS1", supervisee="SW1", outcome="partly-effective", note="Gaps", on=DAY
    )
    file = council.supervision.show("SW1")
    assert file["development_reviews"][0]["needs"] == "Court skills"
    assert file["file_audits"][0]["outcome"] == "partly-effective"


def test_file_audit_outcome_and_auditor_role_are_checked(council: QALedger) -> None:
    refused(
        council,
        UnknownChoice,
        lambda: council.supervision.audit_file(
            "HOS1", supervisee="SW1", outcome="fine", on=DAY
        ),
        match="effective, partly-effective, not-effective",
    )
    refused(
        council,
        RoleNotPermitted,
        lambda: council.supervision.audit_file(
            "TM1", supervisee="SW1", outcome="effective", on=DAY
        ),
        match="head-of-service",
    )


def test_the_survey_is_recorded_once_a_year(council: QALedger) -> None:
    council.supervision.record_survey(
        "QA1", year=2025, responses=40, summary="Mostly monthly", on=DAY
    )
    refused(
        council,
        IdAlreadyUsed,
        lambda: council.supervision.record_survey(
            "QA1", year=2025, responses=41, summary="Again", on=DAY
        ),
    )


def test_supervision_through_the_cli(db_url: str) -> None:
    on = ["--on", "2026-01-05"]
    run(db_url, "init", "--admin", "ADM1", "--name", "A", *on)
    for staff_id, role in (("TM1", "team-manager"), ("SW1", "social-worker")):
        run(
            db_url,
            "staff",
            "join",
            staff_id,
            "--name",
            staff_id,
            "--role",
            role,
            "--team",
            "safeguarding",
            "--as",
            "ADM1",
            *on,
        )
    result = run(
        db_url,
        "supervision",
        "record",
        "SW1",
        "--reflective",
        "--as",
        "TM1",
        "--on",
        "2026-02-01",
    )
    assert result.exit_code == 0, result.output
    shown = json.loads(run(db_url, "supervision", "show", "SW1", "--json").output)
    assert shown["sessions"][0]["reflective_discussion_held"] is True
    refused_result = run(db_url, "supervision", "record", "TM1", "--as", "SW1")
    assert refused_result.exit_code == 1
    assert refused_result.output.startswith("Error: the social-worker role may not")
