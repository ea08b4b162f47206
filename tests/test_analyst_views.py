"""The views a data team queries for an Ofsted preparation meeting give the
same rows on SQLite and PostgreSQL from the same events, and say what the
events say."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ledger.application import QALedger
from ledger.storage.store import locate
from projections.dictionary import dictionary
from projections.engine.read_store import open_read_store
from reports.generate import ReportModels
from tests.conftest import postgres_schema_url
from tests.helpers.records import given_a_reporting_ledger

VIEWS = {
    "actions_now": "action_id",
    "overdue_actions_by_team": "team, owner",
    "grading_by_cycle_and_team": "cycle, team, grade",
    "supervision_on_time": "supervisee",
    "decisions_by_team": "team",
    "complaints_by_stage": "team, stage, status",
    "case_tracking": "case_ref",
}


def plain(value: Any) -> Any:
    """A cell as both stores can be compared: dates as ISO text, numbers as
    ints."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value)
    return value


Rows = dict[str, list[tuple[Any, ...]]]


def view_rows(db: str) -> Rows:
    """The reporting ledger built at ``db``, its read models caught up, and
    every view's rows in a stated order."""
    app = QALedger(locate(db).env, today=lambda: date(2026, 6, 30))
    try:
        given_a_reporting_ledger(app)
        with ReportModels(app, locate(db), app.settings) as models:
            models.catch_up()
    finally:
        app.close()
    store = open_read_store(locate(db))
    try:
        with store.transaction() as cursor:
            return {
                view: [
                    tuple(plain(v) for v in row)
                    for row in cursor.fetchall(f"SELECT * FROM {view} ORDER BY {key}")
                ]
                for view, key in VIEWS.items()
            }
    finally:
        store.close()


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Rows, Rows]]:
    sqlite = view_rows(str(tmp_path_factory.mktemp("views") / "ledger.db"))
    for url in postgres_schema_url():
        yield sqlite, view_rows(url)


def test_every_view_gives_the_same_rows_on_both_stores(
    both: tuple[Rows, Rows],
) -> None:
    sqlite, postgres = both
    assert set(sqlite) == set(VIEWS)
    for view in VIEWS:
        assert sqlite[view] == postgres[view], view
    assert sum(map(len, sqlite.values())) > 10  # really filled


def test_the_views_say_what_the_events_say(both: tuple[Rows, Rows]) -> None:
    rows, _ = both
    # ACT-0001 was completed on 10 March; ACT-0002 (due 12 March) is open.
    statuses = {row[0]: row[-1] for row in rows["actions_now"]}
    assert statuses == {"ACT-0001": "completed", "ACT-0002": "overdue"}
    # The cycle's first grading (good) was moderated to requires improvement.
    assert rows["grading_by_cycle_and_team"] == [
        ("2026H1", "safeguarding", "requires-improvement", 2, 1)
    ]
    (overdue,) = rows["overdue_actions_by_team"]
    assert overdue[1:3] == ("SW1", 1)
    tracking = {row[0]: row for row in rows["case_tracking"]}
    assert tracking["LL-1001"][6] >= 1  # audited
    stages = {(row[1], row[2]): row[3] for row in rows["complaints_by_stage"]}
    assert stages[(3, "closed")] == 1


def test_the_views_are_in_the_data_dictionary() -> None:
    described = dictionary()
    for view in VIEWS:
        assert described[view].is_view, view
