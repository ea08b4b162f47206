"""§2.2 management oversight: lifecycle triggers and the decisions that must
follow them, on both stores."""

from __future__ import annotations

from datetime import date

from ledger.application import QALedger
from ledger.errors import (
    ClosureFunctionRequired,
    InvalidTransition,
    RoleNotPermitted,
    UnknownChoice,
)
from ledger.storage.store import locate
from tests.conftest import event_count
from tests.helpers.cli import run
from tests.helpers.refusals import refused

DAY = date(2026, 3, 2)


def test_a_trigger_and_its_decision_are_both_on_the_case(council: QALedger) -> None:
    council.cases.record_trigger(
        "SW1", case_ref="LL-1001", trigger="cp-conference", note="Strategy", on=DAY
    )
    council.cases.record_decision(
        "TM1",
        case_ref="LL-1001",
        kind="cp-conference",
        function="case-management-decision",
        rationale="Threshold met",
        on=DAY,
    )
    case = council.cases.show("LL-1001")
    assert case["triggers"] == [{"trigger": "cp-conference", "on": "2026-03-02"}]
    assert case["decisions"][0]["decided_by"] == "TM1"
    assert case["decisions"][0]["function"] == "case-management-decision"


def test_a_transfer_to_leaving_care_is_itself_a_trigger(council: QALedger) -> None:
    council.cases.transfer("TM1", case_ref="LL-1001", to_team="leaving-care", on=DAY)
    council.cases.transfer("TM1", case_ref="LL-1001", to_team="safeguarding", on=DAY)
    triggers = [t["trigger"] for t in council.cases.show("LL-1001")["triggers"]]
    assert triggers == ["transfer-to-leaving-care"]


def test_closing_is_a_trigger_and_needs_the_case_closure_function(
    council: QALedger,
) -> None:
    refused(
        council,
        ClosureFunctionRequired,
        lambda: council.cases.close(
            "TM1",
            case_ref="LL-1001",
            reason="needs met",
            function="case-management-decision",
            on=DAY,
        ),
        match="Case Closure Function",
    )
    council.cases.close(
        "TM1", case_ref="LL-1001", reason="needs met", function="case-closure", on=DAY
    )
    assert council.cases.show("LL-1001")["triggers"][-1]["trigger"] == "case-closure"


def test_transfer_and_closure_triggers_come_from_their_own_commands(
    council: QALedger,
) -> None:
    refused(
        council,
        InvalidTransition,
        lambda: council.cases.record_trigger(
            "TM1", case_ref="LL-1001", trigger="case-closure", on=DAY
        ),
        match="qaledger case close",
    )


def test_unknown_trigger_and_function_list_what_is_allowed(council: QALedger) -> None:
    refused(
        council,
        UnknownChoice,
        lambda: council.cases.record_trigger(
            "TM1", case_ref="LL-1001", trigger="party"
        ),
        match="cp-conference",
    )
    refused(
        council,
        UnknownChoice,
        lambda: council.cases.record_decision(
            "TM1",
            case_ref="LL-1001",
            kind="accommodation",
            function="email",
            rationale="r",
        ),
        match="case-management-decision, supervision-record",
    )


def test_only_a_manager_decides(council: QALedger) -> None:
    refused(
        council,
        RoleNotPermitted,
        lambda: council.cases.record_decision(
            "ADM1",
            case_ref="LL-1001",
            kind="accommodation",
            function="supervision-record",
            rationale="r",
            decided_by="SW1",
            on=DAY,
        ),
        match="make a management decision",
    )


def test_a_decision_cannot_be_dated_after_closure(council: QALedger) -> None:
    council.cases.close(
        "TM1", case_ref="LL-1001", reason="x", function="case-closure", on=DAY
    )
    refused(
        council,
        InvalidTransition,
        lambda: council.cases.record_decision(
            "TM1",
            case_ref="LL-1001",
            kind="case-closure",
            function="case-management-decision",
            rationale="late",
            on=date(2026, 3, 3),
        ),
    )
    council.cases.record_decision(
        "TM1",
        case_ref="LL-1001",
        kind="case-closure",
        function="case-management-decision",
        rationale="back-dated to the day",
        on=DAY,
    )


def test_close_without_function_is_refused_through_the_cli(db_url: str) -> None:
    run(db_url, "init", "--admin", "ADM1", "--name", "A", "--on", "2026-01-05")
    run(
        db_url,
        "staff",
        "join",
        "TM1",
        "--name",
        "T",
        "--role",
        "team-manager",
        "--team",
        "safeguarding",
        "--as",
        "ADM1",
        "--on",
        "2026-01-05",
    )
    run(
        db_url,
        "case",
        "open",
        "LL-1",
        "--team",
        "safeguarding",
        "--district",
        "N",
        "--worker",
        "TM1",
        "--as",
        "TM1",
        "--on",
        "2026-01-05",
    )
    app = QALedger(locate(db_url).env)
    before = event_count(app)
    result = run(db_url, "case", "close", "LL-1", "--reason", "done", "--as", "TM1")
    assert result.exit_code == 1
    assert "Case Closure Function" in result.output
    assert event_count(app) == before
    app.close()
