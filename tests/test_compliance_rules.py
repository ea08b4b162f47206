"""Every compliance rule, met on time, met late and overdue, on both stores.

Events are back-dated with ``on=``; the ledger validates commands against
``TODAY`` (tests/conftest.py) and every read names its own day, so the
statuses never depend on the day the tests run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import psycopg
import pytest
from psycopg import sql

from ledger.application import QALedger
from ledger.errors import InvalidTransition
from ledger.settings import Settings
from ledger.storage.store import locate
from projections import queries
from projections.engine.read_store import read_schema
from projections.registry import ReadModels
from tests.conftest import POSTGRES_URL
from tests.helpers.read_models import read_models, snapshot
from tests.helpers.refusals import refused

START = date(2024, 1, 8)  # everyone joins, and every case opens, on this day
Row = tuple[str, str | None, str]  # due_on, met_on, status


@pytest.fixture(autouse=True)
def drop_read_schema(db_url: str) -> Iterator[None]:
    """The read models of a PostgreSQL ledger live in a schema of their own,
    beside the ledger's schema: drop it with the ledger's."""
    yield
    store = locate(db_url)
    if store.sqlite_path is None:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                    sql.Identifier(read_schema(store))
                )
            )


@pytest.fixture
def staffed(ledger: QALedger) -> QALedger:
    given_staff(ledger)
    return ledger


def given_staff(ledger: QALedger) -> None:
    """Managers, auditors and workers who joined on ``START``, and cases
    LL-1 to LL-4 in safeguarding."""
    ledger.staff.init(admin_id="ADM1", name="Alex Admin", on=START)
    for staff_id, role, team in (
        ("HOS1", "head-of-service", None),
        ("QA1", "qa-officer", None),
        ("TM1", "team-manager", "safeguarding"),
        ("TM2", "team-manager", "looked-after-children"),
        ("SW1", "social-worker", "safeguarding"),
        ("SW2", "social-worker", "safeguarding"),
        ("SW3", "social-worker", "safeguarding"),
        ("SW4", "social-worker", "safeguarding"),
    ):
        ledger.staff.join(
            "ADM1",
            staff_id=staff_id,
            name=f"Name of {staff_id}",
            role=role,
            team=team,
            district="North",
            on=START,
        )
    for n in range(1, 5):
        ledger.cases.open(
            "TM1",
            case_ref=f"LL-{n}",
            team="safeguarding",
            district="North",
            worker="SW1",
            on=START,
        )


def requirement_rows(
    models: ReadModels, today: date, requirement: str, subject_id: str
) -> list[Row]:
    """The requirement's instances for one subject as read on ``today``,
    earliest due first."""
    return [
        (row["due_on"], row["met_on"], row["status"])
        for row in queries.compliance(models, today)
        if row["requirement"] == requirement and row["subject_id"] == subject_id
    ]


def read(app: QALedger, db_url: str, settings: Settings | None = None) -> ReadModels:
    models = read_models(app, db_url, settings)
    models.catch_up()
    return models


# Management decisions for each §2.2 trigger.


def cp_conference(app: QALedger, case_ref: str, on: date) -> None:
    app.cases.record_trigger("SW1", case_ref=case_ref, trigger="cp-conference", on=on)


def transfer_to(team: str) -> Callable[[QALedger, str, date], None]:
    def transfer(app: QALedger, case_ref: str, on: date) -> None:
        app.cases.transfer("TM1", case_ref=case_ref, to_team=team, on=on)

    return transfer


def closure(app: QALedger, case_ref: str, on: date) -> None:
    app.cases.close(
        "TM1", case_ref=case_ref, reason="Needs met", function="case-closure", on=on
    )


TRIGGERS: dict[str, Callable[[QALedger, str, date], None]] = {
    "cp-conference": cp_conference,
    "transfer-to-leaving-care": transfer_to("leaving-care"),
    "transfer-to-looked-after-children": transfer_to("looked-after-children"),
    "transfer-to-family-support": transfer_to("family-support"),
    "case-closure": closure,
}


def decide(app: QALedger, case_ref: str, kind: str, on: date) -> None:
    app.cases.record_decision(
        "TM1",
        case_ref=case_ref,
        kind=kind,
        function="case-management-decision",
        rationale="Plan agreed",
        on=on,
    )


@pytest.mark.parametrize("kind", list(TRIGGERS))
def test_each_trigger_needs_a_management_decision_within_the_window(
    staffed: QALedger, db_url: str, kind: str
) -> None:
    trigger, triggered_on = TRIGGERS[kind], date(2024, 3, 4)
    due_on = "2024-03-11"  # decision_due_days = 7
    closing = kind == "case-closure"
    # LL-1: decided two days later (a closed case, the same day).
    decided_on = triggered_on if closing else date(2024, 3, 6)
    trigger(staffed, "LL-1", triggered_on)
    decide(staffed, "LL-1", kind, decided_on)
    # LL-2: decided late (a closed case takes no decision dated after closure,
    # so its late entry is dated the day of closure and counts as on time).
    trigger(staffed, "LL-2", triggered_on)
    if closing:
        refused(
            staffed,
            InvalidTransition,
            lambda: decide(staffed, "LL-2", kind, date(2024, 3, 20)),
            match="was closed on",
        )
        decide(staffed, "LL-2", kind, triggered_on)
    else:
        decide(staffed, "LL-2", kind, date(2024, 3, 20))
    # LL-3: no decision of this kind (one of another kind does not count).
    decide(staffed, "LL-3", "accommodation", date(2024, 3, 5))
    trigger(staffed, "LL-3", triggered_on)
    # LL-4: the decision was recorded before the trigger.
    decide(staffed, "LL-4", kind, date(2024, 2, 26))
    trigger(staffed, "LL-4", triggered_on)

    requirement = f"management-decision:{kind}"
    late = (
        (due_on, "2024-03-04", "met") if closing else (due_on, "2024-03-20", "met late")
    )
    with read(staffed, db_url) as models:
        on_time = date(2024, 3, 11)
        after = date(2024, 3, 12)
        assert requirement_rows(models, after, requirement, "LL-1") == [
            (due_on, decided_on.isoformat(), "met")
        ]
        # As it stood once the late decision was recorded (before that day it
        # was overdue, as every read as of a day says).
        assert requirement_rows(models, date(2024, 3, 20), requirement, "LL-2") == [
            late
        ]
        assert requirement_rows(models, on_time, requirement, "LL-3") == [
            (due_on, None, "due")
        ]
        assert requirement_rows(models, after, requirement, "LL-3") == [
            (due_on, None, "overdue")
        ]
        assert requirement_rows(models, after, requirement, "LL-4") == [
            (due_on, "2024-02-26", "met")
        ]
        rows = [
            row
            for row in queries.compliance(models, after)
            if row["requirement"] == requirement
        ]
    to_team = kind.removeprefix("transfer-to-") if kind.startswith("transfer") else None
    assert {row["team"] for row in rows} == {to_team or "safeguarding"}
    assert {row["case_ref"] for row in rows} == {"LL-1", "LL-2", "LL-3", "LL-4"}


def test_one_early_decision_answers_one_trigger_only(
    staffed: QALedger, db_url: str
) -> None:
    decide(staffed, "LL-1", "cp-conference", date(2024, 2, 1))
    cp_conference(staffed, "LL-1", date(2024, 3, 4))
    cp_conference(staffed, "LL-1", date(2024, 5, 6))
    with read(staffed, db_url) as models:
        rows = requirement_rows(
            models, date(2024, 6, 1), "management-decision:cp-conference", "LL-1"
        )
    assert rows == [
        ("2024-03-11", "2024-02-01", "met"),
        ("2024-05-13", None, "overdue"),
    ]


# Action follow-ups (§3.2, §3.3): one month and two months after it is set.


def started_audit(app: QALedger, case_ref: str = "LL-1", on: date = START) -> str:
    audit_id = app.audits.schedule(
        "QA1",
        kind="whole-case-file",
        auditor="TM2",
        week=date(2024, 2, 5),
        case_ref=case_ref,
        on=on,
    )
    app.audits.start("TM2", audit_id=audit_id, on=date(2024, 2, 5))
    return audit_id


def review(app: QALedger, action_id: str, on: date) -> None:
    app.actions.review(
        "TM1", action_id=action_id, outcome="on-track", note="Checked", on=on
    )


def test_each_action_is_followed_up_one_and_two_months_after_it_is_set(
    staffed: QALedger, db_url: str
) -> None:
    audit_id = started_audit(staffed)

    def new_action() -> str:
        return staffed.actions.set(
            "TM2",
            audit_id=audit_id,
            owner="SW1",
            description="Update the plan",
            on=date(2024, 2, 12),
        )

    on_time, late, missed = new_action(), new_action(), new_action()
    review(staffed, on_time, date(2024, 3, 1))
    review(staffed, on_time, date(2024, 4, 1))
    review(staffed, late, date(2024, 3, 20))
    review(staffed, late, date(2024, 4, 20))

    def follow_ups(models: ReadModels, today: date, action_id: str) -> list[Row]:
        return [
            row
            for n in (1, 2)
            for row in requirement_rows(models, today, f"follow-up-{n}", action_id)
        ]

    with read(staffed, db_url) as models:
        after = date(2024, 5, 1)
        assert follow_ups(models, after, on_time) == [
            ("2024-03-12", "2024-03-01", "met"),
            ("2024-04-12", "2024-04-01", "met"),
        ]
        assert follow_ups(models, after, late) == [
            ("2024-03-12", "2024-03-20", "met late"),
            ("2024-04-12", "2024-04-20", "met late"),
        ]
        assert follow_ups(models, date(2024, 3, 12), missed) == [
            ("2024-03-12", None, "due"),
            ("2024-04-12", None, "due"),
        ]
        assert follow_ups(models, date(2024, 3, 13), missed) == [
            ("2024-03-12", None, "overdue"),
            ("2024-04-12", None, "due"),
        ]
        assert follow_ups(models, after, missed) == [
            ("2024-03-12", None, "overdue"),
            ("2024-04-12", None, "overdue"),
        ]
        rows = [
            row
            for row in queries.compliance(models, after)
            if row["subject_id"] == missed
        ]
    assert {(row["staff_id"], row["team"], row["case_ref"]) for row in rows} == {
        ("SW1", "safeguarding", "LL-1")
    }


def test_a_completed_action_still_needs_the_managers_note_of_oversight(
    staffed: QALedger, db_url: str
) -> None:
    """§3.3: followed up within a month "and reviewed the subsequent month. A
    note should be made on the file that the manager has overseen the plan":
    a first follow-up that would fall due after completion is withdrawn, but
    the second stands until the manager's note of oversight meets it."""
    audit_id = started_audit(staffed)
    quick = staffed.actions.set(
        "TM2",
        audit_id=audit_id,
        owner="SW1",
        description="Add the chronology",
        on=date(2024, 2, 12),
    )
    staffed.actions.complete("SW1", action_id=quick, on=date(2024, 2, 20))
    staffed.actions.oversee(
        "TM1", action_id=quick, note="Chronology checked", on=date(2024, 3, 10)
    )
    slow = staffed.actions.set(
        "TM2",
        audit_id=audit_id,
        owner="SW1",
        description="Review the plan",
        on=date(2024, 2, 12),
    )
    staffed.actions.complete("SW1", action_id=slow, on=date(2024, 3, 20))
    with read(staffed, db_url) as models:
        today = date(2024, 6, 1)
        assert requirement_rows(models, today, "follow-up-1", quick) == []
        assert requirement_rows(models, today, "follow-up-2", quick) == [
            ("2024-04-12", "2024-03-10", "met")
        ]
        # The first follow-up fell due before completion and was missed; the
        # second is still owed: nobody noted oversight.
        assert requirement_rows(models, today, "follow-up-1", slow) == [
            ("2024-03-12", None, "overdue")
        ]
        assert requirement_rows(models, today, "follow-up-2", slow) == [
            ("2024-04-12", None, "overdue")
        ]


def test_the_second_follow_up_is_a_review_in_a_later_calendar_month(
    staffed: QALedger, db_url: str
) -> None:
    """ "Reviewed within 1 month, and again the following month" (§3.2): two
    reviews in one month meet only the first; a review entered late, dated
    earlier, moves them on."""
    audit_id = started_audit(staffed)
    action_id = staffed.actions.set(
        "TM2", audit_id=audit_id, owner="SW1", description="Plan", on=date(2024, 2, 12)
    )
    for day in (date(2024, 3, 4), date(2024, 3, 5)):
        staffed.actions.review(
            "TM1", action_id=action_id, outcome="on-track", note="Seen", on=day
        )
    with read(staffed, db_url) as models:
        after = date(2024, 6, 1)
        assert requirement_rows(models, after, "follow-up-1", action_id) == [
            ("2024-03-12", "2024-03-04", "met")
        ]
        assert requirement_rows(models, after, "follow-up-2", action_id) == [
            ("2024-04-12", None, "overdue")
        ]
    staffed.actions.review(
        "TM1",
        action_id=action_id,
        outcome="on-track",
        note="Late entry",
        on=date(2024, 2, 26),
    )
    with read(staffed, db_url) as models:
        assert requirement_rows(models, after, "follow-up-1", action_id) == [
            ("2024-03-12", "2024-02-26", "met")
        ]
        assert requirement_rows(models, after, "follow-up-2", action_id) == [
            ("2024-04-12", "2024-03-04", "met")
        ]


def test_follow_ups_entered_out_of_date_order_are_first_and_second_by_date(
    staffed: QALedger, db_url: str
) -> None:
    audit_id = started_audit(staffed)
    action_id = staffed.actions.set(
        "TM2",
        audit_id=audit_id,
        owner="SW1",
        description="Update the plan",
        on=date(2024, 2, 12),
    )
    review(staffed, action_id, date(2024, 4, 1))
    review(staffed, action_id, date(2024, 3, 1))
    with read(staffed, db_url) as models:
        today = date(2024, 5, 1)
        assert requirement_rows(models, today, "follow-up-1", action_id) == [
            ("2024-03-12", "2024-03-01", "met")
        ]
        assert requirement_rows(models, today, "follow-up-2", action_id) == [
            ("2024-04-12", "2024-04-01", "met")
        ]
        # A third review, entered last but dated first, is the first follow-up.
        review(staffed, action_id, date(2024, 2, 20))
        models.catch_up()
        assert requirement_rows(models, today, "follow-up-1", action_id) == [
            ("2024-03-12", "2024-02-20", "met")
        ]
        assert requirement_rows(models, today, "follow-up-2", action_id) == [
            ("2024-04-12", "2024-03-01", "met")
        ]


# Audit feedback and alert after a case audit starts (§3.3).


def test_feedback_and_alert_follow_each_case_audit_within_the_window(
    staffed: QALedger, db_url: str
) -> None:
    on_time, late, missed, cancelled = (started_audit(staffed) for _ in range(4))
    for audit_id, on in ((on_time, date(2024, 2, 7)), (late, date(2024, 2, 20))):
        staffed.audits.give_feedback(
            "TM2", audit_id=audit_id, summary="Findings", team_manager="TM1", on=on
        )
        staffed.audits.send_alert(
            "TM2",
            audit_id=audit_id,
            team_manager="TM1",
            head_of_service="HOS1",
            on=on,
        )
    staffed.audits.give_feedback(
        "TM2",
        audit_id=cancelled,
        summary="Findings",
        team_manager="TM1",
        on=date(2024, 2, 6),
    )
    staffed.audits.cancel(
        "QA1", audit_id=cancelled, reason="Case transferred", on=date(2024, 2, 8)
    )
    # A supervision file audit is by a senior manager (§2.3, §3.5).
    file_audit = staffed.audits.schedule(
        "QA1",
        kind="supervision-file",
        auditor="HOS1",
        week=date(2024, 2, 5),
        supervisee="SW1",
        on=START,
    )
    staffed.audits.start("HOS1", audit_id=file_audit, on=date(2024, 2, 5))

    due_on = "2024-02-12"  # audit_feedback_days = 7 after the start
    with read(staffed, db_url) as models:
        after = date(2024, 3, 1)
        for requirement in ("audit-feedback", "audit-alert"):
            assert requirement_rows(models, after, requirement, on_time) == [
                (due_on, "2024-02-07", "met")
            ]
            assert requirement_rows(models, after, requirement, late) == [
                (due_on, "2024-02-20", "met late")
            ]
            assert requirement_rows(models, date(2024, 2, 12), requirement, missed) == [
                (due_on, None, "due")
            ]
            assert requirement_rows(models, date(2024, 2, 13), requirement, missed) == [
                (due_on, None, "overdue")
            ]
        # Cancelling withdraws what was still open and keeps what was done.
        assert requirement_rows(models, after, "audit-feedback", cancelled) == [
            (due_on, "2024-02-06", "met")
        ]
        assert requirement_rows(models, after, "audit-alert", cancelled) == []
        # A supervision-file audit has no case to feed back on.
        assert [
            row
            for row in queries.compliance(models, after)
            if row["subject_id"] == file_audit
        ] == []
        rows = [
            row
            for row in queries.compliance(models, after)
            if row["subject_id"] == missed
        ]
    assert {(row["staff_id"], row["team"], row["case_ref"]) for row in rows} == {
        ("TM2", "safeguarding", "LL-1")
    }


# Urgent child-protection concerns: raised the day they are found (§3.3).


def test_an_urgent_concern_is_raised_the_day_it_is_found(
    staffed: QALedger, db_url: str
) -> None:
    same_day, next_days = started_audit(staffed), started_audit(staffed)
    for audit_id, raised_on in (
        (same_day, date(2024, 2, 6)),
        (next_days, date(2024, 2, 8)),
    ):
        staffed.audits.raise_concern(
            "TM2",
            audit_id=audit_id,
            concern="Child seen with injuries",
            team_manager="TM1",
            found_on=date(2024, 2, 6),
            on=raised_on,
        )
    with read(staffed, db_url) as models:
        today = date(2024, 3, 1)
        requirement = "urgent-concern-same-day"
        assert requirement_rows(models, today, requirement, same_day) == [
            ("2024-02-06", "2024-02-06", "met")
        ]
        assert requirement_rows(models, today, requirement, next_days) == [
            ("2024-02-06", "2024-02-08", "met late")
        ]
        # The ledger learns of a concern only when it is raised, so one can
        # never be open: "overdue" shows as "met late" once it is raised.
        assert [
            row
            for row in queries.compliance(models, today)
            if row["requirement"] == requirement and row["status"] in ("due", "overdue")
        ] == []


# Supervision at the configured interval.


def supervise(app: QALedger, supervisee: str, on: date) -> None:
    app.supervision.record("TM1", supervisee=supervisee, on=on)


def test_supervision_falls_due_at_the_interval_after_joining_and_each_session(
    staffed: QALedger, db_url: str
) -> None:
    supervise(staffed, "SW1", date(2024, 2, 1))
    supervise(staffed, "SW1", date(2024, 3, 10))
    with read(staffed, db_url) as models:
        assert requirement_rows(models, date(2024, 4, 7), "supervision", "SW1") == [
            ("2024-02-05", "2024-02-01", "met"),
            ("2024-02-29", "2024-03-10", "met late"),
            ("2024-04-07", None, "due"),
        ]
        assert requirement_rows(models, date(2024, 4, 8), "supervision", "SW1")[-1] == (
            "2024-04-07",
            None,
            "overdue",
        )
        # Managers are supervised too; administrators and inspectors are not.
        assert requirement_rows(models, START, "supervision", "TM1") == [
            ("2024-02-05", None, "due")
        ]
        assert requirement_rows(models, START, "supervision", "ADM1") == []


def test_changing_the_supervision_interval_and_rebuilding_recomputes_it(
    staffed: QALedger, db_url: str
) -> None:
    supervise(staffed, "SW1", date(2024, 2, 1))
    supervise(staffed, "SW1", date(2024, 3, 10))
    today = date(2024, 4, 8)
    with read(staffed, db_url) as models:
        assert [
            row[0] for row in requirement_rows(models, today, "supervision", "SW1")
        ] == [
            "2024-02-05",
            "2024-02-29",
            "2024-04-07",
        ]
    fortnightly = Settings(supervision_interval_days=14)
    with read_models(staffed, db_url, fortnightly) as models:
        models.runner.rebuild()
        assert requirement_rows(models, today, "supervision", "SW1") == [
            ("2024-01-22", "2024-02-01", "met late"),
            ("2024-02-15", "2024-03-10", "met late"),
            ("2024-03-24", None, "overdue"),
        ]
        # Only the changed standard moved: the other requirements are as built.
        assert requirement_rows(models, today, "practice-observation", "SW1") == [
            ("2025-01-08", None, "due")
        ]


def test_sessions_entered_out_of_date_order_are_counted_in_date_order(
    staffed: QALedger, db_url: str
) -> None:
    """Late entry: each session meets what was due before it, whatever order
    the sessions were entered in; building as they arrive and rebuilding agree."""
    with read_models(staffed, db_url) as models:
        for day in (date(2024, 3, 10), date(2024, 2, 20), date(2024, 2, 1)):
            supervise(staffed, "SW1", day)
            models.catch_up()
        built = requirement_rows(models, date(2024, 4, 8), "supervision", "SW1")
        rows = snapshot(models)
        models.runner.rebuild(resume=False)
        assert snapshot(models) == rows
    assert built == [
        ("2024-02-05", "2024-02-01", "met"),
        ("2024-02-29", "2024-02-20", "met"),
        ("2024-03-19", "2024-03-10", "met"),
        ("2024-04-07", None, "overdue"),
    ]


def test_observations_and_file_audits_entered_late_count_in_date_order(
    staffed: QALedger, db_url: str
) -> None:
    observe(staffed, "SW1", date(2025, 7, 1))
    observe(staffed, "SW1", date(2024, 6, 3))
    audit_file(staffed, "SW1", date(2026, 1, 12))
    audit_file(staffed, "SW1", date(2024, 12, 2))
    with read(staffed, db_url) as models:
        today = date(2026, 7, 2)
        assert requirement_rows(models, today, "practice-observation", "SW1") == [
            ("2025-01-08", "2024-06-03", "met"),
            ("2025-06-03", "2025-07-01", "met late"),
            ("2026-07-01", None, "overdue"),
        ]
        assert requirement_rows(models, today, "supervision-file-audit", "SW1") == [
            ("2025-01-08", "2024-12-02", "met"),
            ("2025-12-02", "2026-01-12", "met late"),
            ("2027-01-12", None, "due"),
        ]


# Practice observation within 12 months (§4.1).


def observe(app: QALedger, staff_member: str, on: date) -> str:
    return app.observations.record(
        "TM1", staff_member=staff_member, outcome="good", on=on
    )


def test_front_line_practice_is_observed_within_twelve_months(
    staffed: QALedger, db_url: str
) -> None:
    observe(staffed, "SW1", date(2024, 6, 3))
    observe(staffed, "SW1", date(2025, 7, 1))
    with read(staffed, db_url) as models:
        requirement = "practice-observation"
        assert requirement_rows(models, date(2026, 7, 1), requirement, "SW1") == [
            ("2025-01-08", "2024-06-03", "met"),
            ("2025-06-03", "2025-07-01", "met late"),
            ("2026-07-01", None, "due"),
        ]
        assert requirement_rows(models, date(2026, 7, 2), requirement, "SW1")[-1] == (
            "2026-07-01",
            None,
            "overdue",
        )
        # §4.1 observes front-line practice: managers are not required to be.
        assert requirement_rows(models, START, requirement, "TM1") == []


# Annual supervision file audit (§2.3).


def audit_file(app: QALedger, supervisee: str, on: date) -> None:
    app.supervision.audit_file(
        "HOS1", supervisee=supervisee, outcome="effective", on=on
    )


def test_each_supervision_file_is_audited_every_year(
    staffed: QALedger, db_url: str
) -> None:
    audit_file(staffed, "SW1", date(2024, 12, 2))
    audit_file(staffed, "SW1", date(2026, 1, 12))
    with read(staffed, db_url) as models:
        requirement = "supervision-file-audit"
        assert requirement_rows(models, date(2027, 1, 12), requirement, "SW1") == [
            ("2025-01-08", "2024-12-02", "met"),
            ("2025-12-02", "2026-01-12", "met late"),
            ("2027-01-12", None, "due"),
        ]
        assert requirement_rows(models, date(2027, 1, 13), requirement, "SW1")[-1] == (
            "2027-01-12",
            None,
            "overdue",
        )
        assert requirement_rows(models, START, requirement, "TM1") == [
            ("2025-01-08", None, "due")
        ]


# Leaving withdraws what would fall due afterwards.


def test_leaving_withdraws_requirements_that_would_fall_due_afterwards(
    staffed: QALedger, db_url: str
) -> None:
    supervise(staffed, "SW2", date(2024, 1, 20))  # next due 2024-02-17
    supervise(staffed, "SW3", date(2024, 3, 1))  # next due 2024-03-29
    for staff_id in ("SW2", "SW3"):
        staffed.staff.leave("ADM1", staff_id=staff_id, on=date(2024, 3, 15))
    with read(staffed, db_url) as models:
        today = date(2025, 6, 1)
        # SW2 went unsupervised while still employed: that stays overdue.
        assert requirement_rows(models, today, "supervision", "SW2") == [
            ("2024-02-05", "2024-01-20", "met"),
            ("2024-02-17", None, "overdue"),
        ]
        assert requirement_rows(models, today, "supervision", "SW3") == [
            ("2024-02-05", "2024-03-01", "met late")
        ]
        for staff_id in ("SW2", "SW3"):
            for requirement in ("practice-observation", "supervision-file-audit"):
                assert requirement_rows(models, today, requirement, staff_id) == []
        # Nobody else's requirements were touched.
        assert requirement_rows(models, START, "practice-observation", "SW1") == [
            ("2025-01-08", None, "due")
        ]


def test_records_entered_late_after_leaving_set_no_further_requirement(
    staffed: QALedger, db_url: str
) -> None:
    staffed.staff.leave("ADM1", staff_id="SW4", on=date(2024, 3, 15))
    # Entered after the leaving was recorded, dated while still employed.
    supervise(staffed, "SW4", date(2024, 3, 14))
    observe(staffed, "SW4", date(2024, 3, 14))
    audit_file(staffed, "SW4", date(2024, 3, 14))
    with read(staffed, db_url) as models:
        today = date(2025, 6, 1)
        assert requirement_rows(models, today, "supervision", "SW4") == [
            ("2024-02-05", "2024-03-14", "met late")
        ]
        assert requirement_rows(models, today, "practice-observation", "SW4") == []
        assert requirement_rows(models, today, "supervision-file-audit", "SW4") == []


# Reading: what is due, and actions.


def test_due_lists_open_requirements_and_actions_soonest_first(
    staffed: QALedger, db_url: str
) -> None:
    audit_id = started_audit(staffed)
    action_id = staffed.actions.set(
        "TM2",
        audit_id=audit_id,
        owner="SW1",
        description="Update the plan",
        due_on=date(2024, 3, 1),
        on=date(2024, 2, 12),
    )
    supervise(staffed, "SW1", date(2024, 2, 1))  # next due 2024-02-29
    observe(staffed, "SW1", date(2024, 2, 1))  # next due 2025-02-01
    audit_file(staffed, "SW1", date(2024, 2, 1))  # next due 2025-02-01
    with read(staffed, db_url) as models:
        rows = queries.due(models, date(2024, 3, 1), staff_id="SW1")
        manager = queries.due(models, date(2024, 3, 1), staff_id="TM1")
        everyone = queries.due(models, date(2024, 3, 1))
    # The worker owes the action; their team manager its follow-ups and the
    # worker's supervision, review and observation; the file audit is the
    # senior manager's, and there is none.
    assert [(r["due_on"], r["what"], r["about"], r["status"]) for r in rows] == [
        ("2024-03-01", "action", action_id, "due"),
    ]
    assert [
        (r["due_on"], r["what"], r["about"], r["status"])
        for r in manager
        if r["about"] in ("SW1", action_id)
    ] == [
        ("2024-02-29", "supervision", "SW1", "overdue"),
        ("2024-03-12", "follow-up-1", action_id, "due"),
        ("2024-04-12", "follow-up-2", action_id, "due"),
        ("2025-01-08", "development-review", "SW1", "due"),
        ("2025-02-01", "practice-observation", "SW1", "due"),
    ]
    assert {r["who"] for r in rows} == {"SW1"}
    assert ("supervision-file-audit", "SW1", "nobody holds the role") in {
        (r["what"], r["about"], r["who"]) for r in everyone
    }
    assert [r["due_on"] for r in everyone] == sorted(r["due_on"] for r in everyone)
    assert {r["status"] for r in everyone} == {"due", "overdue"}
    assert {r["who"] for r in everyone} > {"SW1", "TM1", "TM2", "HOS1"}
    assert ("audit-feedback", audit_id, "overdue") in {
        (r["what"], r["about"], r["status"]) for r in everyone
    }


def test_actions_read_open_due_overdue_and_completed(
    staffed: QALedger, db_url: str
) -> None:
    audit_id = started_audit(staffed)

    def action(owner: str, due_on: date) -> str:
        return staffed.actions.set(
            "TM2",
            audit_id=audit_id,
            owner=owner,
            description=f"Due {due_on}",
            due_on=due_on,
            on=date(2024, 2, 12),
        )

    later = action("SW1", date(2024, 5, 1))
    today_ = action("SW1", date(2024, 4, 1))
    late = action("SW2", date(2024, 3, 1))
    done = action("SW2", date(2024, 3, 1))
    review(staffed, done, date(2024, 2, 20))
    review(staffed, done, date(2024, 2, 27))
    staffed.actions.complete("SW2", action_id=done, on=date(2024, 2, 28))
    staffed.actions.escalate(
        "TM1", action_id=late, reason="No progress", on=date(2024, 3, 5)
    )
    with read(staffed, db_url) as models:
        day = date(2024, 4, 1)
        every = queries.actions(models, day)
        overdue = queries.actions(models, day, overdue=True)
        mine = queries.actions(models, day, owner="SW1")
    assert [(r["action_id"], r["status"]) for r in every] == [
        (late, "overdue"),
        (done, "completed"),
        (today_, "due"),
        (later, "open"),
    ]
    assert [r["action_id"] for r in overdue] == [late]
    assert [r["action_id"] for r in mine] == [today_, later]
    by_id = {r["action_id"]: r for r in every}
    assert by_id[done]["follow_ups"] == 2
    assert by_id[done]["completed_on"] == "2024-02-28"
    assert by_id[late]["escalated_on"] == "2024-03-05"
    assert by_id[later]["source_audit"] == audit_id
    assert by_id[later]["case_ref"] == "LL-1"
    assert by_id[later]["set_on"] == "2024-02-12"
    assert list(by_id[later]) == list(queries.ACTION_COLUMNS)


# Supervision records kept while employed and two years after leaving (§2.3).


def test_supervision_records_are_kept_two_years_after_leaving(
    staffed: QALedger, db_url: str
) -> None:
    supervise(staffed, "SW1", date(2024, 2, 1))
    supervise(staffed, "SW2", date(2024, 2, 1))
    supervise(staffed, "SW2", date(2024, 3, 1))
    staffed.staff.leave("ADM1", staff_id="SW2", on=date(2024, 3, 15))
    supervise(staffed, "SW3", date(2024, 2, 1))
    staffed.staff.leave("ADM1", staff_id="SW3", on=date(2024, 3, 15))
    # Entered late, after the leaving was recorded.
    supervise(staffed, "SW3", date(2024, 3, 14))
    with read(staffed, db_url) as models:
        table = [
            tuple(str(v) if v is not None else None for v in row)
            for row in models.rows(
                "SELECT supervisee, supervised_on, supervisor, employment_end, "
                "retain_until FROM supervision_retention ORDER BY record_position"
            )
        ]
        on_last_day = queries.supervision_retention(models, date(2026, 3, 15))
        after = queries.supervision_retention(models, date(2026, 3, 16))
        only_sw2 = queries.supervision_retention(
            models, date(2026, 3, 16), supervisee="SW2"
        )
    assert table == [
        ("SW1", "2024-02-01", "TM1", None, None),
        ("SW2", "2024-02-01", "TM1", "2024-03-15", "2026-03-15"),
        ("SW2", "2024-03-01", "TM1", "2024-03-15", "2026-03-15"),
        ("SW3", "2024-02-01", "TM1", "2024-03-15", "2026-03-15"),
        ("SW3", "2024-03-14", "TM1", "2024-03-15", "2026-03-15"),
    ]
    assert [(r["supervisee"], r["status"]) for r in on_last_day] == [
        ("SW1", "retained - employed"),
        ("SW2", "retained - within 2 years of leaving"),
        ("SW2", "retained - within 2 years of leaving"),
        ("SW3", "retained - within 2 years of leaving"),
        ("SW3", "retained - within 2 years of leaving"),
    ]
    assert [(r["supervisee"], r["status"]) for r in after] == [
        ("SW1", "retained - employed"),
        ("SW2", "due for retention review"),
        ("SW2", "due for retention review"),
        ("SW3", "due for retention review"),
        ("SW3", "due for retention review"),
    ]
    assert [r["supervised_on"] for r in only_sw2] == ["2024-02-01", "2024-03-01"]
    assert list(only_sw2[0]) == list(queries.RETENTION_COLUMNS)


def test_the_views_read_statuses_as_of_the_real_today(db_url: str) -> None:
    """compliance_now and supervision_retention_now use the database's
    CURRENT_DATE. This ledger runs on the real today, and its dates are in
    2024 or today itself, so the answer is known whenever the tests run."""
    app = QALedger(locate(db_url).env)
    try:
        given_staff(app)
        supervise(app, "SW1", date(2024, 2, 1))
        supervise(app, "SW2", date(2024, 2, 1))
        app.staff.leave("ADM1", staff_id="SW2", on=date(2024, 3, 15))
        supervise(app, "SW3", date(2024, 2, 1))
        app.staff.leave("ADM1", staff_id="SW3")
        with read(app, db_url) as models:
            retention = models.rows(
                "SELECT supervisee, status FROM supervision_retention_now "
                "ORDER BY record_position"
            )
            view = models.rows(
                "SELECT requirement, subject_id, due_on, met_on, status "
                "FROM compliance_now"
            )
            today = date.today()
            by_query = queries.compliance(models, today)
            retention_by_query = queries.supervision_retention(models, today)
    finally:
        app.close()
    assert retention == [
        ("SW1", "retained - employed"),
        ("SW2", "due for retention review"),
        ("SW3", "retained - within 2 years of leaving"),
    ]
    assert [r["status"] for r in retention_by_query] == [s for _, s in retention]
    as_text = sorted(tuple(None if v is None else str(v) for v in row) for row in view)
    assert as_text == sorted(
        tuple(
            row[c] for c in ("requirement", "subject_id", "due_on", "met_on", "status")
        )
        for row in by_query
    )
    supervision = sorted(
        row[1:] for row in as_text if row[0] == "supervision" and row[1] == "SW1"
    )
    assert supervision == [
        ("SW1", "2024-02-05", "2024-02-01", "met"),
        ("SW1", "2024-02-29", None, "overdue"),
    ]
