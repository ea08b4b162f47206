"""Projections on both stores: caught up before every read, the same when
rebuilt from event 1, and exactly once."""

from __future__ import annotations

from datetime import date

from ledger.application import QALedger
from ledger.demo import generate
from tests.conftest import given_a_started_audit
from tests.helpers.read_models import read_models, snapshot


def test_a_rebuild_gives_the_same_tables_as_building_as_events_arrive(
    ledger: QALedger, db_url: str
) -> None:
    with read_models(ledger, db_url) as models:
        models.runner.batch_size = 7  # many small batches while the ledger grows

        def catch_up_as_it_grows(stage: str, done: int, total: int) -> None:
            models.catch_up()

        generate(ledger, seed=3, start=date(2025, 1, 1), progress=catch_up_as_it_grows)
        models.catch_up()
        built_incrementally = snapshot(models)
        models.runner.batch_size = 500
        models.runner.rebuild(resume=False)
        rebuilt = snapshot(models)
    assert rebuilt == built_incrementally
    assert len(built_incrementally["audit_trail"]) == ledger.position()


def test_catching_up_twice_counts_nothing_twice(council: QALedger, db_url: str) -> None:
    with read_models(council, db_url) as models:
        models.catch_up()
        first = snapshot(models)
        assert models.catch_up() == 0
        assert snapshot(models) == first


def test_the_audit_trail_names_actor_case_and_what_happened(
    council: QALedger, db_url: str
) -> None:
    audit_id = given_a_started_audit(council)
    council.audits.grade("TM2", audit_id=audit_id, grade="good", on=date(2026, 2, 4))
    with read_models(council, db_url) as models:
        models.catch_up()
        rows = models.rows(
            "SELECT actor, actor_role, aggregate_type, aggregate_id, case_ref, "
            "event_kind, summary, occurred_on FROM audit_trail "
            "WHERE aggregate_id = ? ORDER BY position",
            (audit_id,),
        )
    kinds = [row[5] for row in rows]
    assert kinds == ["Scheduled", "Started", "GradingGiven"]
    actor, role, aggregate_type, _, case_ref, _, summary, occurred_on = rows[-1]
    assert (actor, role, aggregate_type, case_ref) == (
        "TM2",
        "team-manager",
        "Audit",
        "LL-1001",
    )
    assert summary == f"{audit_id} graded good"
    assert str(occurred_on) == "2026-02-04"


def test_grading_benchmarks_hold_a_row_per_grading_and_moderation(
    council: QALedger, db_url: str
) -> None:
    audit_id = given_a_started_audit(council)
    council.audits.grade("TM2", audit_id=audit_id, grade="good", on=date(2026, 2, 4))
    council.audits.moderate(
        "HOS1",
        audit_id=audit_id,
        replaces="good",
        grade="inadequate",
        rationale="No plan",
        on=date(2026, 5, 6),
    )
    with read_models(council, db_url) as models:
        models.catch_up()
        rows = models.rows(
            "SELECT grade_given, moderator, moderated_grade, agreed, month, quarter, "
            "half_year, team FROM grading_benchmarks ORDER BY position"
        )
    as_read = [
        (*row[:3], None if row[3] is None else bool(row[3]), *map(str, row[4:]))
        for row in rows
    ]
    assert as_read == [
        ("good", None, None, None, "2026-02", "2026Q1", "2026H1", "safeguarding"),
        (
            "good",
            "HOS1",
            "inadequate",
            False,
            "2026-05",
            "2026Q2",
            "2026H1",
            "safeguarding",
        ),
    ]


def test_every_event_kind_has_a_plain_english_line() -> None:
    from projections.summaries import TEMPLATES
    from tests.helpers.topics import domain_event_topics

    kinds = {topic.split(":")[1] for topic in domain_event_topics()}
    assert sorted(kinds - set(TEMPLATES)) == []
