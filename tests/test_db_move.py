"""qaledger db move: a demo-sized SQLite ledger copied into a fresh
PostgreSQL schema gives the same tree head, the same events, the same
checkpoints and the same read-model tables; an interrupted move resumes; a
source that does not verify, or a schema holding another ledger, is refused
with nothing written."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from eventsourcing.persistence import Notification

from commands.cli import main
from ledger.application import QALedger
from ledger.bulk.log_copy import EMPTY_HEAD, copy_events, ledger_exists, source_head
from ledger.demo import generate
from ledger.integrity.verification import TreeHead
from ledger.settings import Settings
from ledger.storage.store import locate, prepare
from projections.registry import ReadModels
from tests.conftest import TODAY, postgres_schema_url
from tests.helpers.read_models import Tables, portable, snapshot
from tests.helpers.tampering import Tamperer


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def move(source: str, target: str, *more: str) -> Result:
    return run("db", "move", "--db", source, "--to", target, *more)


@contextmanager
def fresh_schema() -> Iterator[str]:
    with contextmanager(postgres_schema_url)() as url:
        yield url


@pytest.fixture
def schema() -> Iterator[str]:
    with fresh_schema() as url:
        yield url


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A year of one council (about 3,000 events) with a signed-off head."""
    db = str(tmp_path_factory.mktemp("move") / "demo.db")
    app = QALedger(locate(db).env, today=lambda: TODAY)
    try:
        generate(app, seed=4, start=date(2025, 1, 1))
        app.integrity.record_checkpoint("QA1")
    finally:
        app.close()
    return db


@contextmanager
def opened(db: str) -> Iterator[QALedger]:
    app = QALedger(prepare(locate(db)).env, today=lambda: TODAY)
    try:
        yield app
    finally:
        app.close()


def head_of(db: str) -> TreeHead:
    with opened(db) as app:
        verification = app.integrity.verify()
        assert verification.ok, verification.finding
        return verification.head


def events_of(db: str) -> list[Notification]:
    with opened(db) as app:
        return list(app.notifications())


def tables_of(db: str, *, rebuild: bool) -> Tables:
    with opened(db) as app, ReadModels(app, locate(db), Settings()) as models:
        if rebuild:
            models.runner.rebuild(resume=False)
        return portable(snapshot(models))


def test_a_move_gives_the_same_heads_events_checkpoints_and_read_models(
    demo_db: str, schema: str
) -> None:
    head = head_of(demo_db)
    result = move(demo_db, schema)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    described = (
        f"head {head.digest} over {head.tree_size} events up to position "
        f"{head.last_position}"
    )
    assert lines[0] == f"source {demo_db}: verified, {described}"
    assert lines[1] == f"target {locate(schema).display}: verified, {described}"
    assert lines[2].startswith(
        f"heads match; copied {head.tree_size} events (0 were already there) "
        "and 1 checkpoint(s); read models rebuilt"
    )
    assert head_of(schema) == head
    assert events_of(schema) == events_of(demo_db)
    with opened(demo_db) as source, opened(schema) as target:
        assert (
            target.integrity.checkpoints()[0].root_hash
            == source.integrity.checkpoints()[0].root_hash
        )
        assert target.integrity.verify().checkpoints_checked == 1
    moved = tables_of(schema, rebuild=False)
    assert sum(map(len, moved.values())) > head.tree_size  # really built
    assert moved == tables_of(demo_db, rebuild=True)


def test_an_interrupted_move_resumes_and_ends_with_matching_heads(
    demo_db: str, schema: str
) -> None:
    class PowerCut(Exception):
        pass

    batches: list[list[Notification]] = []

    def third_batch_fails(batch: list[Notification]) -> None:
        batches.append(batch)
        if len(batches) == 3:
            raise PowerCut()

    with opened(demo_db) as source, opened(schema) as target:
        head = source_head(source, EMPTY_HEAD, where=schema)
        with pytest.raises(PowerCut):
            copy_events(
                source,
                target,
                after=0,
                head=head,
                batch=100,
                before_batch=third_batch_fails,
            )
        assert target.position() == 200
        assert target.integrity.verify().ok

    result = move(demo_db, schema, "--json")
    assert result.exit_code == 0, result.output
    assert '"already": 200' in result.stdout
    assert f'"copied": {head.tree_size - 200}' in result.stdout
    assert head_of(schema) == head_of(demo_db)
    assert events_of(schema) == events_of(demo_db)
    # Running it again copies nothing and still agrees.
    again = move(demo_db, schema)
    assert again.exit_code == 0, again.output
    assert "copied 0 events" in again.stdout


def test_a_schema_holding_another_ledger_is_refused(demo_db: str, schema: str) -> None:
    with opened(schema) as other:
        other.staff.init(admin_id="ADM9", name="Another Council", on=date(2026, 1, 5))
    before = events_of(schema)
    result = move(demo_db, schema)
    assert result.exit_code == 1
    assert "is not an interrupted copy of this ledger" in result.stderr
    assert "nothing was copied" in result.stderr
    assert events_of(schema) == before


def test_a_source_that_does_not_verify_is_refused_and_nothing_is_written(
    demo_db: str, schema: str, tmp_path: Path
) -> None:
    tampered = tmp_path / "tampered.db"
    shutil.copy(demo_db, tampered)
    Tamperer(str(tampered)).set_state(40, b"{}")
    result = move(str(tampered), schema)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: the ledger does not verify, so nothing was copied: position 40 changed"
    )
    assert not ledger_exists(locate(schema))


def test_the_target_must_be_postgresql(demo_db: str, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.db"
    result = move(demo_db, str(elsewhere))
    assert result.exit_code == 1
    assert "is not a postgresql:// URL" in result.stderr
    assert not elsewhere.exists()


def test_a_missing_source_is_refused(schema: str, tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    result = move(str(missing), schema)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: no ledger at {missing}")
    assert not missing.exists()
    assert not ledger_exists(locate(schema))
