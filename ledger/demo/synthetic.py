"""Synthetic ledgers of any size: the demo's years of council oversight
(``ledger.demo``) for one council or many, over one year or many, into a
ledger, an events file, or both.

Every event is made by the application's own commands, with every check
they make. One council for one year, the demo, is recorded as people would
record it: each command saved in its own transaction. Anything bigger goes
through ``BatchingLedger``: the same commands and checks, with the
aggregates kept in memory and the events saved ``BATCH`` per transaction.
Both give the same events for the same seed. The batched path also dates
each event's recording to the day it happened (``SyntheticClock``), where
the other records the clock's time, so a batched build is the same byte for
byte, as is its events file and its tree head.
"""

from __future__ import annotations

import tempfile
import time as clock
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from ledger.application import QALedger
from ledger.bulk.batching import FLUSH_EVERY, BatchingLedger
from ledger.demo import DemoSummary, generate
from ledger.demo.year import latest_start
from ledger.errors import LedgerError
from ledger.progress import Progress, no_progress
from ledger.settings import Settings
from ledger.storage.store import Store, locate, prepare

BATCH = FLUSH_EVERY


class NotEmpty(LedgerError):
    def __init__(self, where: str) -> None:
        super().__init__(
            f"{where} already holds a ledger; choose another --db or add --overwrite"
        )


@dataclass(frozen=True)
class Built:
    summary: DemoSummary
    events: int
    seconds: float
    batched: bool
    events_file: Path | None = None

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


def default_start(years: int, today: date | None = None) -> date:
    """The first day of ``years`` years ending today (``latest_start``): a
    demo built today runs up to today, so the periods people look at first
    (this month, this quarter, this half-year's cycle) hold data."""
    return latest_start(years, today or date.today())


def batched(councils: int, years: int, batch: int | None) -> bool:
    """Whether a size goes through ``BatchingLedger``: anything bigger than
    one council for one year, unless ``batch`` says (1: every command on
    its own)."""
    if batch is not None:
        return batch > 1
    return councils * years > 1


def build(
    db: str | None,
    *,
    councils: int = 1,
    years: int = 1,
    seed: int = 1,
    start: date | None = None,
    events_file: Path | None = None,
    batch: int | None = None,
    settings: Settings | None = None,
    progress: Progress = no_progress,
) -> Built:
    """Build the synthetic ledger in the empty ledger at ``db`` (a SQLite
    file or a PostgreSQL URL) and, with ``events_file``, write it out as an
    events file too (``qaledger export events``' format). With no ``db``
    the ledger is a scratch SQLite file, deleted once the file is written."""
    first_day = start or default_start(years)
    if db is None:
        if events_file is None:
            raise LedgerError("say where to build: a ledger, an events file, or both")
        with tempfile.TemporaryDirectory(prefix="qaledger-synthetic-") as scratch:
            return build(
                str(Path(scratch) / "scratch.db"),
                councils=councils,
                years=years,
                seed=seed,
                start=first_day,
                events_file=events_file,
                batch=batch,
                settings=settings,
                progress=progress,
            )
    store = prepare(locate(db))
    use_batches = batched(councils, years, batch)
    ledger = open_for_building(store, use_batches, batch, settings)
    try:
        if ledger.has_events():
            raise NotEmpty(store.display)
        if isinstance(ledger, BatchingLedger):
            ledger.assume_empty()
        began = clock.perf_counter()
        summary = generate(
            ledger,
            seed=seed,
            start=first_day,
            progress=progress,
            councils=councils,
            years=years,
        )
        if isinstance(ledger, BatchingLedger):
            ledger.flush()
        seconds = clock.perf_counter() - began
        if events_file is not None:
            write_events_file(ledger, events_file, progress)
    finally:
        ledger.close()
    return Built(summary, summary.events, seconds, use_batches, events_file)


def open_for_building(
    store: Store, use_batches: bool, batch: int | None, settings: Settings | None
) -> QALedger:
    if use_batches:
        return BatchingLedger(
            store.env,
            settings=settings,
            flush_every=batch or BATCH,
            recorded_at=SyntheticClock(),
        )
    return QALedger(store.env, settings=settings)


class SyntheticClock:
    """When a synthetic event was recorded: at 17:00 UTC on the day it
    happened, each a microsecond after the one before (days never go back:
    the demo works through its diary in date order)."""

    HOUR = time(17, tzinfo=UTC)

    def __init__(self) -> None:
        self.last = datetime.min.replace(tzinfo=UTC)

    def __call__(self, event: object) -> datetime:
        day = getattr(event, "occurred_on", None)
        at = datetime.combine(day, self.HOUR) if isinstance(day, date) else self.last
        self.last = max(at, self.last + timedelta(microseconds=1))
        return self.last


def write_events_file(ledger: QALedger, out: Path, progress: Progress) -> None:
    """Write ``ledger`` as an events file in the format of ``qaledger export
    events`` (``ledger.bulk.events_file``): the same writer, so the file imports
    with ``qaledger import events`` like any export."""
    from ledger.bulk.events_file import export_events

    export_events(ledger, out, progress)
