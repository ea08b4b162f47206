"""Faults during catch-up: a rebuild process killed with SIGKILL part-way,
and a batch that fails half-applied. Either way, resuming gives the tables a
clean build gives, with nothing counted twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from ledger.application import QALedger
from ledger.bulk.moves import import_ledger
from ledger.storage.store import locate
from projections.engine.projection import Position
from projections.engine.read_store import (
    Cursor,
    PostgresReadStore,
    SQLiteReadStore,
    open_read_store,
)
from tests.helpers.read_models import read_models, snapshot

REBUILD = "from commands.cli import main; main()"


def rebuild_progress(store: SQLiteReadStore | PostgresReadStore) -> tuple[int, bool]:
    with store.reading() as cursor:
        rows = cursor.fetchall(
            "SELECT position, rebuilding FROM projection_positions "
            "WHERE projection = 'audit_trail'"
        )
    return int(rows[0][0]), bool(rows[0][1])


def frozen_part_way(
    store: SQLiteReadStore | PostgresReadStore,
    head: int,
    child: subprocess.Popen[bytes],
) -> Any:
    """Watch (without locking) until the rebuild is part-way, then take the
    positions lock so the rebuild waits on it; return the open transaction
    and the position reached."""
    while True:
        assert child.poll() is None, "the rebuild ended before it could be caught"
        position, rebuilding = rebuild_progress(store)
        if not (rebuilding and 0 < position < head):
            time.sleep(0.001)
            continue
        transaction = store.transaction()
        cursor = transaction.__enter__()
        lock = " FOR UPDATE" if store.dialect == "postgres" else ""
        rows = cursor.fetchall(
            "SELECT position FROM projection_positions "
            "WHERE projection = 'audit_trail'" + lock
        )
        return transaction, int(rows[0][0])


def test_a_rebuild_killed_part_way_resumes_to_the_same_tables(
    ledger: QALedger, db_url: str, demo_year_file: Path
) -> None:
    import_ledger(db_url, demo_year_file)
    head = ledger.position()
    with read_models(ledger, db_url) as models:
        models.catch_up()
        clean = snapshot(models)

    env = {**os.environ, "QALEDGER_PROJECTION_BATCH": "1"}
    child = subprocess.Popen(
        [sys.executable, "-c", REBUILD, "projections", "rebuild", "--db", db_url],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    watcher = open_read_store(locate(db_url))
    try:
        transaction, reached = frozen_part_way(watcher, head, child)
        child.send_signal(signal.SIGKILL)
        child.wait()
        transaction.__exit__(None, None, None)
    finally:
        if child.poll() is None:
            child.kill()
        watcher.close()
    assert child.returncode == -signal.SIGKILL
    assert 0 < reached < head

    with read_models(ledger, db_url) as models:
        assert models.runner.status()[0].rebuilding  # the interruption shows
        models.runner.rebuild()  # resumes where the killed process stopped
        assert snapshot(models) == clean
        assert not any(s.rebuilding for s in models.runner.status())


class Failing(Exception):
    pass


def test_a_batch_that_fails_half_applied_leaves_nothing_behind(
    ledger: QALedger, db_url: str, demo_year_file: Path
) -> None:
    import_ledger(db_url, demo_year_file)
    with read_models(ledger, db_url) as models:
        models.catch_up()
        clean = snapshot(models)
        trail = models.runner.projections[0]
        handle = trail.handle
        seen = 0

        def fail_part_way(event: Any, at: Position, cursor: Cursor) -> None:
            nonlocal seen
            seen += 1
            if seen == 150:  # mid-way through the second batch of 100
                raise Failing
            handle(event, at, cursor)

        trail.handle = fail_part_way  # type: ignore[method-assign]
        models.runner.batch_size = 100
        with pytest.raises(Failing):
            models.runner.rebuild(resume=False)
        trail.handle = handle  # type: ignore[method-assign]
        assert models.rows("SELECT COUNT(*) FROM audit_trail") == [(100,)]
        models.runner.rebuild()
        assert snapshot(models) == clean
