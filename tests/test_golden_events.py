"""Old ledgers stay readable: the events file exported from the demo ledger
before the ledger was rearranged by context (tests/golden/README.md) still
imports on both stores, verifies to the head it was exported with, rebuilds
every read model to the rows that version built, and shows every audit as that
version showed it.

The expectations were written once, by the version that exported the file,
with ``expected_from`` below; they are never rewritten. A later version may
show more: read models may gain tables and columns (rows are compared on the
golden file's columns), and ``audit show`` may gain fields (every field and
line it showed must still be there, the same, in the same order).

Nothing here reaches into the ledger's modules: it drives the CLI and reads
the read-model tables with plain SQL, so it holds across any rearrangement.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner, Result
from eventsourcing.utils import get_topic, resolve_topic
from psycopg import sql

from commands.cli import main
from tests.conftest import postgres_schema_url

GOLDEN = Path(__file__).parent / "golden"
EVENTS_FILE = GOLDEN / "demo-2025-events.jsonl.gz"
EXPECTED_FILE = GOLDEN / "demo-2025-expected.json.gz"
# Every aggregate and event class there was when the file was exported.
TOPICS_FILE = GOLDEN / "topics-2025.txt"
# The deliberate changes of a later version to the rows the old one built,
# each with its reason (tests/golden/README.md).
CHANGES_FILE = GOLDEN / "demo-2025-changes.json"

TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})")
SPELLINGS = {"True": "1", "False": "0"}  # SQLite keeps booleans as 0 and 1


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def ok(*args: str) -> Result:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


def portable(value: Any) -> str | None:
    """One spelling of a value on both stores: booleans as 0/1, timestamps
    in ISO form with a T."""
    if value is None:
        return None
    text = str(value)
    return SPELLINGS.get(text, TIMESTAMP.sub(r"\1T\2", text))


def read_tables(
    db: str, columns: dict[str, list[str]]
) -> dict[str, list[list[str | None]]]:
    """Every row of each table, on the given columns, in a stable order."""
    wanted = {
        table: "SELECT {} FROM {}".format(", ".join(names), table)
        for table, names in columns.items()
    }
    if db.startswith("postgresql://"):
        url, _, schema = db.partition("?schema=")
        with psycopg.connect(url) as connection:
            connection.execute(
                sql.SQL("SET search_path TO {}").format(
                    sql.Identifier(f"{schema}_read")
                )
            )
            fetched = {t: connection.execute(q).fetchall() for t, q in wanted.items()}
    else:
        read_db = sqlite3.connect(Path(db).with_suffix(".read.db"))
        try:
            fetched = {t: read_db.execute(q).fetchall() for t, q in wanted.items()}
        finally:
            read_db.close()
    return {
        table: sorted(
            ([portable(v) for v in row] for row in rows),
            key=lambda row: [(v is None, v or "") for v in row],
        )
        for table, rows in fetched.items()
    }


def imported(db: str, events_file: Path) -> dict[str, Any]:
    """Import the file into ``db``, verify it and rebuild its read models."""
    ok("import", "events", str(events_file), "--db", db)
    verified: dict[str, Any] = json.loads(ok("verify", "--db", db, "--json").stdout)
    ok("projections", "rebuild", "--db", db)
    return verified


def audit_shows(db: str, audit_ids: list[str]) -> dict[str, dict[str, Any]]:
    return {
        audit_id: {
            "text": ok("audit", "show", audit_id, "--db", db).stdout,
            "json": json.loads(
                ok("audit", "show", audit_id, "--db", db, "--json").stdout
            ),
        }
        for audit_id in audit_ids
    }


def expected_from(db: str) -> dict[str, Any]:
    """What the version that exported the golden file gives for it (run once,
    against a SQLite ledger imported from the file)."""
    read_db = sqlite3.connect(Path(db).with_suffix(".read.db"))
    try:
        tables = [
            name
            for (name,) in read_db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
            # The engine's bookkeeping, not read models.
            if name not in ("projection_positions", "schema_migrations")
        ]
        columns = {
            table: [row[1] for row in read_db.execute(f"PRAGMA table_info({table})")]
            for table in tables
        }
        audits = [
            audit_id
            for (audit_id,) in read_db.execute(
                # One audit of each kind and status, and every moderated one
                # or one with an urgent concern, so every part of 'show' runs.
                "SELECT min(audit_id) FROM audit_facts GROUP BY audit_kind, status "
                "UNION SELECT audit_id FROM grading_benchmarks WHERE moderator "
                "IS NOT NULL UNION SELECT aggregate_id FROM audit_trail "
                "WHERE event_kind = 'UrgentConcernRaised' ORDER BY 1"
            )
        ]
    finally:
        read_db.close()
    return {
        "verify": json.loads(ok("verify", "--db", db, "--json").stdout),
        "columns": columns,
        "tables": read_tables(db, columns),
        "audit_show": audit_shows(db, audits),
    }


def with_changes(
    tables: dict[str, list[list[str | None]]], changes: dict[str, list[Any]]
) -> dict[str, list[list[str | None]]]:
    """The old rows, less those each recorded change removed, plus those it
    added, in the order ``read_tables`` gives."""
    changed = {table: list(rows) for table, rows in tables.items()}
    for table, steps in changes.items():
        for step in steps:
            for row in step["removed"]:
                changed[table].remove(row)  # a change must name a real row
            changed[table] += step["added"]
        changed[table].sort(key=lambda row: [(v is None, v or "") for v in row])
    return changed


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    with gzip.open(EXPECTED_FILE, "rt", encoding="utf-8") as file:
        loaded: dict[str, Any] = json.load(file)
    changes = json.loads(CHANGES_FILE.read_text(encoding="utf-8"))
    loaded["tables"] = with_changes(loaded["tables"], changes)
    return loaded


@pytest.fixture(scope="module")
def events_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("golden") / "demo-2025-events.jsonl"
    path.write_bytes(gzip.decompress(EVENTS_FILE.read_bytes()))
    return path


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def golden_db(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    events_file: Path,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """A ledger on each store imported from the golden file, with what its
    verify said."""
    if request.param == "sqlite":
        db = str(tmp_path_factory.mktemp("golden-sqlite") / "ledger.db")
        yield db, imported(db, events_file)
    else:
        for url in postgres_schema_url():
            yield url, imported(url, events_file)


def test_the_golden_file_imports_and_verifies_to_the_head_it_was_exported_with(
    golden_db: tuple[str, dict[str, Any]], expected: dict[str, Any]
) -> None:
    _, verified = golden_db
    assert verified == expected["verify"]
    assert verified["events"] == 3198


def test_the_rebuilt_read_models_hold_the_rows_the_old_version_built(
    golden_db: tuple[str, dict[str, Any]], expected: dict[str, Any]
) -> None:
    db, _ = golden_db
    rebuilt = read_tables(db, expected["columns"])
    for table, rows in expected["tables"].items():
        assert len(rebuilt[table]) == len(rows), table
        assert rebuilt[table] == rows, table
    assert sum(map(len, rebuilt.values())) > 3198  # really built


def shown_as_before(now: Any, before: Any) -> bool:
    """``now`` holds everything ``before`` held: a dict every key with a
    value shown as before (more keys allowed), anything else equal."""
    if isinstance(before, dict):
        return isinstance(now, dict) and all(
            key in now and shown_as_before(now[key], value)
            for key, value in before.items()
        )
    if isinstance(before, list):
        return (
            isinstance(now, list)
            and len(now) == len(before)
            and all(map(shown_as_before, now, before))
        )
    return bool(now == before)


def lines_in_order(now: str, before: str) -> bool:
    remaining = iter(now.splitlines())
    return all(line in remaining for line in before.splitlines())


def test_every_audit_shows_as_the_old_version_showed_it(
    golden_db: tuple[str, dict[str, Any]], expected: dict[str, Any]
) -> None:
    db, _ = golden_db
    assert len(expected["audit_show"]) >= 10
    shown = audit_shows(db, sorted(expected["audit_show"]))
    for audit_id, before in expected["audit_show"].items():
        assert shown_as_before(shown[audit_id]["json"], before["json"]), audit_id
        assert lines_in_order(shown[audit_id]["text"], before["text"]), audit_id


def test_audits_scheduled_at_version_1_are_upcast_to_have_no_joint_auditor(
    golden_db: tuple[str, dict[str, Any]], expected: dict[str, Any]
) -> None:
    """Audit.Scheduled became version 2 with a joint auditor (§3.6); the
    golden file's version 1 events read as audits with none, cross-district
    ones included, and their read-model rows say the same."""
    db, _ = golden_db
    shown = audit_shows(db, sorted(expected["audit_show"]))
    assert {s["json"]["joint_auditor"] for s in shown.values()} == {None}
    assert "cross-district-thematic" in {s["json"]["kind"] for s in shown.values()}
    listed = json.loads(ok("audit", "list", "--db", db, "--json").stdout)
    assert len(listed) > 100
    assert {a["joint_auditor"] for a in listed} == {None}


def stored_topics() -> set[str]:
    """Each event's topic, and each aggregate's (inside its created event)."""
    topics: set[str] = set()
    with gzip.open(EVENTS_FILE, "rt", encoding="utf-8") as file:
        for line in file:
            event = json.loads(line)
            if "topic" in event:
                topics.add(event["topic"])
                state = json.loads(base64.b64decode(event["state"]))
                if "originator_topic" in state:
                    topics.add(state["originator_topic"])
    return topics


@pytest.mark.parametrize(
    "topic", sorted(set(TOPICS_FILE.read_text().split()) | stored_topics())
)
def test_every_stored_topic_resolves_and_is_still_the_one_written(topic: str) -> None:
    # Resolving reads old events; writing the same topic again keeps one
    # name per class in the log however the code is arranged.
    assert get_topic(resolve_topic(topic)) == topic
