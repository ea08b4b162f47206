"""The organisation read models on both stores: staff as they stand, each
stretch of a role, cases with their current grading, the same rebuilt as
built while events arrive; and the list queries over them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ledger.application import QALedger
from ledger.errors import UnknownChoice
from projections import lists
from projections.organisation import Organisation
from projections.registry import ReadModels
from projections.status import ACTION_STATUSES
from tests.helpers.organisation import given_an_organisation
from tests.helpers.read_models import read_models


def plain(rows: list[tuple[Any, ...]]) -> list[tuple[str | None, ...]]:
    """Rows with dates as ISO text on either store."""
    return [tuple(None if v is None else str(v) for v in row) for row in rows]


def caught_up(app: QALedger, db_url: str) -> ReadModels:
    models = read_models(app, db_url)
    models.catch_up()
    return models


def organisation_tables(models: ReadModels) -> dict[str, list[tuple[Any, ...]]]:
    return {
        table: sorted(plain(models.rows(f"SELECT * FROM {table}")), key=str)
        for table in Organisation.tables
    }


@pytest.fixture
def organisation(ledger: QALedger) -> QALedger:
    given_an_organisation(ledger)
    return ledger


def test_staff_stand_as_they_are_now_without_names(
    organisation: QALedger, db_url: str
) -> None:
    with caught_up(organisation, db_url) as models:
        rows = plain(
            models.rows(
                "SELECT staff_id, role, team, district, joined_on, left_on FROM staff "
                "WHERE staff_id LIKE 'SW%' ORDER BY staff_id"
            )
        )
        stored = organisation_tables(models)
    assert rows == [
        ("SW1", "social-worker", "safeguarding", "North", "2026-01-05", "2026-04-30"),
        ("SW2", "deputy-team-manager", "safeguarding", "North", "2026-01-05", None),
        ("SW3", "social-worker", "looked-after-children", "South", "2026-01-05", None),
    ]
    # given_a_council names everyone "Name of <staff id>".
    values = [v for rows in stored.values() for row in rows for v in row]
    assert not [v for v in values if v and "Name of" in v]


def test_a_role_change_and_a_leaving_end_stretches_on_exclusive_days(
    organisation: QALedger, db_url: str
) -> None:
    with caught_up(organisation, db_url) as models:
        rows = plain(
            models.rows(
                "SELECT staff_id, role, team, from_on, to_on FROM staff_periods "
                "WHERE staff_id IN ('SW1', 'SW2') ORDER BY staff_id, from_on"
            )
        )
    assert rows == [
        # Left on 30 April: still there that day.
        ("SW1", "social-worker", "safeguarding", "2026-01-05", "2026-05-01"),
        # Changed role on 1 March: the old stretch ends where the new begins.
        ("SW2", "social-worker", "safeguarding", "2026-01-05", "2026-03-01"),
        ("SW2", "deputy-team-manager", "safeguarding", "2026-03-01", None),
    ]


def held(models: ReadModels, role: str, team: str, day: date) -> list[str]:
    """Who held ``role`` in ``team`` on ``day``: the one query the table is for."""
    return [
        str(row[0])
        for row in models.rows(
            "SELECT staff_id FROM staff_periods WHERE role = ? AND team = ? "
            "AND from_on <= ? AND (to_on IS NULL OR ? < to_on) ORDER BY staff_id",
            (role, team, day, day),
        )
    ]


def test_who_held_a_role_in_a_team_on_a_day_is_one_query(
    organisation: QALedger, db_url: str
) -> None:
    with caught_up(organisation, db_url) as models:
        workers = {
            day: held(models, "social-worker", "safeguarding", day)
            for day in (
                date(2026, 1, 4),
                date(2026, 2, 28),
                date(2026, 3, 1),
                date(2026, 4, 30),
                date(2026, 5, 1),
            )
        }
        deputies = held(models, "deputy-team-manager", "safeguarding", date(2026, 3, 1))
    assert workers == {
        date(2026, 1, 4): [],
        date(2026, 2, 28): ["SW1", "SW2"],
        date(2026, 3, 1): ["SW1"],
        date(2026, 4, 30): ["SW1"],
        date(2026, 5, 1): [],
    }
    assert deputies == ["SW2"]


def test_a_change_entered_late_takes_effect_from_its_day_as_the_record_says(
    organisation: QALedger, db_url: str
) -> None:
    # Recorded after the 1 March promotion, dated before it.
    organisation.staff.change_role(
        "ADM1",
        staff_id="SW2",
        role="social-worker",
        team="family-support",
        district="North",
        on=date(2026, 2, 15),
    )
    with caught_up(organisation, db_url) as models:
        stretches = plain(
            models.rows(
                "SELECT role, team, from_on, to_on FROM staff_periods "
                "WHERE staff_id = 'SW2' ORDER BY source_position"
            )
        )
        now = plain(models.rows("SELECT role, team FROM staff WHERE staff_id = 'SW2'"))
    assert stretches == [
        ("social-worker", "safeguarding", "2026-01-05", "2026-02-15"),
        # Overtaken before it began: it holds no day.
        ("deputy-team-manager", "safeguarding", "2026-03-01", "2026-03-01"),
        ("social-worker", "family-support", "2026-02-15", None),
    ]
    shown = organisation.staff.show("SW2")
    assert now == [(shown["role"], shown["team"])]


def test_cases_hold_team_worker_closure_and_the_moderated_grade(
    organisation: QALedger, db_url: str
) -> None:
    with caught_up(organisation, db_url) as models:
        rows = plain(
            models.rows(
                "SELECT case_ref, team, district, allocated_worker, status, opened_on, "
                "closed_on, grade, graded_on, graded_by_audit FROM cases "
                "ORDER BY case_ref"
            )
        )
    assert rows == [
        # Transferred; moderated from good; the thematic audit grades no case.
        (
            "LL-1001",
            "looked-after-children",
            "North",
            "SW3",
            "open",
            "2026-01-05",
            None,
            "requires-improvement",
            "2026-02-10",
            "AUD-0001",
        ),
        (
            "LL-1002",
            "safeguarding",
            "South",
            "SW2",
            "closed",
            "2026-02-01",
            "2026-04-15",
            None,
            None,
            None,
        ),
    ]


def test_a_later_transfer_audit_grades_the_case(
    organisation: QALedger, db_url: str
) -> None:
    audit_id = organisation.audits.schedule(
        "QA1",
        kind="transfer",
        auditor="HOS2",
        week=date(2026, 3, 16),
        case_ref="LL-1001",
        theme=None,
        on=date(2026, 3, 12),
    )
    organisation.audits.start("HOS2", audit_id=audit_id, on=date(2026, 3, 16))
    organisation.audits.grade(
        "HOS2", audit_id=audit_id, grade="good", on=date(2026, 3, 17)
    )
    with caught_up(organisation, db_url) as models:
        rows = plain(
            models.rows(
                "SELECT grade, graded_on, graded_by_audit FROM cases "
                "WHERE case_ref = 'LL-1001'"
            )
        )
    assert rows == [("good", "2026-03-17", audit_id)]


def test_a_rebuild_gives_the_tables_built_as_events_arrived(
    ledger: QALedger, db_url: str
) -> None:
    with read_models(ledger, db_url) as models:
        models.runner.batch_size = 2  # many small batches, cache misses too
        given_an_organisation(ledger, between=models.catch_up)
        models.catch_up()
        built_as_events_arrived = organisation_tables(models)
        models.runner.batch_size = 500
        models.runner.rebuild(resume=False)
        rebuilt = organisation_tables(models)
    assert rebuilt == built_as_events_arrived
    assert len(built_as_events_arrived["staff_periods"]) == 12  # 11 joined, 1 change


def test_forgetting_what_it_remembers_changes_nothing_written(
    ledger: QALedger, db_url: str
) -> None:
    """Every later event is placed from its own tables once the memory is
    gone (as after a failed batch, or past capacity)."""
    with read_models(ledger, db_url) as models:
        organisation = next(
            p for p in models.runner.projections if isinstance(p, Organisation)
        )

        def forget() -> None:
            models.catch_up()
            organisation.reset()

        given_an_organisation(ledger, between=forget)
        models.catch_up()
        forgetful = organisation_tables(models)
        models.runner.rebuild(resume=False)
        assert organisation_tables(models) == forgetful


def test_the_list_queries_filter_by_vocabulary_words(
    organisation: QALedger, db_url: str
) -> None:
    with caught_up(organisation, db_url) as models:
        deputies = lists.staff(models, team="Safeguarding", role="deputy team manager")
        south = lists.cases(models, district="south")
        thematic = lists.audits(models, kind="thematic")
        with pytest.raises(UnknownChoice, match="unknown team 'nowhere'"):
            lists.cases(models, team="nowhere")
    assert [row["staff_id"] for row in deputies] == ["SW2"]
    assert [row["case_ref"] for row in south] == ["LL-1002"]
    assert [row["audit_id"] for row in thematic] == ["AUD-0002"]


def test_an_actions_status_is_read_as_of_the_day_asked(
    organisation: QALedger, db_url: str
) -> None:
    with caught_up(organisation, db_url) as models:
        on_due_day = {
            row["action_id"]: row["status"]
            for row in lists.actions(models, date(2026, 3, 4))
        }
        before = {
            row["action_id"]: row["status"]
            for row in lists.actions(models, date(2026, 2, 28))
        }
        due = lists.actions(models, date(2026, 3, 4), status="due")
    assert on_due_day == {
        "ACT-0001": "due",
        "ACT-0002": "completed",
        "ACT-0003": "open",
    }
    # Completed on 1 March: not yet, on 28 February.
    assert before == {"ACT-0001": "open", "ACT-0002": "open", "ACT-0003": "open"}
    assert [row["action_id"] for row in due] == ["ACT-0001"]


def test_the_status_words_are_the_one_definitions() -> None:
    assert tuple(lists.ActionStatus.choices()) == ACTION_STATUSES
    assert lists.AuditStatus.choices() == [
        "scheduled",
        "started",
        "completed",
        "cancelled",
    ]
