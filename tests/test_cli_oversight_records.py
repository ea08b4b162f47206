"""Complaints, compliments, feedback, observations and meetings through the
command line, on both stores: exit codes, messages, --json, and nothing
written when a command is refused."""

from __future__ import annotations

import json
from datetime import date

import pytest

from ledger.application import QALedger
from ledger.storage.store import locate
from tests.conftest import START, TODAY, given_a_council, given_a_started_audit
from tests.helpers.cli import ok_json as ok
from tests.helpers.cli import refused_by_cli as refused
from tests.helpers.cli import run


@pytest.fixture
def db(db_url: str) -> str:
    """The test council, an assistant director, an action ACT-0001, and
    LL-1001 transferred on 20 February and closed on 1 March."""
    app = QALedger(locate(db_url).env, today=lambda: TODAY)
    try:
        given_a_council(app)
        app.staff.join(
            "ADM1", staff_id="AD1", name="Ada", role="assistant-director", on=START
        )
        audit_id = given_a_started_audit(app)
        app.actions.set(
            "TM2",
            audit_id=audit_id,
            owner="SW1",
            description="Update plan",
            on=date(2026, 2, 10),
        )
        # A questionnaire follows a transfer or a closure (§4.1).
        app.cases.transfer(
            "TM1",
            case_ref="LL-1001",
            to_team="looked-after-children",
            on=date(2026, 2, 20),
        )
        app.cases.close(
            "TM2",
            case_ref="LL-1001",
            reason="Needs met",
            function="case-closure",
            on=date(2026, 3, 1),
        )
    finally:
        app.close()
    return db_url


RECEIVE = ("complaint", "receive", "--team", "safeguarding", "--category", "delay")


def test_a_complaint_from_receipt_to_its_lessons(db: str) -> None:
    on = ["--on", "2026-03-02"]
    assert ok(db, *RECEIVE, "--case", "LL-1001", "--as", "TM1", *on) == {
        "ok": True,
        "complaint_id": "CMP-0001",
    }
    escalated = run(
        db, "complaint", "escalate", "CMP-0001", "--stage", "2", "--as", "TM1", *on
    )
    assert escalated.exit_code == 0, escalated.output
    assert "escalated to stage 2; flagged for the Staying Safe Management Team" in (
        escalated.output
    )
    responded = run(
        db, "complaint", "respond", "cmp-1", "partly-upheld", "--as", "HOS1", *on
    )
    assert responded.exit_code == 0, responded.output
    assert "CMP-0001: stage 2 reply recorded (partly upheld)" in responded.output
    ok(db, "complaint", "lesson", "1", "Write to parents", "--as", "TM1", *on)
    shown = run(db, "complaint", "show", "CMP-0001")
    assert shown.exit_code == 0
    assert "flagged for ssmt: yes" in shown.output
    assert "status: responded" in shown.output
    assert "- lesson: Write to parents" in shown.output


def test_skipping_a_stage_is_an_error_that_writes_nothing(db: str) -> None:
    ok(db, *RECEIVE, "--as", "TM1")
    message = refused(
        db, "complaint", "escalate", "CMP-0001", "--stage", "3", "--as", "TM1"
    )
    assert "Error: complaint CMP-0001 is at stage 1; it can be escalated only to " in (
        message
    )


def test_an_unknown_category_lists_the_categories(db: str) -> None:
    message = refused(
        db,
        "complaint",
        "receive",
        "--team",
        "safeguarding",
        "--category",
        "noise",
        "--as",
        "TM1",
    )
    assert "unknown complaint category 'noise'; allowed: communication, delay" in (
        message
    )


def test_an_unknown_outcome_lists_the_outcomes(db: str) -> None:
    ok(db, *RECEIVE, "--as", "TM1")
    message = refused(db, "complaint", "respond", "CMP-0001", "sorted", "--as", "TM1")
    assert "allowed: upheld, partly-upheld, not-upheld" in message


def test_a_compliment_is_received(db: str) -> None:
    assert ok(
        db,
        "compliment",
        "receive",
        "--team",
        "safeguarding",
        "--staff",
        "SW1",
        "--summary",
        "Thanked for her patience",
        "--as",
        "ADM1",
    ) == {"ok": True, "compliment_id": "CPL-0001"}
    shown = run(db, "compliment", "show", "CPL-0001")
    assert "staff member: SW1" in shown.output
    assert "no such staff member" in refused(
        db,
        "compliment",
        "receive",
        "--team",
        "safeguarding",
        "--staff",
        "GHOST",
        "--summary",
        "s",
        "--as",
        "ADM1",
    )


def test_a_questionnaire_is_sent_and_returned(db: str) -> None:
    sent = ok(
        db,
        "feedback",
        "send",
        "LL-1001",
        "--to",
        "family",
        "--reason",
        "closure",
        "--as",
        "ADM1",
        "--on",
        "2026-03-02",
    )
    assert sent == {"ok": True, "questionnaire_id": "FBK-0001"}
    returned = run(
        db,
        "feedback",
        "return",
        "FBK-0001",
        "--rating",
        "listened-to=4",
        "--rating",
        "overall=5",
        "--comments",
        "Kind",
        "--as",
        "ADM1",
        "--on",
        "2026-03-20",
    )
    assert returned.exit_code == 0, returned.output
    assert "FBK-0001 returned (2 of 5 questions rated)" in returned.output
    shown = json.loads(run(db, "feedback", "show", "FBK-0001", "--json").output)
    assert shown["ratings"] == {"listened-to": 4, "overall": 5}
    assert "already returned" in refused(
        db, "feedback", "return", "FBK-0001", "--rating", "overall=1", "--as", "ADM1"
    )


@pytest.mark.parametrize(
    ("rating", "says"),
    [
        ("overall=9", "the rating for overall must be a whole number from 1 to 5"),
        ("overall=good", "not 'good'"),
        ("speed=3", "unknown question 'speed'; allowed: listened-to, understood"),
        ("overall", "give each rating as QUESTION=1..5"),
    ],
)
def test_a_bad_rating_is_an_error_that_writes_nothing(
    db: str, rating: str, says: str
) -> None:
    ok(
        db,
        "feedback",
        "send",
        "LL-1001",
        "--to",
        "child",
        "--reason",
        "transfer",
        "--as",
        "ADM1",
    )
    message = refused(
        db, "feedback", "return", "FBK-0001", "--rating", rating, "--as", "ADM1"
    )
    assert says in message


def test_feedback_on_an_unknown_case_is_refused(db: str) -> None:
    message = refused(
        db,
        "feedback",
        "send",
        "LL-404",
        "--to",
        "family",
        "--reason",
        "closure",
        "--as",
        "ADM1",
    )
    assert "Error: no such case: 'LL-404'" in message


def test_the_return_help_lists_the_questions() -> None:
    result = run("unused.db", "feedback", "return", "--help")
    assert "treated-with-respect: Were you treated with respect?" in " ".join(
        result.output.split()
    )


def test_an_observation_is_recorded_and_shown(db: str) -> None:
    recorded = run(
        db,
        "observe",
        "record",
        "SW1",
        "--outcome",
        "good",
        "--support-needed",
        "--note",
        "Coaching on analysis",
        "--as",
        "TM1",
        "--on",
        "2026-03-12",
    )
    assert recorded.exit_code == 0, recorded.output
    assert "OBS-0001: SW1 observed (good; additional support needed)" in (
        recorded.output
    )
    shown = run(db, "observe", "show", "OBS-0001")
    assert "additional support needed: yes" in shown.output
    assert "next observation due by: 2027-03-12" in shown.output


def test_an_observer_below_team_manager_is_refused(db: str) -> None:
    message = refused(
        db,
        "observe",
        "record",
        "SW1",
        "--outcome",
        "good",
        "--observer",
        "SW2",
        "--as",
        "TM1",
    )
    assert "the social-worker role may not observe practice" in message


def test_support_needed_without_a_note_is_refused(db: str) -> None:
    message = refused(
        db,
        "observe",
        "record",
        "SW1",
        "--outcome",
        "good",
        "--support-needed",
        "--as",
        "TM1",
    )
    assert "say what support" in message


def test_a_meeting_is_recorded_and_shown(db: str) -> None:
    recorded = run(
        db,
        "meeting",
        "record",
        "--chair",
        "AD1",
        "--report",
        "Audit findings",
        "--report",
        "Complaints quarter 1",
        "--action",
        "ACT-0001",
        "--attendee",
        "TM1",
        "--focus",
        "Plans",
        "--as",
        "QA1",
        "--on",
        "2026-03-26",
    )
    assert recorded.exit_code == 0, recorded.output
    assert "PMM-0001 recorded: 2 report(s) tabled, 1 action(s) reviewed" in (
        recorded.output
    )
    shown = json.loads(run(db, "meeting", "show", "PMM-0001", "--json").output)
    assert shown["chair"] == "AD1"
    assert shown["attendees"] == ["AD1", "TM1"]


def test_a_meeting_reviewing_an_unknown_action_is_refused(db: str) -> None:
    message = refused(
        db,
        "meeting",
        "record",
        "--action",
        "ACT-0404",
        "--as",
        "AD1",
    )
    assert "Error: no such action: 'ACT-0404'" in message


def test_a_meeting_not_chaired_by_the_assistant_director_is_refused(db: str) -> None:
    message = refused(db, "meeting", "record", "--report", "r", "--as", "QA1")
    assert "the qa-officer role may not chair a performance management meeting" in (
        message
    )


def test_a_show_of_an_unknown_id_says_no_such(db: str) -> None:
    for group, ident, what in (
        ("complaint", "CMP-0404", "complaint"),
        ("compliment", "CPL-0404", "compliment"),
        ("feedback", "FBK-0404", "questionnaire"),
        ("observe", "OBS-0404", "observation"),
        ("meeting", "PMM-0404", "meeting"),
    ):
        result = run(db, group, "show", ident)
        assert result.exit_code == 1
        assert f"Error: no such {what}: '{ident}'" in result.output
