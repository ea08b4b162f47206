"""The complaint, feedback, observation and meeting read models the reports
read, on both stores: every event becomes the rows the data dictionary
describes, and a rebuild from event 1 gives the same tables."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from ledger.application import QALedger
from ledger.storage.store import locate
from projections.engine.runner import ProjectionRunner
from projections.oversight_records import oversight_record_projections
from projections.registry import ReadModels
from tests.helpers.records import given_oversight_records

D = date(2026, 3, 2)


@pytest.fixture
def models(
    ledger: QALedger, db_url: str
) -> Iterator[tuple[QALedger, ReadModels, ProjectionRunner]]:
    given_oversight_records(ledger)
    # Only these projections: the registry need not list them.
    read_models = ReadModels(ledger, locate(db_url), ledger.settings, names=[])
    runner = ProjectionRunner(ledger, read_models.store, oversight_record_projections())
    try:
        yield ledger, read_models, runner
    finally:
        read_models.close()


def rows(models: ReadModels, statement: str) -> list[tuple[Any, ...]]:
    return [tuple(plain(v) for v in row) for row in models.rows(statement)]


def plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def test_complaints_keep_where_each_stands_and_every_step(
    models: tuple[QALedger, ReadModels, ProjectionRunner],
) -> None:
    _, read_models, runner = models
    runner.catch_up()
    assert rows(
        read_models,
        "SELECT complaint_id, team, category, case_ref, received_on, stage, "
        "stage_reached_on, status, last_outcome, last_responded_on, lessons "
        "FROM complaints ORDER BY complaint_id",
    ) == [
        ("CMP-0001", "safeguarding", "delay", "LL-1001", "2026-03-02", 3,
         "2026-03-23", "closed", "partly-upheld", "2026-03-30", 1),
        ("CMP-0002", "looked-after-children", "placement", None, "2026-03-04", 1,
         "2026-03-04", "open", None, None, 0),
    ]  # fmt: skip
    assert rows(
        read_models,
        "SELECT complaint_id, step, stage, occurred_on, outcome, detail, actor "
        "FROM complaint_steps ORDER BY position",
    ) == [
        ("CMP-0001", "received", 1, "2026-03-02", None, None, "TM1"),
        ("CMP-0001", "responded", 1, "2026-03-09", "not-upheld", "explained", "TM1"),
        ("CMP-0001", "escalated", 2, "2026-03-10", None, "not satisfied", "TM1"),
        # A lesson takes the stage the complaint was at.
        ("CMP-0001", "lesson", 2, "2026-03-11", None, "Say when letters go", "TM1"),
        ("CMP-0001", "responded", 2, "2026-03-20", "upheld", None, "HOS1"),
        ("CMP-0001", "escalated", 3, "2026-03-23", None, None, "HOS1"),
        ("CMP-0001", "responded", 3, "2026-03-30", "partly-upheld", None, "HOS1"),
        ("CMP-0002", "received", 1, "2026-03-04", None, None, "TM2"),
    ]
    assert rows(
        read_models,
        "SELECT compliment_id, team, case_ref, staff_member, received_on, "
        "received_by, summary FROM compliments",
    ) == [
        ("CPL-0001", "safeguarding", None, "SW1", "2026-03-05", "TM1", "Kind and clear")
    ]


def test_questionnaires_observations_and_meetings(
    models: tuple[QALedger, ReadModels, ProjectionRunner],
) -> None:
    _, read_models, runner = models
    runner.catch_up()
    assert rows(
        read_models,
        "SELECT questionnaire_id, case_ref, recipient, reason, sent_on, returned_on, "
        "listened_to, understood, helped, treated_with_respect, overall, has_comments "
        "FROM questionnaires ORDER BY questionnaire_id",
    ) == [
        ("FBK-0001", "LL-1002", "family", "closure", "2026-03-03", "2026-03-12",
         5, None, None, None, 4, 1),
        ("FBK-0002", "LL-1002", "child", "transfer", "2026-03-13", None,
         None, None, None, None, None, 0),
    ]  # fmt: skip
    assert rows(
        read_models,
        "SELECT observation_id, staff_member, observer, observed_on, outcome, "
        "support_needed FROM observations ORDER BY observation_id",
    ) == [
        ("OBS-0001", "SW1", "TM1", "2026-03-06", "good", 0),
        ("OBS-0002", "SW2", "TM1", "2026-03-07", "requires-improvement", 1),
    ]
    assert rows(
        read_models, "SELECT meeting_id, held_on, chair, focus FROM meetings"
    ) == [("PMM-0001", "2026-03-16", "AD1", "Plans")]
    assert rows(
        read_models,
        "SELECT kind, ordinal, item FROM meeting_items ORDER BY kind, ordinal",
    ) == [
        ("attendee", 1, "AD1"),
        ("attendee", 2, "TM1"),
        ("report", 1, "Audit findings"),
        ("report", 2, "Complaints"),
    ]


def test_a_rebuild_from_event_one_gives_the_same_tables(
    models: tuple[QALedger, ReadModels, ProjectionRunner],
) -> None:
    _, read_models, runner = models
    tables = [t for p in oversight_record_projections() for t in p.tables]

    def snapshot() -> dict[str, list[tuple[Any, ...]]]:
        return {
            table: sorted(
                tuple(str(v) for v in row)
                for row in read_models.rows(f"SELECT * FROM {table}")
            )
            for table in tables
        }

    runner.catch_up()
    first = snapshot()
    assert all(first.values())
    runner.rebuild()
    assert snapshot() == first


def test_events_are_applied_once_however_often_it_catches_up(
    models: tuple[QALedger, ReadModels, ProjectionRunner],
) -> None:
    app, read_models, runner = models
    runner.catch_up()
    runner.catch_up()
    app.complaints.receive("TM1", team="safeguarding", category="other", on=D)
    runner.catch_up()
    assert rows(read_models, "SELECT COUNT(*) FROM complaints") == [(3,)]
    assert rows(
        read_models, "SELECT COUNT(*) FROM complaint_steps WHERE step = 'received'"
    ) == [(3,)]
