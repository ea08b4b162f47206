"""The audit lifecycle on the aggregate alone: given events, when a command,
then new events or a named refusal."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.audits.audit import Audit
from ledger.errors import (
    AuditClosed,
    DateTooEarly,
    GradingRequired,
    InvalidTransition,
    ModerationMismatch,
    NotAssignedAuditor,
    RoleNotPermitted,
)
from ledger.events import Attribution
from ledger.vocabulary import AuditKind, Grade

AUDITOR = Attribution("TM2", "team-manager", date(2026, 2, 3))
MODERATOR = Attribution("HOS2", "head-of-service", date(2026, 2, 10))


def scheduled(kind: AuditKind = AuditKind.WHOLE_CASE_FILE) -> Audit:
    return Audit.schedule(
        Attribution("QA1", "qa-officer", date(2026, 1, 20)),
        audit_id="AUD-0001",
        kind=kind,
        case_ref="LL-1001",
        supervisee=None,
        auditor="TM2",
        week=date(2026, 2, 2),
        theme=None,
    )


def started(kind: AuditKind = AuditKind.WHOLE_CASE_FILE) -> Audit:
    audit = scheduled(kind)
    audit.start(AUDITOR, look_back_months=12)
    return audit


def graded(grade: Grade = Grade.GOOD) -> Audit:
    audit = started()
    audit.give_grading(AUDITOR, grade=grade)
    return audit


def new_event_names(audit: Audit) -> list[str]:
    return [type(event).__name__ for event in audit.collect_events()]


def test_scheduling_then_starting_records_the_look_back_window() -> None:
    audit = scheduled()
    audit.start(AUDITOR, look_back_months=18)
    assert new_event_names(audit) == ["Scheduled", "Started"]
    assert audit.status == "started"
    assert audit.look_back_months == 18


def test_the_full_lifecycle_records_each_step_as_its_own_event() -> None:
    audit = started()
    audit.assess_section(AUDITOR, section="Assessment", finding="Current")
    audit.give_grading(AUDITOR, grade=Grade.GOOD)
    audit.raise_urgent_concern(
        AUDITOR, concern="No visit", team_manager="TM1", social_worker="SW1"
    )
    audit.give_feedback(
        AUDITOR, summary="Fine", social_worker="SW1", team_manager="TM1"
    )
    audit.send_alert(AUDITOR, team_manager="TM1", head_of_service="HOS1")
    audit.record_on_case_system(AUDITOR, note="note")
    audit.moderate(MODERATOR, replaces=Grade.GOOD, grade=Grade.GOOD, rationale="Agree")
    audit.complete(Attribution("TM2", "team-manager", date(2026, 2, 12)), findings="")
    assert new_event_names(audit) == [
        "Scheduled",
        "Started",
        "SectionAssessed",
        "GradingGiven",
        "UrgentConcernRaised",
        "FeedbackGiven",
        "AlertSent",
        "RecordedOnCaseSystem",
        "GradingModerated",
        "Completed",
    ]
    assert audit.moderations[0]["agreed"] is True


def test_a_whole_case_file_audit_cannot_complete_without_a_grading() -> None:
    audit = started()
    with pytest.raises(GradingRequired):
        audit.complete(AUDITOR, findings="")


def test_a_thematic_audit_may_complete_without_a_grading() -> None:
    audit = started(AuditKind.THEMATIC)
    audit.complete(AUDITOR, findings="Theme embedded")
    assert audit.status == "completed"


def test_only_the_assigned_auditor_grades() -> None:
    audit = started()
    with pytest.raises(NotAssignedAuditor, match="only the assigned auditor"):
        audit.give_grading(
            Attribution("TM1", "team-manager", date(2026, 2, 3)), grade=Grade.GOOD
        )


def test_a_grading_is_given_once_and_changed_only_by_moderation() -> None:
    audit = graded()
    with pytest.raises(InvalidTransition, match="moderation"):
        audit.give_grading(AUDITOR, grade=Grade.OUTSTANDING)


def test_only_a_head_of_service_moderates() -> None:
    audit = graded()
    with pytest.raises(RoleNotPermitted, match="head-of-service"):
        audit.moderate(
            Attribution("QA1", "qa-officer", date(2026, 2, 10)),
            replaces=Grade.GOOD,
            grade=Grade.INADEQUATE,
            rationale="No",
        )


def test_a_moderation_names_the_grade_it_replaces() -> None:
    audit = graded(Grade.GOOD)
    with pytest.raises(ModerationMismatch, match="graded good, not outstanding"):
        audit.moderate(
            MODERATOR, replaces=Grade.OUTSTANDING, grade=Grade.GOOD, rationale="x"
        )


def test_a_moderation_needs_a_rationale() -> None:
    audit = graded(Grade.GOOD)
    with pytest.raises(Exception, match="rationale"):
        audit.moderate(MODERATOR, replaces=Grade.GOOD, grade=Grade.GOOD, rationale=" ")


def test_a_moderation_keeps_the_original_grade_beside_the_new_one() -> None:
    audit = graded(Grade.GOOD)
    audit.moderate(
        MODERATOR, replaces=Grade.GOOD, grade=Grade.REQUIRES_IMPROVEMENT, rationale="x"
    )
    assert audit.grade == "requires-improvement"
    assert audit.original_grade == "good"
    assert audit.moderations[0]["agreed"] is False


def test_nothing_but_moderation_happens_to_a_completed_audit() -> None:
    audit = graded()
    audit.complete(AUDITOR, findings="")
    with pytest.raises(AuditClosed):
        audit.assess_section(AUDITOR, section="Plan", finding="late")
    with pytest.raises(AuditClosed):
        audit.cancel(AUDITOR, reason="late")
    audit.moderate(MODERATOR, replaces=Grade.GOOD, grade=Grade.GOOD, rationale="ok")
    assert audit.status == "completed"


def test_nothing_happens_to_a_cancelled_audit() -> None:
    audit = started()
    audit.cancel(AUDITOR, reason="Case closed")
    with pytest.raises(AuditClosed, match="cancelled"):
        audit.give_grading(AUDITOR, grade=Grade.GOOD)


def test_an_audit_must_be_started_before_it_is_graded() -> None:
    audit = scheduled()
    with pytest.raises(InvalidTransition, match="must be started"):
        audit.give_grading(AUDITOR, grade=Grade.GOOD)


def test_an_audit_step_cannot_be_dated_before_the_audit_started() -> None:
    audit = started()
    with pytest.raises(DateTooEarly):
        audit.give_grading(
            Attribution("TM2", "team-manager", date(2026, 2, 1)), grade=Grade.GOOD
        )
