"""Every projection, and the read models opened, migrated and caught up."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.postgres import PostgresApplicationRecorder

from ledger.progress import Progress
from ledger.settings import Settings
from ledger.storage.store import Store
from projections.actions import Actions
from projections.audit_trail import AuditTrail
from projections.compliance import Compliance
from projections.engine.migrate import migrate
from projections.engine.projection import Projection
from projections.engine.read_store import open_read_store
from projections.engine.runner import DEFAULT_BATCH, ProjectionRunner
from projections.grading_benchmarks import GradingBenchmarks
from projections.organisation import Organisation
from projections.oversight_records import oversight_record_projections
from projections.supervision_retention import SupervisionRetention


def configured_batch_size() -> int:
    """Events per catch-up transaction: ``QALEDGER_PROJECTION_BATCH`` or 2000."""
    value = os.environ.get("QALEDGER_PROJECTION_BATCH", "")
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_BATCH


def never() -> bool:
    return False


def all_projections(settings: Settings) -> list[Projection]:
    return [
        AuditTrail(),
        Actions(),
        GradingBenchmarks(),
        Compliance(settings),
        SupervisionRetention(),
        *oversight_record_projections(),
        Organisation(),
    ]


def projection_names(settings: Settings | None = None) -> list[str]:
    return [p.name for p in all_projections(settings or Settings())]


class ReadModels:
    """The read-model store of one ledger, migrated, with a runner for the
    chosen projections (all of them by default)."""

    def __init__(
        self,
        app: Application[UUID],
        store: Store,
        settings: Settings,
        names: list[str] | None = None,
        batch_size: int | None = None,
    ) -> None:
        self.store = open_read_store(store)
        try:
            migrate(self.store)
            chosen = [
                p for p in all_projections(settings) if names is None or p.name in names
            ]
            self.runner = ProjectionRunner(
                app, self.store, chosen, batch_size or configured_batch_size()
            )
        except BaseException:
            self.store.close()
            raise

    def catch_up(self, progress: Progress | None = None) -> int:
        return self.runner.catch_up(progress)

    def follow(
        self, poll_seconds: float = 1.0, stop: Callable[[], bool] = never
    ) -> None:
        """Catch up whenever new events are recorded, until ``stop()``.

        PostgreSQL wakes on LISTEN/NOTIFY through the library's subscription;
        each wake-up catches up in batches, so a burst is one transaction per
        batch, not per event. SQLite has no notifications, so it polls.
        """
        recorder = self.runner.app.recorder
        if isinstance(recorder, PostgresApplicationRecorder):
            with recorder.subscribe(gt=self.runner.head()) as subscription:
                for notification in subscription:
                    if notification.id > self.runner.lowest_position():
                        self.catch_up()
                    if stop():
                        return
        while not stop():
            self.catch_up()
            time.sleep(poll_seconds)

    def rows(
        self, statement: str, params: tuple[Any, ...] = ()
    ) -> list[tuple[Any, ...]]:
        with self.store.reading() as cursor:
            return [tuple(row) for row in cursor.fetchall(statement, params)]

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> ReadModels:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def rebuild_read_models(
    app: Application[UUID], store: Store, progress: Progress
) -> int:
    """Rebuild every read model of the ledger ``app`` from event 1 (as after
    copying a ledger into a new store); return how many events were read."""
    settings = getattr(app, "settings", None) or Settings()
    with ReadModels(app, store, settings) as models:
        return models.runner.rebuild(progress)
