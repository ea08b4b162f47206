"""qaledger export events and import events, on both stores: the file round
trips byte for byte, an interrupted import (a batch that fails, a process
killed with SIGKILL) resumes to the same ledger, and a tampered file or a
ledger that is not empty is refused with nothing written."""

from __future__ import annotations

import base64
import json
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from hashlib import sha256
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from click.testing import CliRunner, Result
from eventsourcing.persistence import IntegrityError, Notification, StoredEvent
from psycopg import sql

from commands.cli import main
from ledger.application import QALedger
from ledger.bulk.events_file import check_events_file, import_events
from ledger.bulk.log_copy import ledger_exists
from ledger.integrity.leaves import event_leaf_hash
from ledger.integrity.merkle import TreeBuilder
from ledger.integrity.verification import TreeHead
from ledger.storage.cipher_keys import KEY_VARIABLE, new_key
from ledger.storage.store import locate, postgres_conninfo, prepare
from tests.conftest import (
    POSTGRES_URL,
    TODAY,
    given_a_council,
    given_a_started_audit,
    postgres_schema_url,
)
from tests.helpers.postgres_roles import drop_roles
from tests.helpers.tampering import Tamperer

BATCH = "4"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def export(db: str, out: Path) -> Result:
    result = run("export", "events", "--db", db, "--out", str(out))
    assert result.exit_code == 0, result.output
    return result


def import_(file: Path, db: str, *more: str) -> Result:
    return run("import", "events", str(file), "--db", db, "--batch", BATCH, *more)


def store_kind(db_url: str) -> str:
    return "postgres" if locate(db_url).is_postgres else "sqlite"


@contextmanager
def fresh_ledger(kind: str, folder: Path) -> Iterator[str]:
    """Where a new, empty ledger of ``kind`` can go."""
    if kind == "sqlite":
        yield str(folder / f"copy-{uuid.uuid4().hex[:8]}.db")
    else:
        with contextmanager(postgres_schema_url)() as url:
            yield url


@pytest.fixture
def target(db_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty ledger location on the same store as ``db_url``."""
    with fresh_ledger(store_kind(db_url), tmp_path) as url:
        yield url


def head_of(db: str) -> TreeHead:
    app = QALedger(locate(db).env)
    try:
        verification = app.integrity.verify()
        assert verification.ok, verification.finding
        return verification.head
    finally:
        app.close()


def events_of(db: str) -> list[Notification]:
    app = QALedger(locate(db).env)
    try:
        return list(app.notifications())
    finally:
        app.close()


def with_more_history(app: QALedger) -> QALedger:
    audit_id = given_a_started_audit(app)
    app.audits.grade("TM2", audit_id=audit_id, grade="good", on=date(2026, 2, 4))
    app.cases.open(
        "TM1",
        case_ref="LL-1002",
        team="safeguarding",
        district="North",
        worker="SW2",
        on=date(2026, 2, 5),
    )
    return app


@pytest.fixture
def exported(council: QALedger, db_url: str, tmp_path: Path) -> Path:
    with_more_history(council)
    out = tmp_path / "ledger.jsonl"
    export(db_url, out)
    return out


def lines_of(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def nothing_written(db: str) -> bool:
    """No ledger tables at ``db``: the SQLite file or the schema's tables
    were never created."""
    return not ledger_exists(locate(db))


# The file.


def test_the_file_holds_every_event_as_stored_and_ends_with_the_verified_head(
    exported: Path, council: QALedger
) -> None:
    lines = [json.loads(line) for line in lines_of(exported)]
    stored = list(council.notifications())
    assert lines[0] == {"format": "qaledger-events", "version": 1}
    assert [
        (
            e["position"],
            uuid.UUID(e["originator_id"]),
            e["originator_version"],
            e["topic"],
            base64.b64decode(e["state"]),
        )
        for e in lines[1:-1]
    ] == [
        (n.id, n.originator_id, n.originator_version, n.topic, n.state) for n in stored
    ]
    head = council.integrity.verify().head
    assert lines[-1] == {
        "tree_head": {
            "tree_size": head.tree_size,
            "last_position": head.last_position,
            "digest": head.digest,
        }
    }


def test_export_import_export_gives_the_same_bytes(
    exported: Path, db_url: str, target: str, tmp_path: Path
) -> None:
    result = import_(exported, target)
    assert result.exit_code == 0, result.output
    assert f"imported {len(lines_of(exported)) - 2} events" in result.stdout
    again = tmp_path / "again.jsonl"
    export(target, again)
    assert again.read_bytes() == exported.read_bytes()
    assert head_of(target) == head_of(db_url)
    assert events_of(target) == events_of(db_url)


def test_a_ledger_crosses_stores_through_the_file(
    exported: Path, db_url: str, tmp_path: Path
) -> None:
    other = "sqlite" if store_kind(db_url) == "postgres" else "postgres"
    with fresh_ledger(other, tmp_path) as elsewhere:
        result = import_(exported, elsewhere, "--json")
        assert result.exit_code == 0, result.output
        head = head_of(db_url)
        assert json.loads(result.stdout)["head"] == {
            "events": head.tree_size,
            "position": head.last_position,
            "digest": head.digest,
        }
        back = tmp_path / "back.jsonl"
        export(elsewhere, back)
    assert back.read_bytes() == exported.read_bytes()


def test_the_imported_ledger_works_as_the_original(exported: Path, target: str) -> None:
    assert import_(exported, target).exit_code == 0
    app = QALedger(locate(target).env, today=lambda: TODAY)
    try:
        app.cases.open(
            "TM1",
            case_ref="LL-2001",
            team="safeguarding",
            district="North",
            worker="SW1",
            on=date(2026, 3, 2),
        )
        assert app.integrity.verify().ok
    finally:
        app.close()
    assert run("projections", "rebuild", "--db", target).exit_code == 0


def test_an_encrypted_ledger_stays_ciphertext_and_imports_without_the_key(
    db_url: str, target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(KEY_VARIABLE, new_key())
    app = QALedger(locate(db_url).env, today=lambda: TODAY)
    given_a_council(app)
    app.close()
    out = tmp_path / "secret.jsonl"
    export(db_url, out)
    states = [
        base64.b64decode(json.loads(line)["state"]) for line in lines_of(out)[1:-1]
    ]
    assert not any(b"Name of" in state or b"actor_id" in state for state in states)
    with monkeypatch.context() as without:
        without.delenv(KEY_VARIABLE)
        assert import_(out, target).exit_code == 0
        assert head_of(target) == head_of(db_url)
    copy = QALedger(locate(target).env, today=lambda: TODAY)
    try:
        assert copy.staff_member("SW1").role == "social-worker"
    finally:
        copy.close()


def test_an_empty_ledger_round_trips(
    ledger: QALedger, db_url: str, target: str, tmp_path: Path
) -> None:
    out = tmp_path / "empty.jsonl"
    export(db_url, out)
    assert out.read_bytes() == (
        b'{"format":"qaledger-events","version":1}\n'
        b'{"tree_head":{"tree_size":0,"last_position":0,"digest":"'
        + sha256().hexdigest().encode()
        + b'"}}\n'
    )
    result = import_(out, target)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("nothing to import: empty.jsonl holds no events")
    again = tmp_path / "again.jsonl"
    export(target, again)
    assert again.read_bytes() == out.read_bytes()


def test_export_refuses_a_ledger_that_does_not_verify(
    exported: Path, db_url: str, tmp_path: Path
) -> None:
    Tamperer(db_url).set_state(5, b"{}")
    folder = tmp_path / "out"
    folder.mkdir()
    result = run("export", "events", "--db", db_url, "--out", str(folder / "x.jsonl"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the ledger does not verify, so nothing")
    assert "position 5 changed" in result.stderr
    assert list(folder.iterdir()) == []  # no file, no half-written scratch file


def test_export_keeps_an_existing_file_unless_told(exported: Path, db_url: str) -> None:
    before = exported.read_bytes()
    exported.write_bytes(b"keep me")
    result = run("export", "events", "--db", db_url, "--out", str(exported))
    assert result.exit_code == 1
    assert "exists; choose another --out or add --overwrite" in result.stderr
    assert exported.read_bytes() == b"keep me"
    result = run(
        "export", "events", "--db", db_url, "--out", str(exported), "--overwrite"
    )
    assert result.exit_code == 0, result.output
    assert exported.read_bytes() == before


def test_export_from_no_ledger_creates_none(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    result = run("export", "events", "--db", str(missing), "--out", str(tmp_path / "x"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: no ledger at {missing}")
    assert not missing.exists()


# Refusing a file.


def changed_state(lines: list[bytes]) -> list[bytes]:
    event = json.loads(lines[3])
    event["state"] = base64.b64encode(base64.b64decode(event["state"]) + b" ").decode()
    return [*lines[:3], compact(event), *lines[4:]]


def compact(data: object) -> bytes:
    return json.dumps(data, separators=(",", ":")).encode() + b"\n"


def changed_head(lines: list[bytes]) -> list[bytes]:
    head = json.loads(lines[-1])
    digest = head["tree_head"]["digest"]
    head["tree_head"]["digest"] = digest[:-1] + ("0" if digest[-1] != "0" else "1")
    return [*lines[:-1], compact(head)]


TAMPERINGS: dict[str, tuple[Callable[[list[bytes]], list[bytes]], str]] = {
    "changed state": (changed_state, "line {last}: the events hash to "),
    "dropped line": (
        lambda lines: lines[:4] + lines[5:],
        "line {last}: the tree head covers {events} events but the file holds "
        "{fewer}: lines are missing or were added",
    ),
    "swapped lines": (
        lambda lines: [*lines[:3], lines[4], lines[3], *lines[5:]],
        "line 5: position 3 comes after position 4: the lines are out of order",
    ),
    "repeated line": (
        lambda lines: [*lines[:4], lines[3], *lines[4:]],
        "line 5: position 3 comes after position 3: it appears twice",
    ),
    "wrong head": (changed_head, "line {last}: the events hash to "),
    "cut short": (
        lambda lines: lines[:-1],
        "line {after}: the file ends without its tree head line",
    ),
    "more after the head": (
        lambda lines: [*lines, lines[2]],
        "line {last}: there is more after the tree head line",
    ),
    "not JSON": (
        lambda lines: [*lines[:2], b"{position: 2}\n", *lines[3:]],
        "line 3: not JSON",
    ),
    "not an events file": (
        lambda lines: lines[1:],
        "line 1: not a qaledger events file",
    ),
    "bad base64": (
        lambda lines: [
            *lines[:2],
            lines[2].replace(b'"state":"', b'"state":"*'),
            *lines[3:],
        ],
        "line 3: state must be the base64 of the stored bytes",
    ),
}


@pytest.mark.parametrize("tampering", list(TAMPERINGS))
def test_a_tampered_file_is_refused_and_nothing_is_written(
    exported: Path, target: str, tmp_path: Path, tampering: str
) -> None:
    tamper, message = TAMPERINGS[tampering]
    lines = lines_of(exported)
    events = len(lines) - 2
    tampered = tamper(lines)
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"".join(tampered))
    result = import_(bad, target)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: {bad}, line ")
    expected = message.format(
        last=len(tampered), after=len(tampered) + 1, events=events, fewer=events - 1
    )
    assert expected in result.stderr
    assert result.stderr.rstrip().endswith("nothing was imported")
    assert nothing_written(target)


def test_a_file_rewritten_with_its_own_new_head_is_caught_by_a_digest_held_elsewhere(
    exported: Path, target: str, tmp_path: Path
) -> None:
    lines = lines_of(exported)
    original = json.loads(lines[-1])["tree_head"]["digest"]
    forged = tmp_path / "forged.jsonl"
    altered = changed_state(lines)
    # A forger recomputes the head, so the file checks against itself...
    tree = TreeBuilder()
    tree.extend(
        event_leaf_hash(
            e["position"],
            uuid.UUID(e["originator_id"]),
            e["originator_version"],
            e["topic"],
            base64.b64decode(e["state"]),
        )
        for e in map(json.loads, altered[1:-1])
    )
    head = json.loads(lines[-1])
    head["tree_head"]["digest"] = tree.root().hex()
    forged.write_bytes(b"".join([*altered[:-1], compact(head)]))
    assert check_events_file(forged).head.digest == tree.root().hex()
    # ...but not against the digest the inspector holds.
    result = import_(forged, target, "--digest", original)
    assert result.exit_code == 1
    assert f"not digest {original}; nothing was imported" in result.stderr
    assert nothing_written(target)
    assert import_(exported, target, "--digest", original).exit_code == 0


def test_a_ledger_that_is_not_empty_is_refused(
    exported: Path, db_url: str, tmp_path: Path
) -> None:
    with fresh_ledger(store_kind(db_url), tmp_path) as other:
        app = QALedger(locate(other).env, today=lambda: TODAY)
        app.staff.init(admin_id="ADM9", name="Another Council", on=date(2026, 1, 5))
        app.close()
        before = events_of(other)
        result = import_(exported, other)
        assert result.exit_code == 1
        assert "is not empty (1 events up to position 1) and is not an " in (
            result.stderr
        )
        assert "nothing was imported" in result.stderr
        assert events_of(other) == before


def test_a_ledger_that_went_on_after_its_import_is_refused(
    exported: Path, target: str
) -> None:
    assert import_(exported, target).exit_code == 0
    app = QALedger(locate(target).env, today=lambda: TODAY)
    app.cases.open(
        "TM1",
        case_ref="LL-3001",
        team="safeguarding",
        district="North",
        worker="SW1",
        on=date(2026, 3, 2),
    )
    app.close()
    before = events_of(target)
    result = import_(exported, target)
    assert result.exit_code == 1
    assert "is not an interrupted import" in result.stderr
    assert events_of(target) == before


def test_importing_the_same_file_again_adds_nothing(
    exported: Path, target: str
) -> None:
    assert import_(exported, target).exit_code == 0
    before = events_of(target)
    result = import_(exported, target)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("nothing to import: the ledger already holds all")
    assert events_of(target) == before


# Resuming.


class PowerCut(Exception):
    pass


def test_an_import_stopped_by_a_failing_batch_resumes_to_the_same_ledger(
    exported: Path, db_url: str, target: str, tmp_path: Path
) -> None:
    checked = check_events_file(exported)
    batches: list[list[Notification]] = []

    def third_batch_fails(batch: list[Notification]) -> None:
        batches.append(batch)
        if len(batches) == 3:
            raise PowerCut()

    app = QALedger(locate(target).env)
    try:
        with pytest.raises(PowerCut):
            import_events(
                app, checked, where=target, batch=4, before_batch=third_batch_fails
            )
        # Two whole batches, witnessed: the ledger verifies as it stands.
        assert app.position() == 8
        assert app.integrity.verify().ok
    finally:
        app.close()
    result = import_(exported, target)
    assert result.exit_code == 0, result.output
    events = len(lines_of(exported)) - 2
    assert result.stdout.startswith(
        f"imported {events - 8} events after the 8 an interrupted import had written"
    )
    assert head_of(target) == head_of(db_url)
    assert events_of(target) == events_of(db_url)
    again = tmp_path / "again.jsonl"
    export(target, again)
    assert again.read_bytes() == exported.read_bytes()


@pytest.fixture(scope="module")
def busy_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A council that opened 1,500 cases, as an events file."""
    folder = tmp_path_factory.mktemp("busy")
    db = str(folder / "busy.db")
    app = QALedger(locate(db).env, today=lambda: TODAY)
    try:
        given_a_council(app)
        for n in range(1500):
            app.cases.open(
                "TM1",
                case_ref=f"LL-{5000 + n}",
                team="safeguarding",
                district="North",
                worker=("SW1", "SW2")[n % 2],
                on=date(2026, 2, 2),
            )
    finally:
        app.close()
    out = folder / "busy.jsonl"
    export(db, out)
    return out


def last_position(db: str) -> int:
    store = locate(db)
    try:
        if store.sqlite_path is not None:
            with sqlite3.connect(store.sqlite_path) as conn:
                row = conn.execute("SELECT MAX(rowid) FROM stored_events").fetchone()
        else:
            with psycopg.connect(postgres_conninfo(store)) as conn:
                row = conn.execute(
                    f'SELECT MAX(notification_id) FROM "{store.schema}".qaledger_events'
                ).fetchone()
    except (sqlite3.OperationalError, psycopg.errors.UndefinedTable):
        return 0  # not created yet
    return int(row[0] or 0) if row else 0


def test_an_import_killed_part_way_resumes_to_the_same_ledger(
    busy_export: Path, target: str, tmp_path: Path
) -> None:
    events = len(lines_of(busy_export)) - 2
    batch = 5
    importer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from commands.cli import main; main()",
            "import",
            "events",
            str(busy_export),
            "--db",
            target,
            "--batch",
            str(batch),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while last_position(target) < 3 * batch:
            assert importer.poll() is None, "the import ended before it was killed"
            assert time.monotonic() < deadline
            time.sleep(0.002)
        # Most likely mid-batch: that batch is rolled back.
        importer.send_signal(signal.SIGKILL)
        importer.wait()
    finally:
        if importer.poll() is None:
            importer.kill()
            importer.wait()
    assert importer.returncode == -signal.SIGKILL
    # Part of the file, in whole batches only, witnessed.
    written = last_position(target)
    assert 0 < written < events
    assert written % batch == 0
    head = head_of(target)
    assert (head.tree_size, head.last_position) == (written, written)

    result = run("import", "events", str(busy_export), "--db", target)
    assert result.exit_code == 0, result.output
    assert f"after the {written} an interrupted import had written" in result.stdout
    again = tmp_path / "again.jsonl"
    export(target, again)
    assert again.read_bytes() == busy_export.read_bytes()


# Positions with gaps (PostgreSQL issues a position to a save that fails).


def test_positions_with_gaps_come_back_the_same_on_postgresql(
    tmp_path: Path,
) -> None:
    with (
        fresh_ledger("postgres", tmp_path) as source,
        fresh_ledger("postgres", tmp_path) as copy,
    ):
        app = QALedger(locate(source).env, today=lambda: TODAY)
        try:
            given_a_council(app)
            first = next(iter(app.notifications()))
            with pytest.raises(IntegrityError):  # a clash uses up a position
                app.recorder.insert_events(
                    [StoredEvent(first.originator_id, 1, first.topic, first.state)]
                )
            with_more_history(app)
        finally:
            app.close()
        positions = [n.id for n in events_of(source)]
        assert positions != list(range(1, len(positions) + 1))
        out = tmp_path / "gaps.jsonl"
        export(source, out)

        assert import_(out, copy).exit_code == 0
        assert [n.id for n in events_of(copy)] == positions
        again = tmp_path / "again.jsonl"
        export(copy, again)
        assert again.read_bytes() == out.read_bytes()

        sqlite_target = tmp_path / "gaps.db"
        result = import_(out, str(sqlite_target))
        assert result.exit_code == 1
        assert "skips from position" in result.stderr
        assert "import it into PostgreSQL instead" in result.stderr
        assert not sqlite_target.exists()


def test_a_login_that_may_not_set_the_sequence_is_refused_plainly(
    exported: Path, tmp_path: Path
) -> None:
    tag = uuid.uuid4().hex[:10]
    writer, reader = f"qaledger_test_w_{tag}", f"qaledger_test_r_{tag}"
    login = f"{writer}_login"
    try:
        with fresh_ledger("postgres", tmp_path) as owner_url:
            QALedger(prepare(locate(owner_url)).env).close()  # empty, owned
            applied = run(
                "db", "roles", "--apply", "--writer", writer, "--reader", reader,
                "--db", owner_url,
            )  # fmt: skip
            assert applied.exit_code == 0, applied.output
            with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
                admin.execute(
                    sql.SQL("CREATE ROLE {} LOGIN IN ROLE {}").format(
                        sql.Identifier(login), sql.Identifier(writer)
                    )
                )
            parts = urlsplit(owner_url)
            host = parts.netloc.split("@")[-1]
            as_writer = parts._replace(netloc=f"{login}@{host}").geturl()
            result = import_(exported, as_writer)
            assert result.exit_code == 1
            assert f"the login {login} may not set the event table's sequence" in (
                result.stderr
            )
            assert "run it as the schema's owner; nothing was written" in (
                result.stderr
            )
            assert events_of(owner_url) == []
            assert import_(exported, owner_url).exit_code == 0
    finally:
        drop_roles([login, writer, reader])


def test_a_batch_that_would_land_at_other_positions_is_not_written_on_sqlite(
    exported: Path, tmp_path: Path
) -> None:
    """The SQLite recorder's own check, under the file checks: events whose
    positions are not the next ones SQLite gives are refused whole
    (PostgreSQL sets its counter to the first, so it takes them there)."""
    target = str(tmp_path / "shifted.db")
    from ledger.bulk.log_copy import PositionsDiffer, insert_all

    shifted = [
        Notification(n.originator_id, n.originator_version, n.topic, n.state, n.id + 7)
        for n in events_of_file(exported)
    ]
    app = QALedger(prepare(locate(target)).env)
    try:
        with pytest.raises(PositionsDiffer, match="positions 1 to"):
            insert_all(app, shifted, batch=len(shifted))
        assert list(app.notifications()) == []
        assert app.integrity.head().tree_size == 0
    finally:
        app.close()


def events_of_file(path: Path) -> list[Notification]:
    events = []
    for line in lines_of(path)[1:-1]:
        data = json.loads(line)
        events.append(
            Notification(
                uuid.UUID(data["originator_id"]),
                data["originator_version"],
                data["topic"],
                base64.b64decode(data["state"]),
                data["position"],
            )
        )
    return events
