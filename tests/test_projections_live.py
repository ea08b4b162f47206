"""qaledger projections run follows the ledger live on PostgreSQL: an event
recorded while it runs reaches the read models without anyone reading."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date

import psycopg
import pytest

from ledger.application import QALedger
from ledger.storage.store import locate
from projections.engine.read_store import open_read_store
from tests.conftest import TODAY, given_a_council, postgres_schema_url

FOLLOW = "from commands.cli import main; main()"
PATIENCE_SECONDS = 60  # a wait for the follower, not a speed requirement


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from postgres_schema_url()


def trail_position(url: str) -> int:
    store = open_read_store(locate(url))
    try:
        with store.reading() as cursor:
            rows = cursor.fetchall(
                "SELECT position FROM projection_positions "
                "WHERE projection = 'audit_trail'"
            )
        return int(rows[0][0]) if rows else 0
    except psycopg.errors.UndefinedTable:
        return 0  # the follower has not created the read models yet
    finally:
        store.close()


def wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)
    pytest.fail(f"gave up waiting for {what}")


def test_projections_run_follows_new_events_as_they_are_recorded(
    postgres_url: str,
) -> None:
    app = QALedger(locate(postgres_url).env, today=lambda: TODAY)
    given_a_council(app)
    follower = subprocess.Popen(
        [sys.executable, "-c", FOLLOW, "projections", "run", "--db", postgres_url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=os.environ.copy(),
    )
    try:
        head = app.position()
        wait_for(lambda: trail_position(postgres_url) == head, "the catch-up")
        app.cases.close(
            "TM1",
            case_ref="LL-1001",
            reason="Needs met",
            function="case-closure",
            on=date(2026, 3, 1),
        )
        wait_for(
            lambda: trail_position(postgres_url) == app.position(),
            "the new event to be followed",
        )
        assert follower.poll() is None, "the follower stopped by itself"
    finally:
        follower.send_signal(signal.SIGTERM)
        _, errors = follower.communicate(timeout=PATIENCE_SECONDS)
        app.close()
    assert b"stopped" in errors
