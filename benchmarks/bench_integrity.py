"""Tamper evidence: how fast ``verify`` recomputes the tree, beside
``sha256sum`` over the very bytes it hashes (the ceiling), and what the
witness adds to a write command (the same command with and without it),
all in the same run.

The log is filled by the witnessing recorder's own ``insert_events``, in
batches of ``StoredEvent`` objects shaped like the ledger's (a case-opened
payload of about 250 bytes): a million events through the application's
commands would take most of an hour and measure the commands, not verify.
The witness is written exactly as a command writes it, in the same
transaction. Each batch's leaf bytes go to a file for ``sha256sum``.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, ClassVar
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from benchmarks.bench_commands import DAY
from benchmarks.harness import rate, scratch_schema
from ledger.application import QALedger
from ledger.integrity.leaves import leaf_bytes
from ledger.storage.store import locate

TOPIC = "ledger.case:Case.Opened"
BATCH = 10_000


class UnwitnessedLedger(QALedger):
    """The same application with the library's own recorder: no witness."""

    name = "QALedger"  # the same table names as QALedger
    witnessing: ClassVar[bool] = False


def payload(n: int) -> bytes:
    """A case-opened event's state as the transcoder writes it, varied by n."""
    return (
        '{"timestamp":{"_type_":"datetime_iso","_data_":"2026-01-05T09:'
        f'{n // 60 % 60:02d}:{n % 60:02d}.{n % 999_983:06d}+00:00"}},'
        '"originator_topic":"ledger.case:Case",'
        f'"actor_id":"TM{n % 997:03d}","actor_role":"team-manager",'
        '"occurred_on":{"_type_":"date_iso","_data_":"2026-01-05"},'
        f'"case_ref":"LL-{n:07d}","team":"safeguarding","district":"North",'
        f'"allocated_worker":"SW{n % 991:03d}"}}'
    ).encode()


def fill(app: QALedger, count: int, leaves: BinaryIO) -> None:
    """Insert ``count`` events in batches; write their leaf bytes to ``leaves``."""
    for start in range(0, count, BATCH):
        events = [
            StoredEvent(UUID(int=n + 1), 1, TOPIC, payload(n))
            for n in range(start, min(start + BATCH, count))
        ]
        positions = app.recorder.insert_events(events)
        assert positions is not None
        leaves.writelines(
            leaf_bytes(position, e.originator_id, 1, TOPIC, e.state)
            for position, e in zip(positions, events, strict=True)
        )


def verify_and_ceiling(
    open_app: Callable[[], QALedger], count: int
) -> tuple[float, float]:
    """(verify events/s, sha256sum events/s) over the same ``count`` events."""
    with tempfile.TemporaryDirectory() as folder:
        leaves_path = Path(folder) / "leaves.bin"
        app = open_app()
        try:
            with leaves_path.open("wb") as leaves:
                fill(app, count, leaves)
            result: list[bool] = []
            verified = rate(count, lambda: result.append(app.integrity.verify().ok))
            assert result == [True] and app.integrity.verify().head.tree_size == count
        finally:
            app.close()
        started = time.perf_counter()
        subprocess.run(["sha256sum", str(leaves_path)], check=True, capture_output=True)
        ceiling = count / (time.perf_counter() - started)
    return verified, ceiling


def witness_cost(url: str, other_url: str, count: int) -> tuple[float, float]:
    """Write commands/s with the witness and without it: ``open_case`` as in
    bench_commands, the two ledgers taking turns in rounds so that drift in
    the machine's load falls on both alike."""
    ledgers = (
        prepared(QALedger(locate(url).env)),
        prepared(UnwitnessedLedger(locate(other_url).env)),
    )
    rounds = 4
    per_round = count // rounds
    elapsed = [0.0, 0.0]
    try:
        for first in range(0, rounds * per_round, per_round):
            for which, app in enumerate(ledgers):
                started = time.perf_counter()
                for n in range(first, first + per_round):
                    app.cases.open(
                        "TM1",
                        case_ref=f"LL-{n}",
                        team="safeguarding",
                        district="North",
                        worker="TM1",
                        on=DAY,
                    )
                elapsed[which] += time.perf_counter() - started
    finally:
        for app in ledgers:
            app.close()
    done = rounds * per_round
    return done / elapsed[0], done / elapsed[1]


def prepared(app: QALedger) -> QALedger:
    """What bench_commands prepares, for either class of ledger."""
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


def run(quick: bool) -> list[tuple[str, float, str, float]]:
    sqlite_events = 20_000 if quick else 1_000_000
    postgres_events = 20_000 if quick else 1_000_000
    commands = 200 if quick else 2000
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "verify.db")
        verified, ceiling = verify_and_ceiling(
            lambda: QALedger(locate(db).env), sqlite_events
        )
        rows.append(
            (
                f"SQLite: verify events/s ({sqlite_events:,} events)",
                verified,
                "sha256sum of the same leaf bytes, events/s",
                ceiling,
            )
        )
        witnessed, plain = witness_cost(
            str(Path(folder) / "with.db"), str(Path(folder) / "without.db"), commands
        )
        rows.append(
            ("SQLite: write commands/s, witnessed", witnessed, "without witness", plain)
        )
    with scratch_schema() as url:
        verified, ceiling = verify_and_ceiling(
            lambda: QALedger(locate(url).env), postgres_events
        )
        rows.append(
            (
                f"PostgreSQL: verify events/s ({postgres_events:,} events)",
                verified,
                "sha256sum of the same leaf bytes, events/s",
                ceiling,
            )
        )
    with scratch_schema() as url, scratch_schema() as other_url:
        witnessed, plain = witness_cost(url, other_url, commands)
        rows.append(
            (
                "PostgreSQL: write commands/s, witnessed",
                witnessed,
                "without witness",
                plain,
            )
        )
    return rows
