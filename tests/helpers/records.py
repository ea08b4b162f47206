"""What a council records, for the tests of the reports and their read
models: complaints, compliments, feedback, observations and a meeting in
March 2026, and a reporting half-year built on them."""

from __future__ import annotations

from datetime import date

from ledger.application import QALedger
from tests.conftest import START, given_a_council


def day(n: int) -> date:
    return date(2026, 3, n)


def given_oversight_records(app: QALedger) -> None:
    """Two complaints (one through every stage), a compliment, a case that
    transferred and closed with two questionnaires after it (one returned),
    two observations and a meeting."""
    given_a_council(app)
    app.staff.join(
        "ADM1",
        staff_id="AD1",
        name="A D",
        role="assistant-director",
        on=date(2026, 1, 5),
    )
    first = app.complaints.receive(
        "TM1", team="safeguarding", category="delay", case_ref="LL-1001", on=day(2)
    )
    app.complaints.respond(
        "TM1", complaint_id=first, outcome="not-upheld", note="explained", on=day(9)
    )
    app.complaints.escalate(
        "TM1", complaint_id=first, to_stage=2, reason="not satisfied", on=day(10)
    )
    app.complaints.record_lesson(
        "TM1", complaint_id=first, lesson="Say when letters go", on=day(11)
    )
    app.complaints.respond("HOS1", complaint_id=first, outcome="upheld", on=day(20))
    app.complaints.escalate("HOS1", complaint_id=first, to_stage=3, on=day(23))
    app.complaints.respond(
        "HOS1", complaint_id=first, outcome="partly-upheld", on=day(30)
    )
    app.complaints.receive(
        "TM2", team="looked-after-children", category="placement", on=day(4)
    )
    app.complaints.receive_compliment(
        "TM1",
        team="safeguarding",
        summary="Kind and clear",
        staff_member="SW1",
        on=day(5),
    )
    # A questionnaire follows a closure or a transfer (§4.1): LL-1002 came
    # to safeguarding on 1 March and closed on the 3rd.
    app.cases.open(
        "TM2", case_ref="LL-1002", team="looked-after-children",
        district="North", worker="SW2", on=START,
    )  # fmt: skip
    app.cases.transfer("TM2", case_ref="LL-1002", to_team="safeguarding", on=day(1))
    app.cases.close(
        "TM1", case_ref="LL-1002", reason="Needs met", function="case-closure",
        on=day(3),
    )  # fmt: skip
    questionnaire = app.feedback.send(
        "TM1", case_ref="LL-1002", recipient="family", reason="closure", on=day(3)
    )
    app.feedback.record_return(
        "TM1",
        questionnaire_id=questionnaire,
        ratings={"overall": 4, "listened-to": 5},
        comments="Thank you",
        on=day(12),
    )
    app.feedback.send(
        "TM1", case_ref="LL-1002", recipient="child", reason="transfer", on=day(13)
    )
    app.observations.record("TM1", staff_member="SW1", outcome="good", on=day(6))
    app.observations.record(
        "TM1",
        staff_member="SW2",
        outcome="requires-improvement",
        support_needed=True,
        support_note="Mentoring on plans",
        on=day(7),
    )
    app.meetings.record(
        "AD1",
        reports=["Audit findings", "Complaints"],
        action_ids=[],
        attendees=["TM1"],
        focus="Plans",
        on=day(16),
    )


def given_a_reporting_ledger(app: QALedger) -> dict[str, dict[str, str]]:
    """A council's first half of 2026: a whole case file audit cycle of two
    cases, graded and one grading moderated, with actions followed up;
    supervision; complaints, compliments, feedback, observations and a
    meeting in March. Returns the cycle's allocations."""
    given_oversight_records(app)  # also the council (given_a_council)
    for staff_id in ("TM8", "DTM9"):
        app.staff.join(
            "ADM1",
            staff_id=staff_id,
            name=staff_id,
            role="team-manager",
            team="leaving-care",
            on=START,
        )
    app.cases.open(
        "TM1", case_ref="LL-2001", team="safeguarding", district="South",
        worker="SW2", on=START,
    )  # fmt: skip
    app.programme.open_cycle("QA1", period="2026H1", target_size=2, on=date(2026, 2, 2))
    app.programme.draw_sample("QA1", period="2026H1", seed=1, on=date(2026, 2, 2))
    allocations = app.programme.allocate(
        "QA1", period="2026H1", auditors=["TM8", "DTM9"], week=date(2026, 2, 9),
        on=date(2026, 2, 2),
    )  # fmt: skip
    grades = iter(("good", "requires-improvement"))
    for plan in allocations.values():
        auditor, audit_id = plan["auditor"], plan["audit_id"]
        app.audits.start(auditor, audit_id=audit_id, on=date(2026, 2, 10))
        app.audits.grade(
            auditor, audit_id=audit_id, grade=next(grades), on=date(2026, 2, 11)
        )
        action_id = app.actions.set(
            auditor, audit_id=audit_id, owner="SW1", description="Update the plan",
            on=date(2026, 2, 12),
        )  # fmt: skip
        app.actions.review(
            "TM1",
            action_id=action_id,
            outcome="on-track",
            note="n",
            on=date(2026, 3, 2),
        )
        app.audits.complete(auditor, audit_id=audit_id, on=date(2026, 3, 5))
    first = next(iter(allocations.values()))["audit_id"]
    app.audits.moderate(
        "HOS1", audit_id=first, replaces="good", grade="requires-improvement",
        rationale="The plan has no timescales", on=date(2026, 3, 6),
    )  # fmt: skip
    app.actions.complete("SW1", action_id="ACT-0001", on=date(2026, 3, 10))
    app.supervision.record("TM1", supervisee="SW1", on=date(2026, 2, 1))
    app.supervision.record("TM1", supervisee="SW1", on=date(2026, 3, 1))
    return allocations
