"""``import events`` events/s on SQLite and PostgreSQL, beside raw batched
inserts of the same rows into a plain table (same columns and keys as the
event table, the same batch size, one transaction per batch, ``executemany``)
in the same run; and the peak memory of an import at two file sizes, each in
a fresh process (it must stay flat as the file grows).

The file is a synthetic ledger (``benchmarks.synthetic.fill``) written by
``export_events``. Two figures per store: the whole import as the command
runs it (check the whole file against its head, then write, then check the
ledger's head), and its writing pass alone (parse each line again, insert
through the witnessing recorder, which hashes each leaf and writes it beside
the event).
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
from base64 import b64decode
from collections.abc import Iterable, Iterator
from pathlib import Path
from uuid import UUID

import psycopg

from benchmarks.harness import peak_rss_mib, scratch_schema
from benchmarks.synthetic import fill
from ledger.application import QALedger
from ledger.bulk.events_file import (
    FileCheck,
    check_events_file,
    export_events,
    import_events,
)
from ledger.bulk.log_copy import BATCH
from ledger.storage.store import locate, postgres_conninfo, prepare

IMPORT = "from commands.cli import main; main()"
Row = tuple[UUID, int, str, bytes]


def events_file(folder: Path, events: int) -> Path:
    db = str(folder / f"source-{events}.db")
    app = QALedger(locate(db).env)
    try:
        fill(app, events)
        out = folder / f"events-{events}.jsonl"
        export_events(app, out)
    finally:
        app.close()
    return out


def row_batches(path: Path) -> Iterator[list[Row]]:
    """The file's events as event-table rows, ``BATCH`` at a time, read as
    they are needed (a national file does not fit in memory as rows)."""
    batch: list[Row] = []
    with open(path, "rb") as file:
        file.readline()  # the header
        for line in file:
            event = json.loads(line)
            if "tree_head" in event:
                break
            batch.append(
                (
                    UUID(event["originator_id"]),
                    event["originator_version"],
                    event["topic"],
                    b64decode(event["state"]),
                )
            )
            if len(batch) == BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def import_rates(path: Path, db: str) -> tuple[float, float]:
    """(whole import, writing pass) events/s into a new ledger at ``db``."""
    started = time.perf_counter()
    checked = check_events_file(path)
    app = QALedger(prepare(locate(db)).env)
    try:
        writing = time.perf_counter()
        import_events(app, checked, where=db)
        done = time.perf_counter()
    finally:
        app.close()
    count = checked.head.tree_size
    return count / (done - started), count / (done - writing)


def raw_sqlite(path: Path, batches: Iterable[list[Row]]) -> float:
    """Rows/s of batched inserts into a plain SQLite table, one transaction
    per batch; only the inserts are timed, not reading the file."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(
        "CREATE TABLE raw (originator_id TEXT, originator_version INTEGER, "
        "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
    )
    count, seconds = 0, 0.0
    try:
        for batch in batches:
            plain = [(u.hex, v, topic, state) for u, v, topic, state in batch]
            started = time.perf_counter()
            conn.execute("BEGIN")
            conn.executemany("INSERT INTO raw VALUES (?, ?, ?, ?)", plain)
            conn.execute("COMMIT")
            seconds += time.perf_counter() - started
            count += len(batch)
    finally:
        conn.close()
    return count / seconds


def raw_postgres(url: str, batches: Iterable[list[Row]]) -> float:
    """As ``raw_sqlite``, into a PostgreSQL table shaped as the event table."""
    store = locate(url)
    count, seconds = 0, 0.0
    with psycopg.connect(postgres_conninfo(store), autocommit=True) as conn:
        conn.execute(f'SET search_path TO "{store.schema}"')
        conn.execute(
            "CREATE TABLE raw (originator_id uuid, originator_version bigint, "
            "topic text, state bytea, notification_id bigserial, "
            "PRIMARY KEY (originator_id, originator_version))"
        )
        conn.execute("CREATE UNIQUE INDEX ON raw (notification_id)")
        for batch in batches:
            started = time.perf_counter()
            with conn.transaction(), conn.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO raw (originator_id, originator_version, "
                    "topic, state) VALUES (%s, %s, %s, %s)",
                    batch,
                )
            seconds += time.perf_counter() - started
            count += len(batch)
    return count / seconds


def import_peak_rss_mib(path: Path, db: str) -> float:
    """Peak resident memory of ``qaledger import events`` in a new process."""
    return peak_rss_mib(
        [sys.executable, "-c", IMPORT, "import", "events", str(path), "--db", db]
    )


def figures(
    store: str, count: int, whole: float, writing: float, raw: float
) -> list[tuple[str, float, str, float]]:
    baseline = "raw batched inserts/s, same rows"
    return [
        (f"{store}: import events/s ({count:,})", whole, baseline, raw),
        (f"{store}: import, writing pass events/s", writing, baseline, raw),
    ]


def run(quick: bool) -> list[tuple[str, float, str, float]]:
    events = 10_000 if quick else 200_000
    rows: list[tuple[str, float, str, float]] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = events_file(folder, events)
        count = check_events_file(path).head.tree_size
        whole, writing = import_rates(path, str(folder / "imported.db"))
        raw = raw_sqlite(folder / "raw.db", row_batches(path))
        rows += figures("SQLite", count, whole, writing, raw)
        with scratch_schema() as url:
            whole, writing = import_rates(path, url)
        with scratch_schema() as url:
            raw = raw_postgres(url, row_batches(path))
        rows += figures("PostgreSQL", count, whole, writing, raw)
        smaller = events_file(folder, events // 2)
        sizes: list[FileCheck] = [check_events_file(p) for p in (smaller, path)]
        peaks = [
            import_peak_rss_mib(checked.path, str(folder / f"rss-{n}.db"))
            for n, checked in enumerate(sizes)
        ]
        rows.append(
            (
                f"import peak RSS MiB at {sizes[0].head.tree_size:,} events",
                peaks[0],
                f"at {sizes[1].head.tree_size:,} events",
                peaks[1],
            )
        )
    return rows


if __name__ == "__main__":
    for figure in run("--quick" in sys.argv):
        print(figure)
