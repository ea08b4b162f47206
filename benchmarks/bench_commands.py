"""In-process write commands per second on SQLite and PostgreSQL, beside a raw
single-row insert-and-commit baseline into the same kind of table, same run.

Each command is ``open_case``: check the actor and permission, check the case
id is free, build the event, save it in its own transaction, as the CLI does.
"""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import date
from pathlib import Path
from uuid import uuid4

import psycopg

from benchmarks.harness import rate, scratch_schema
from ledger.application import QALedger
from ledger.storage.store import locate, postgres_conninfo

STATE = b'{"actor_id":"TM1","actor_role":"team-manager","occurred_on":"2026-01-05"}'
DAY = date(2026, 1, 5)


def prepared_ledger(db: str) -> QALedger:
    app = QALedger(locate(db).env)
    app.staff.init(admin_id="ADM1", name="Admin", on=DAY)
    app.staff.join(
        "ADM1",
        staff_id="TM1",
        name="T",
        role="team-manager",
        team="safeguarding",
        on=DAY,
    )
    return app


def commands_per_second(app: QALedger, count: int) -> float:
    def run() -> None:
        for n in range(count):
            app.cases.open(
                "TM1",
                case_ref=f"LL-{n}",
                team="safeguarding",
                district="North",
                worker="TM1",
                on=DAY,
            )

    return rate(count, run)


def raw_sqlite_inserts(path: Path, count: int) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(
        "CREATE TABLE raw (originator_id TEXT, originator_version INTEGER, "
        "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
    )

    def run() -> None:
        for _ in range(count):
            conn.execute("BEGIN")
            conn.execute(
                "INSERT INTO raw VALUES (?, 1, 'ledger.case:Case.Opened', ?)",
                (uuid4().hex, STATE),
            )
            conn.execute("COMMIT")

    try:
        return rate(count, run)
    finally:
        conn.close()


def raw_postgres_inserts(conninfo: str, schema: str, count: int) -> float:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'SET search_path TO "{schema}"')
        conn.execute(
            "CREATE TABLE raw (originator_id uuid, originator_version bigint, "
            "topic text, state bytea, notification_id bigserial, "
            "PRIMARY KEY (originator_id, originator_version))"
        )

        def run() -> None:
            for _ in range(count):
                with conn.transaction():
                    conn.execute(
                        "INSERT INTO raw (originator_id, originator_version, topic, "
                        "state) VALUES (%s, 1, 'ledger.case:Case.Opened', %s)",
                        (uuid4(), STATE),
                    )

        return rate(count, run)


def run(quick: bool) -> list[tuple[str, float, str, float]]:
    count = 200 if quick else 2000
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        app = prepared_ledger(str(Path(folder) / "bench.db"))
        commands = commands_per_second(app, count)
        app.close()
        raw = raw_sqlite_inserts(Path(folder) / "raw.db", count)
        rows.append(("SQLite: write commands/s", commands, "raw insert+commit/s", raw))
    with scratch_schema() as url:
        store = locate(url)
        app = prepared_ledger(url)
        commands = commands_per_second(app, count)
        app.close()
        raw = raw_postgres_inserts(postgres_conninfo(store), store.schema, count)
        rows.append(
            ("PostgreSQL: write commands/s", commands, "raw insert+commit/s", raw)
        )
    return rows
