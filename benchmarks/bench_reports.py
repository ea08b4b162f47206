"""The benchmark report over a big council's read models, beside polars alone
reading the same rows from the same store, in the same run.

The read-model tables are filled directly by bulk inserts in a scratch store
(SQLite file; PostgreSQL schema): grading_benchmarks and audit_facts for
twenty six-monthly cycles, an audit trail ten times as long whose every tenth
row is a grading or moderation (so the report's look-ups of moderation
notes go through the whole table's key), and the last cycle's actions and
follow-ups. Projections are marked caught up to the trail's last position.

Timed, as a run does it: the snapshot read, the polars pipelines, rendering
the HTML and writing every CSV and Parquet file (``read_and_build``,
``render_files``, ``write_all``). Not timed: catching up (there is no log
to read), the tree head (``bench_integrity`` measures reading the witness)
and recording the ReportGenerated event (one write command). The baseline
runs every query the report ran, with the same parameters, through
``polars.read_database`` on the same connection.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
from psycopg import sql

from benchmarks.harness import scratch_schema
from ledger.settings import Settings
from ledger.storage.store import locate, postgres_conninfo
from projections.engine import read_store as readstore
from projections.engine.migrate import migrate
from projections.engine.read_store import (
    PostgresReadStore,
    SQLiteReadStore,
    read_schema,
    to_pyformat,
)
from projections.oversight_records import oversight_record_projections
from projections.registry import projection_names
from reports.engine.files import write_all
from reports.engine.render import Stamp
from reports.generate import read_and_build, render_files
from reports.jobs import JOBS, Known

CYCLES = [f"{2017 + n // 2}H{n % 2 + 1}" for n in range(20)]
TEAMS = (
    "referral-and-assessment",
    "safeguarding",
    "looked-after-children",
    "children-with-disabilities",
    "leaving-care",
    "family-support",
)
GRADES = ("outstanding", "good", "good", "requires-improvement", "inadequate")
EVERY = 10  # one audit-trail row in ten is a grading or moderation
BATCH = 50_000
RECORDED = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)

Row = tuple[Any, ...]


def cycle_start(cycle: str) -> date:
    return date(int(cycle[:4]), 1 if cycle[-1] == "1" else 7, 1)


def audit_of(n: int) -> int:
    """Grading row n (from 1): every fifth moderates the audit before it."""
    return n - 1 if n % 5 == 0 else n


def cycle_of(audit: int, gradings: int) -> str:
    return CYCLES[min(len(CYCLES) - 1, audit * len(CYCLES) // (gradings + 1))]


def grading_rows(gradings: int) -> Iterator[Row]:
    for n in range(1, gradings + 1):
        audit = audit_of(n)
        cycle = cycle_of(audit, gradings)
        on = cycle_start(cycle) + timedelta(days=audit % 170)
        given = GRADES[audit * 7 % len(GRADES)]
        moderated = n % 5 == 0
        to = GRADES[(audit * 7 + (n % 3 == 0)) % len(GRADES)] if moderated else None
        yield (
            n * EVERY,
            f"AUD-{audit:07d}",
            "whole-case-file",
            cycle,
            on,
            on.strftime("%Y-%m"),
            f"{on.year}Q{(on.month - 1) // 3 + 1}",
            cycle,
            TEAMS[audit % len(TEAMS)],
            ("North", "South")[audit % 2],
            f"TM{audit % 200:03d}",
            given,
            f"HOS{n % 7}" if moderated else None,
            to,
            (to == given) if moderated else None,
        )


def audit_rows(gradings: int) -> Iterator[Row]:
    for n in range(1, gradings + 1):
        if n % 5 == 0:
            continue
        cycle = cycle_of(n, gradings)
        start = cycle_start(cycle) + timedelta(days=n % 170)
        yield (
            f"AUD-{n:07d}",
            "whole-case-file",
            cycle,
            f"LL-{n % 40_000:06d}",
            TEAMS[n % len(TEAMS)],
            ("North", "South")[n % 2],
            f"TM{n % 200:03d}",
            "completed",
            start,
            start + timedelta(days=3),
            f"audit-{n}",
            None,  # joint_auditor
        )


def trail_sql(dialect: str) -> str:
    """Generate the audit trail in the database itself (ten million rows
    through Python would measure Python). Parameters: rows, gradings."""

    def padded(prefix: str, value: str, width: int) -> str:
        if dialect == "sqlite":
            return f"printf('{prefix}%0{width}d', {value})"
        return f"'{prefix}' || lpad(({value})::text, {width}, '0')"

    audit = padded("AUD-", "CASE WHEN k % 5 = 0 THEN k - 1 ELSE k END", 7)
    case = padded("LL-", "p % 40000", 6)
    columns = (
        "p, '2026-11-26T09:00:00+00:00', '2026-01-05', 'TM001', 'team-manager', "
        "CASE WHEN g THEN 'Audit' ELSE 'Case' END, "
        f"CASE WHEN g THEN {audit} ELSE {case} END, "
        "CASE WHEN g THEN 2 ELSE 1 END, "
        f"CASE WHEN g THEN NULL ELSE {case} END, NULL, "
        "CASE WHEN NOT g THEN 'TriggerRecorded' "
        "WHEN k % 5 = 0 THEN 'GradingModerated' ELSE 'GradingGiven' END, "
        f"CASE WHEN NOT g THEN 'case ' || {case} || ': a trigger' "
        f"WHEN k % 5 = 0 THEN {audit} || ': grading moderated: rationale' "
        f"ELSE {audit} || ' graded' END"
    )
    numbered = f"p, (p % {EVERY} = 0 AND p / {EVERY} <= ?) AS g, p / {EVERY} AS k"
    if dialect == "sqlite":
        return (
            "WITH RECURSIVE n(p) AS (SELECT 1 UNION ALL SELECT p + 1 FROM n "
            f"WHERE p < ?), r AS (SELECT {numbered} FROM n) "
            f"INSERT INTO audit_trail SELECT {columns} FROM r"
        )
    return (
        f"INSERT INTO audit_trail SELECT {columns} FROM (SELECT {numbered} "
        "FROM generate_series(1::bigint, ?) AS p) AS r"
    )


def action_rows(gradings: int) -> Iterator[Row]:
    """Actions from one audit in four of the last cycle's."""
    last = CYCLES[-1]
    for n in range(1, gradings + 1, 4):
        if n % 5 == 0 or cycle_of(n, gradings) != last:
            continue
        set_on = cycle_start(last) + timedelta(days=n % 150)
        due = set_on + timedelta(days=30)
        done = set_on + timedelta(days=20 + n % 30) if n % 3 else None
        reviewed = set_on + timedelta(days=25)
        yield (
            f"ACT-{n:07d}", f"AUD-{n:07d}", None, f"LL-{n % 40_000:06d}",
            f"SW{n % 300:03d}", "Update the plan", set_on, due, done, 1, reviewed,
            reviewed, None, f"action-{n}",
        )  # fmt: skip


def follow_up_rows(actions: Sequence[Row]) -> Iterator[Row]:
    for action in actions:
        set_on: date = action[6]
        for number in (1, 2):
            due = set_on + timedelta(days=30 * number)
            met = set_on + timedelta(days=25) if number == 1 else None
            status = "met" if met else "open"
            yield (
                f"follow-up-{number}/{action[0]}/1", f"follow-up-{number}", action[0],
                action[3], action[4], "safeguarding", due, met, status, 1,
                "team-manager",
            )  # fmt: skip


def report_projections() -> list[str]:
    """Every projection a report checks (the registry's, and the §3.7 and
    §4.1 records' if it does not list them yet)."""
    return sorted(
        {*projection_names(), *(p.name for p in oversight_record_projections())}
    )


def batches(rows: Iterator[Row]) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def fill(
    insert: Callable[[str, list[Row]], None],
    fill_trail: Callable[[], None],
    trail: int,
    gradings: int,
) -> None:
    actions = list(action_rows(gradings))
    for table, rows in (
        ("grading_benchmarks", grading_rows(gradings)),
        ("audit_facts", audit_rows(gradings)),
        ("actions", iter(actions)),
        ("compliance", follow_up_rows(actions)),
    ):
        for batch in batches(rows):
            insert(table, batch)
    fill_trail()
    names = report_projections()
    insert("projection_positions", [(name, trail, False) for name in names])


def fill_sqlite(store: SQLiteReadStore, trail: int, gradings: int) -> None:
    connection = store.connection
    connection.execute("PRAGMA synchronous=OFF")

    def insert(table: str, rows: list[Row]) -> None:
        marks = ", ".join("?" for _ in rows[0])
        connection.execute("BEGIN")
        connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        connection.execute("COMMIT")

    def fill_trail() -> None:
        # Indexes are built once at the end, as a bulk load would.
        indexes = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name = 'audit_trail' AND sql IS NOT NULL"
        ).fetchall()
        connection.execute("BEGIN")
        for name, _ in indexes:
            connection.execute(f"DROP INDEX {name}")
        connection.execute(trail_sql("sqlite"), (trail, gradings))
        for _, definition in indexes:
            connection.execute(definition)
        connection.execute("COMMIT")

    fill(insert, fill_trail, trail, gradings)
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("ANALYZE")


def fill_postgres(store: PostgresReadStore, trail: int, gradings: int) -> None:
    connection = store.connection

    def insert(table: str, rows: list[Row]) -> None:
        with (
            connection.transaction(),
            connection.cursor() as cursor,
            cursor.copy(
                sql.SQL("COPY {} FROM STDIN").format(sql.Identifier(table))
            ) as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def fill_trail() -> None:
        with connection.transaction(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s "
                "AND tablename = 'audit_trail' AND indexname <> 'audit_trail_pkey'",
                (store.schema,),
            )
            indexes = cursor.fetchall()
            for name, _ in indexes:
                cursor.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
            cursor.execute(to_pyformat(trail_sql("postgres")), (gradings, trail))
            for _, definition in indexes:
                cursor.execute(definition)

    fill(insert, fill_trail, trail, gradings)
    connection.execute("ANALYZE")


def time_report(
    store: SQLiteReadStore | PostgresReadStore, out: Path, cycle: str = CYCLES[-1]
) -> tuple[float, list[tuple[str, tuple[Any, ...]]]]:
    """Seconds to read, build, render and write the benchmark report of
    ``cycle``; and the queries it ran."""
    queries: list[tuple[str, tuple[Any, ...]]] = []
    names = report_projections()
    settings = Settings()
    started = time.perf_counter()
    with recording(queries):
        # Read models filled directly, with no ledger: every cycle is known.
        known = Known(date.max, date.min, lambda _: True)
        built = read_and_build(
            store, names, JOBS["benchmark"], cycle, None, settings, known
        )
    stamp = Stamp(
        position=built.position,
        tree_size=built.position,
        head_digest="0" * 64,  # the tree head is not timed here
        ledger_time=built.ledger_time,
        settings=settings.as_dict(),
        software={},
    )
    write_all(out, render_files(built, stamp, settings.small_count_threshold))
    return time.perf_counter() - started, queries


@contextmanager
def recording(queries: list[tuple[str, tuple[Any, ...]]]) -> Iterator[None]:
    """Keep each statement the read stores run inside the block, with its
    parameters: the report's queries, for the baseline to run again."""
    saved = (readstore.SQLiteCursor.fetchall, readstore.PostgresCursor.fetchall)

    def keeping(fetchall: Callable[..., Any]) -> Callable[..., Any]:
        def fetch(cursor: Any, statement: str, params: Sequence[Any] = ()) -> Any:
            queries.append((statement, tuple(params)))
            return fetchall(cursor, statement, params)

        return fetch

    readstore.SQLiteCursor.fetchall = keeping(saved[0])  # type: ignore[method-assign]
    readstore.PostgresCursor.fetchall = keeping(saved[1])  # type: ignore[method-assign]
    try:
        yield
    finally:
        readstore.SQLiteCursor.fetchall, readstore.PostgresCursor.fetchall = saved  # type: ignore[method-assign]


def time_polars_alone(
    store: SQLiteReadStore | PostgresReadStore,
    queries: list[tuple[str, tuple[Any, ...]]],
) -> tuple[float, int]:
    """Seconds for polars.read_database to run the same queries on the same
    connection, and the rows they return."""
    rows = 0
    started = time.perf_counter()
    if isinstance(store, SQLiteReadStore):
        for statement, params in queries:
            frame = pl.read_database(
                statement, store.connection, execute_options={"parameters": params}
            )
            rows += frame.height
    else:
        with store.connection.transaction():
            store.connection.execute(
                "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"
            )
            for statement, params in queries:
                frame = pl.read_database(
                    to_pyformat(statement),
                    store.connection,
                    execute_options={"params": params},
                )
                rows += frame.height
    return time.perf_counter() - started, rows


def measure(
    label: str,
    store: SQLiteReadStore | PostgresReadStore,
    trail: int,
    gradings: int,
    out: Path,
) -> tuple[str, float, str, float]:
    report, queries = time_report(store, out)
    alone, rows = time_polars_alone(store, queries)
    return (
        f"{label}: benchmark report, {gradings:,} gradings, {trail:,}-row "
        f"audit trail (ms)",
        report * 1000,
        f"polars.read_database of its {len(queries)} queries, {rows:,} rows (ms)",
        alone * 1000,
    )


def run(quick: bool) -> list[tuple[str, float, str, float]]:
    gradings, trail = (20_000, 200_000) if quick else (1_000_000, 10_000_000)
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        store = SQLiteReadStore(Path(folder) / "bench.read.db")
        try:
            migrate(store)
            fill_sqlite(store, trail, gradings)
            figures.append(
                measure("SQLite", store, trail, gradings, Path(folder) / "out")
            )
        finally:
            store.close()
    with scratch_schema() as url:
        ledger_store = locate(url)
        postgres = PostgresReadStore(
            postgres_conninfo(ledger_store), read_schema(ledger_store)
        )
        try:
            migrate(postgres)
            fill_postgres(postgres, trail, gradings)
            with tempfile.TemporaryDirectory() as folder:
                figures.append(
                    measure("PostgreSQL", postgres, trail, gradings, Path(folder))
                )
        finally:
            with postgres.connection.cursor() as cursor:
                cursor.execute(
                    sql.SQL("DROP SCHEMA {} CASCADE").format(
                        sql.Identifier(postgres.schema)
                    )
                )
            postgres.close()
    return figures
