"""The six-monthly audit cycle and other samples, on both stores."""

from __future__ import annotations

import json
from datetime import date

import pytest

from ledger.application import QALedger
from ledger.errors import (
    AllocationRefused,
    IdAlreadyUsed,
    InvalidTransition,
    InvalidValue,
    RoleNotPermitted,
)
from tests.conftest import START, event_count
from tests.helpers.cli import run
from tests.helpers.refusals import refused

DRAW_DAY = date(2026, 6, 1)
TEAMS = {"safeguarding": ("TM1", "SW1"), "looked-after-children": ("TM2", "SW2")}


@pytest.fixture
def caseload(council: QALedger) -> QALedger:
    """Twelve open cases across two teams, one of them audited recently, one
    closed, and enough auditors."""
    app = council
    for n in range(10):
        team = "safeguarding" if n < 6 else "looked-after-children"
        app.cases.open(
            TEAMS[team][0],
            case_ref=f"LL-2{n:02d}",
            team=team,
            district="North",
            worker=TEAMS[team][1],
            on=START,
        )
    app.cases.close(
        "TM1", case_ref="LL-205", reason="x", function="case-closure", on=START
    )
    audit_id = app.audits.schedule(
        "QA1",
        kind="thematic",
        auditor="TM2",
        week=START,
        case_ref="LL-200",
        theme="Voice",
        on=START,
    )
    app.audits.start("TM2", audit_id=audit_id, on=date(2026, 2, 1))
    for staff_id in ("DTM9", "TM8"):
        app.staff.join(
            "ADM1",
            staff_id=staff_id,
            name=staff_id,
            role="team-manager",
            team="leaving-care",
            on=START,
        )
    return app


def test_the_sample_leaves_out_closed_and_recently_audited_cases(
    caseload: QALedger,
) -> None:
    caseload.programme.open_cycle("QA1", period="2026H1", target_size=20, on=DRAW_DAY)
    sample = caseload.programme.draw_sample("QA1", period="2026H1", seed=3, on=DRAW_DAY)
    drawn = set(sample["drawn"])
    assert "LL-205" not in drawn and "LL-200" not in drawn  # closed; audited
    assert "LL-1001" in drawn  # given_a_council's case
    assert len(drawn) == 9
    assert sample["population"]["looked-after-children"] == [
        "LL-206",
        "LL-207",
        "LL-208",
        "LL-209",
    ]


def test_teams_are_represented_in_proportion(caseload: QALedger) -> None:
    caseload.programme.open_cycle("QA1", period="2026H1", target_size=3, on=DRAW_DAY)
    sample = caseload.programme.draw_sample("QA1", period="2026H1", seed=3, on=DRAW_DAY)
    # 5 safeguarding and 4 looked-after-children cases are eligible: 2 and 1.
    teams = sorted(caseload.cases.show(ref)["team"] for ref in sample["drawn"])
    assert teams == ["looked-after-children", "safeguarding", "safeguarding"]


def test_the_same_seed_and_ledger_give_the_same_sample(caseload: QALedger) -> None:
    caseload.programme.open_cycle("QA1", period="2026H1", target_size=4, on=DRAW_DAY)
    caseload.programme.open_cycle("QA1", period="2026H2", target_size=4, on=DRAW_DAY)
    first = caseload.programme.draw_sample("QA1", period="2026H1", seed=11, on=DRAW_DAY)
    second = caseload.programme.draw_sample(
        "QA1", period="2026H2", seed=11, on=DRAW_DAY
    )
    assert first["drawn"] == second["drawn"]
    caseload.programme.open_cycle("QA1", period="2027H1", target_size=4, on=DRAW_DAY)
    third = caseload.programme.draw_sample("QA1", period="2027H1", seed=12, on=DRAW_DAY)
    assert third["drawn"] != first["drawn"]


def test_redraw_check_recomputes_population_and_sample(caseload: QALedger) -> None:
    caseload.programme.open_cycle("QA1", period="2026H1", target_size=5, on=DRAW_DAY)
    caseload.programme.draw_sample("QA1", period="2026H1", seed=5, on=DRAW_DAY)
    # Later events do not change a redraw: it reads the log as it stood.
    caseload.cases.close(
        "TM1", case_ref="LL-201", reason="x", function="case-closure", on=DRAW_DAY
    )
    check = caseload.programme.redraw_check("2026H1")
    assert check["population_matches"] and check["sample_matches"]
    assert check["redrawn"] == check["drawn"]


def test_a_sample_is_drawn_once(caseload: QALedger) -> None:
    caseload.programme.open_cycle("QA1", period="2026H1", target_size=5, on=DRAW_DAY)
    caseload.programme.draw_sample("QA1", period="2026H1", seed=5, on=DRAW_DAY)
    refused(
        caseload,
        InvalidTransition,
        lambda: caseload.programme.draw_sample("QA1", period="2026H1", seed=6),
        match="drawn once",
    )
    refused(
        caseload,
        IdAlreadyUsed,
        lambda: caseload.programme.open_cycle("QA1", period="2026h1"),
    )


def test_allocation_schedules_one_audit_per_case_with_fair_auditors(
    caseload: QALedger,
) -> None:
    caseload.programme.open_cycle("QA1", period="2026H1", target_size=3, on=DRAW_DAY)
    drawn = caseload.programme.draw_sample("QA1", period="2026H1", seed=2, on=DRAW_DAY)
    allocations = caseload.programme.allocate(
        "QA1",
        period="2026H1",
        auditors=["TM1", "TM2", "TM8"],
        week=date(2026, 6, 10),
        on=DRAW_DAY,
    )
    assert set(allocations) == set(drawn["drawn"])
    for ref, plan in allocations.items():
        audit = caseload.audits.show(plan["audit_id"])
        case = caseload.cases.show(ref)
        assert audit["cycle"] == "2026H1"
        assert audit["kind"] == "whole-case-file"
        assert plan["auditor"] != case["allocated_worker"]
        manager = TEAMS[case["team"]][0]
        assert plan["auditor"] != manager


def test_allocation_refuses_an_unfair_or_miscounted_set_of_auditors(
    caseload: QALedger,
) -> None:
    caseload.programme.open_cycle("QA1", period="2026H1", target_size=2, on=DRAW_DAY)
    drawn = caseload.programme.draw_sample("QA1", period="2026H1", seed=2, on=DRAW_DAY)
    refused(
        caseload,
        AllocationRefused,
        lambda: caseload.programme.allocate(
            "QA1", period="2026H1", auditors=["TM8"], week=DRAW_DAY, on=DRAW_DAY
        ),
        match="give one auditor per case",
    )
    managers = [TEAMS[caseload.cases.show(ref)["team"]][0] for ref in drawn["drawn"]]
    if len(set(managers)) == 1:  # both cases in one team: its manager twice
        auditors = [managers[0], "TM8"]
        refused(
            caseload,
            AllocationRefused,
            lambda: caseload.programme.allocate(
                "QA1", period="2026H1", auditors=auditors, week=DRAW_DAY, on=DRAW_DAY
            ),
            match="no fair allocation",
        )
    refused(
        caseload,
        RoleNotPermitted,
        lambda: caseload.programme.allocate(
            "QA1",
            period="2026H1",
            auditors=["SW1", "TM8"],
            week=DRAW_DAY,
            on=DRAW_DAY,
        ),
        match="undertake audits",
    )


def test_closing_a_cycle_sets_its_action_plan(caseload: QALedger) -> None:
    caseload.programme.open_cycle("QA1", period="2026H1", target_size=1, on=DRAW_DAY)
    caseload.programme.draw_sample("QA1", period="2026H1", seed=2, on=DRAW_DAY)
    caseload.programme.allocate(
        "QA1", period="2026H1", auditors=["TM8"], week=DRAW_DAY, on=DRAW_DAY
    )
    action_ids = caseload.programme.close_cycle(
        "QA1",
        period="2026H1",
        findings="Plans lack timescales",
        actions=[("TM1", "Planning workshop"), ("TM2", "Dip sample plans")],
        on=date(2026, 6, 20),
    )
    assert len(action_ids) == 2
    action = caseload.actions.show(action_ids[0])
    assert action["source_cycle"] == "2026H1"
    assert action["due_on"] == "2026-07-20"
    assert caseload.programme.show_cycle("2026H1")["status"] == "closed"


def test_a_head_of_service_samples_a_team_and_schedules_their_audits(
    caseload: QALedger,
) -> None:
    record = caseload.programme.draw_hos_sample(
        "HOS1",
        team="safeguarding",
        month="2026-06",
        size=2,
        week=DRAW_DAY,
        seed=9,
        on=DRAW_DAY,
    )
    assert len(record["audit_ids"]) == 2
    for audit_id, ref in zip(
        record["audit_ids"], record["sample"]["drawn"], strict=True
    ):
        audit = caseload.audits.show(audit_id)
        assert (audit["kind"], audit["auditor"], audit["case_ref"]) == (
            "hos-random-sample",
            "HOS1",
            ref,
        )
        assert caseload.cases.show(ref)["team"] == "safeguarding"
    assert caseload.programme.redraw_check("2026-06/safeguarding")["sample_matches"]
    refused(
        caseload,
        RoleNotPermitted,
        lambda: caseload.programme.draw_hos_sample(
            "TM1", team="safeguarding", month="2026-07", size=1, week=DRAW_DAY
        ),
    )


def test_a_thematic_schedule_checks_its_dates(caseload: QALedger) -> None:
    key = caseload.programme.plan_thematic(
        "QA1",
        month="2026-06",
        theme="Child's voice",
        week=date(2026, 6, 8),
        auditors=["TM1", "HOS1"],
        findings_due_on=date(2026, 6, 24),
        on=DRAW_DAY,
    )
    assert key == "2026-06/child's voice"
    refused(
        caseload,
        InvalidValue,
        lambda: caseload.programme.plan_thematic(
            "QA1",
            month="2026-06",
            theme="Plans",
            week=date(2026, 7, 8),
            auditors=["TM1"],
            findings_due_on=date(2026, 7, 24),
        ),
        match="not in 2026-06",
    )


def test_the_cycle_through_the_cli(caseload: QALedger, db_url: str) -> None:
    caseload.programme.open_cycle("QA1", period="2026H1", target_size=2, on=DRAW_DAY)
    result = run(
        db_url, "cycle", "draw", "2026H1", "--seed", "4", "--as", "QA1", "--json"
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["drawn"]) == 2
    check = run(db_url, "cycle", "redraw-check", "2026H1")
    assert check.exit_code == 0, check.output
    assert "the same 2 cases" in check.output
    before = event_count(caseload)
    bad = run(
        db_url,
        "cycle",
        "close",
        "2026H1",
        "--findings",
        "x",
        "--action",
        "no-equals-sign",
        "--as",
        "QA1",
    )
    assert bad.exit_code == 2
    assert event_count(caseload) == before
