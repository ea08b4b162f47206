"""Every write command, issued by a role the permission table does not allow,
is refused with an error naming the roles that may, and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from ledger.application import QALedger
from ledger.errors import RoleNotPermitted
from ledger.permissions import PERMISSIONS, allowed_roles
from ledger.vocabulary import Role
from tests.conftest import START, event_count, given_a_council, given_a_started_audit

DAY = date(2026, 2, 10)


def record_a_report(app: QALedger, actor: str, job: str) -> str:
    return app.reports.record(
        actor,
        job=job,
        parameters={"as_of": DAY.isoformat()},
        settings={},
        software={},
        ledger_position=1,
        tree_size=1,
        head_digest="0" * 64,
        outputs={f"{job}.html": "0" * 64},
        on=DAY,
    )


# How each command is issued by ``actor``; the arguments are otherwise valid.
COMMANDS: dict[str, Callable[[QALedger, str], Any]] = {
    "staff join": lambda app, actor: app.staff.join(
        actor, staff_id="NEW1", name="New", role="iro", team="iro", on=DAY
    ),
    "staff change-role": lambda app, actor: app.staff.change_role(
        actor, staff_id="SW2", role="iro", team="iro", on=DAY
    ),
    "staff leave": lambda app, actor: app.staff.leave(actor, staff_id="SW2", on=DAY),
    "staff grant-login": lambda app, actor: app.staff.grant_login(
        actor, staff_id="SW2", login="sw2", on=DAY
    ),
    "case open": lambda app, actor: app.cases.open(
        actor, case_ref="LL-2", team="safeguarding", district="N", worker="SW1", on=DAY
    ),
    "case transfer": lambda app, actor: app.cases.transfer(
        actor, case_ref="LL-1001", to_team="leaving-care", on=DAY
    ),
    "case allocate": lambda app, actor: app.cases.allocate(
        actor, case_ref="LL-1001", worker="SW2", on=DAY
    ),
    "case close": lambda app, actor: app.cases.close(
        actor, case_ref="LL-1001", reason="x", function="case-closure", on=DAY
    ),
    "case trigger": lambda app, actor: app.cases.record_trigger(
        actor, case_ref="LL-1001", trigger="cp-conference", on=DAY
    ),
    "case decide": lambda app, actor: app.cases.record_decision(
        actor,
        case_ref="LL-1001",
        kind="cp-conference",
        function="case-management-decision",
        rationale="r",
        decided_by="TM1",
        on=DAY,
    ),
    "audit schedule": lambda app, actor: app.audits.schedule(
        actor,
        kind="whole-case-file",
        auditor="TM2",
        week=DAY,
        case_ref="LL-1001",
        on=DAY,
    ),
    "audit start": lambda app, actor: app.audits.start(actor, audit_id="AUD-0001"),
    "audit assess": lambda app, actor: app.audits.assess_section(
        actor, audit_id="AUD-0001", section="s", finding="f", on=DAY
    ),
    "audit grade": lambda app, actor: app.audits.grade(
        actor, audit_id="AUD-0001", grade="good", on=DAY
    ),
    "audit concern": lambda app, actor: app.audits.raise_concern(
        actor, audit_id="AUD-0001", concern="c", team_manager="TM1", on=DAY
    ),
    "audit feedback": lambda app, actor: app.audits.give_feedback(
        actor, audit_id="AUD-0001", summary="s", team_manager="TM1", on=DAY
    ),
    "audit alert": lambda app, actor: app.audits.send_alert(
        actor, audit_id="AUD-0001", team_manager="TM1", head_of_service="HOS1", on=DAY
    ),
    "audit record": lambda app, actor: app.audits.record_on_case_system(
        actor, audit_id="AUD-0001", note="n", on=DAY
    ),
    "audit moderate": lambda app, actor: app.audits.moderate(
        actor,
        audit_id="AUD-0001",
        replaces="good",
        grade="good",
        rationale="r",
        on=DAY,
    ),
    "audit complete": lambda app, actor: app.audits.complete(
        actor, audit_id="AUD-0001", on=DAY
    ),
    "audit cancel": lambda app, actor: app.audits.cancel(
        actor, audit_id="AUD-0001", reason="r", on=DAY
    ),
    "action set": lambda app, actor: app.actions.set(
        actor, audit_id="AUD-0001", owner="SW1", description="d", on=DAY
    ),
    "action review": lambda app, actor: app.actions.review(
        actor, action_id="ACT-0001", outcome="on-track", note="n", on=DAY
    ),
    "action complete": lambda app, actor: app.actions.complete(
        actor, action_id="ACT-0001", on=DAY
    ),
    "action oversee": lambda app, actor: app.actions.oversee(
        actor, action_id="ACT-0001", note="n", on=DAY
    ),
    "action escalate": lambda app, actor: app.actions.escalate(
        actor, action_id="ACT-0001", reason="r", on=DAY
    ),
    "supervision record": lambda app, actor: app.supervision.record(
        actor, supervisee="SW2", on=DAY
    ),
    "supervision pdr": lambda app, actor: app.supervision.record_development_review(
        actor, supervisee="SW2", needs="n", on=DAY
    ),
    "supervision audit-file": lambda app, actor: app.supervision.audit_file(
        actor, supervisee="SW2", outcome="effective", on=DAY
    ),
    "supervision survey": lambda app, actor: app.supervision.record_survey(
        actor, year=2025, responses=1, summary="s", on=DAY
    ),
    # Complaints, feedback, observations, meetings: CMP-0001 and FBK-0001 are
    # made in ``ledger_with_everything``.
    "complaint receive": lambda app, actor: app.complaints.receive(
        actor, team="safeguarding", category="delay", on=DAY
    ),
    "complaint escalate": lambda app, actor: app.complaints.escalate(
        actor, complaint_id="CMP-0001", to_stage=2, on=DAY
    ),
    "complaint respond": lambda app, actor: app.complaints.respond(
        actor, complaint_id="CMP-0001", outcome="upheld", on=DAY
    ),
    "complaint lesson": lambda app, actor: app.complaints.record_lesson(
        actor, complaint_id="CMP-0001", lesson="l", on=DAY
    ),
    "compliment receive": lambda app, actor: app.complaints.receive_compliment(
        actor, team="safeguarding", summary="s", on=DAY
    ),
    "complaint consider": lambda app, actor: app.complaints.record_consideration(
        actor, complaint_id="CMP-0001", note="n", on=DAY
    ),
    "feedback send": lambda app, actor: app.feedback.send(
        actor, case_ref="LL-1002", recipient="family", reason="closure", on=DAY
    ),
    "feedback return": lambda app, actor: app.feedback.record_return(
        actor, questionnaire_id="FBK-0001", ratings={"overall": 4}, on=DAY
    ),
    "observe record": lambda app, actor: app.observations.record(
        actor, staff_member="SW1", observer="TM1", outcome="good", on=DAY
    ),
    "meeting record": lambda app, actor: app.meetings.record(
        actor,
        chair="AS-assistant-director",
        reports=["r"],
        action_ids=["ACT-0001"],
        on=DAY,
    ),
    "report benchmark": lambda app, actor: record_a_report(app, actor, "benchmark"),
    "report pmm": lambda app, actor: record_a_report(app, actor, "pmm"),
    "report supervision": lambda app, actor: record_a_report(app, actor, "supervision"),
    "report complaints": lambda app, actor: record_a_report(app, actor, "complaints"),
    "report ofsted": lambda app, actor: record_a_report(app, actor, "ofsted"),
    "cycle open": lambda app, actor: app.programme.open_cycle(
        actor, period="2026H1", on=DAY
    ),
    "cycle draw": lambda app, actor: app.programme.draw_sample(
        actor, period="2026H1", seed=1, on=DAY
    ),
    "cycle allocate": lambda app, actor: app.programme.allocate(
        actor, period="2026H1", auditors=["TM2"], week=DAY, on=DAY
    ),
    "cycle close": lambda app, actor: app.programme.close_cycle(
        actor, period="2026H1", findings="f", actions=[], on=DAY
    ),
    "cycle thematic": lambda app, actor: app.programme.plan_thematic(
        actor,
        month="2026-02",
        theme="t",
        week=DAY,
        auditors=["TM2"],
        findings_due_on=DAY,
        on=DAY,
    ),
    "cycle hos-sample": lambda app, actor: app.programme.draw_hos_sample(
        actor, team="safeguarding", month="2026-02", size=1, week=DAY, on=DAY
    ),
    "cycle cross-district": lambda app, actor: app.programme.draw_cross_district_sample(
        actor,
        month="2026-02",
        theme="Thresholds",
        managers=["TM1", "TM9"],
        size=1,
        week=DAY,
        on=DAY,
    ),
    "staff heads": lambda app, actor: app.staff.head_teams(
        actor, staff_id="HOS1", teams=["safeguarding"], on=DAY
    ),
    "checkpoint record": lambda app, actor: app.integrity.record_checkpoint(actor),
}


def test_every_write_command_is_covered_here() -> None:
    assert set(COMMANDS) == set(PERMISSIONS)


def a_role_that_may_not(command: str) -> Role:
    """Prefer a read-only role where the command is barred to a working one."""
    barred = [role for role in Role if role.value not in allowed_roles(command)]
    working = [r for r in barred if r not in (Role.INSPECTOR, Role.DATA_ANALYST)]
    return (working or barred)[0]


@pytest.fixture
def ledger_with_everything(ledger: QALedger) -> QALedger:
    given_a_council(ledger)
    audit_id = given_a_started_audit(ledger)
    ledger.audits.grade("TM2", audit_id=audit_id, grade="good", on=DAY)
    ledger.actions.set("TM2", audit_id=audit_id, owner="SW1", description="d", on=DAY)
    for role in Role:
        ledger.staff.join(
            "ADM1",
            staff_id=f"AS-{role.value}",
            name=role.label,
            role=role.value,
            team="safeguarding",
            on=START,
        )
    # A team manager of another district, for 'cycle cross-district'.
    ledger.staff.join(
        "ADM1", staff_id="TM9", name="TM9", role="team-manager",
        team="looked-after-children", district="South", on=START,
    )  # fmt: skip
    # For the complaint and feedback commands (a questionnaire follows a
    # closure).
    ledger.complaints.receive("TM1", team="safeguarding", category="delay", on=DAY)
    ledger.cases.open(
        "TM1",
        case_ref="LL-1002",
        team="safeguarding",
        district="North",
        worker="SW1",
        on=START,
    )
    ledger.cases.close(
        "TM1", case_ref="LL-1002", reason="r", function="case-closure", on=DAY
    )
    ledger.feedback.send(
        "TM1", case_ref="LL-1002", recipient="family", reason="closure", on=DAY
    )
    return ledger


@pytest.mark.parametrize("command", sorted(PERMISSIONS))
def test_a_role_not_in_the_table_is_refused_and_nothing_written(
    ledger_with_everything: QALedger, command: str
) -> None:
    app = ledger_with_everything
    role = a_role_that_may_not(command)
    before = event_count(app)
    with pytest.raises(RoleNotPermitted) as refusal:
        COMMANDS[command](app, f"AS-{role.value}")
    assert str(refusal.value).endswith(", ".join(allowed_roles(command)))
    assert event_count(app) == before


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.DATA_ANALYST])
def test_read_only_roles_may_issue_no_command(role: Role) -> None:
    for command in PERMISSIONS:
        assert role.value not in allowed_roles(command)
