"""Catch projections up with the notification log, exactly once.

Each batch is one read-model transaction: lock the projections' positions,
read the next events from the log, apply each to every projection still
behind it, and move the positions to the batch's last event. A crash or an
interrupt rolls the whole batch back, so no event is ever counted twice or
skipped. One decode of each event serves every projection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.application import Application

from ledger.progress import Progress
from projections.engine.buffered import BufferedCursor
from projections.engine.projection import Position, Projection
from projections.engine.read_store import Cursor, PostgresReadStore, SQLiteReadStore

DEFAULT_BATCH = 2000


@dataclass(frozen=True)
class ProjectionStatus:
    name: str
    position: int
    head: int
    rebuilding: bool

    @property
    def lag(self) -> int:
        return self.head - self.position


class ProjectionRunner:
    def __init__(
        self,
        app: Application[UUID],
        store: SQLiteReadStore | PostgresReadStore,
        projections: Sequence[Projection],
        batch_size: int = DEFAULT_BATCH,
    ) -> None:
        self.app = app
        self.store = store
        self.projections = list(projections)
        self.batch_size = batch_size
        self.ensure_positions()

    def ensure_positions(self) -> None:
        with self.store.transaction() as cursor:
            cursor.executemany(
                "INSERT INTO projection_positions (projection, position, rebuilding) "
                "VALUES (?, 0, ?) ON CONFLICT (projection) DO NOTHING",
                [(projection.name, False) for projection in self.projections],
            )

    def head(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def status(self) -> list[ProjectionStatus]:
        head = self.head()
        with self.store.reading() as cursor:
            rows = cursor.fetchall(
                "SELECT projection, position, rebuilding FROM projection_positions"
            )
        known = {row[0]: (int(row[1]), bool(row[2])) for row in rows}
        return [
            ProjectionStatus(
                p.name,
                position=known.get(p.name, (0, False))[0],
                head=head,
                rebuilding=known.get(p.name, (0, False))[1],
            )
            for p in self.projections
        ]

    def catch_up(
        self, progress: Progress | None = None, stage: str = "catching up"
    ) -> int:
        """Apply every event recorded so far; return how many were read."""
        head = self.head()
        read = 0
        while True:
            batch = self.run_batch()
            read += batch
            if progress is not None:
                progress(stage, min(self.lowest_position(), head), head)
            if batch < self.batch_size:
                self.finish_rebuilds()
                return read

    def run_batch(self) -> int:
        try:
            with self.store.transaction() as cursor:
                return self.apply_batch(cursor)
        except BaseException:
            # What projections hold in memory may describe the rolled-back batch.
            for projection in self.projections:
                projection.reset()
            raise

    def apply_batch(self, cursor: Cursor) -> int:
        positions = self.locked_positions(cursor)
        start = min(positions.values()) + 1
        notifications = self.app.recorder.select_notifications(
            start=start, limit=self.batch_size
        )
        if not notifications:
            return 0
        to_domain_event = self.app.mapper.to_domain_event
        buffered = BufferedCursor(cursor)
        for notification in notifications:
            event: Any = to_domain_event(notification)
            at = Position(notification.id, event.timestamp)
            for projection in self.projections:
                if notification.id > positions[projection.name]:
                    projection.handle(event, at, buffered)
        buffered.executemany(
            "UPDATE projection_positions SET position = ? WHERE projection = ?",
            [(notifications[-1].id, p.name) for p in self.projections],
        )
        buffered.flush()
        return len(notifications)

    def locked_positions(self, cursor: Cursor) -> dict[str, int]:
        lock = " FOR UPDATE" if self.store.dialect == "postgres" else ""
        rows = cursor.fetchall(
            "SELECT projection, position FROM projection_positions" + lock
        )
        known = {row[0]: int(row[1]) for row in rows}
        return {p.name: known[p.name] for p in self.projections}

    def lowest_position(self) -> int:
        return min(status.position for status in self.status())

    def rebuild(self, progress: Progress | None = None, *, resume: bool = True) -> int:
        """Empty the projections' tables and replay the log from event 1.

        An interrupted rebuild leaves ``rebuilding`` set; rebuilding again
        resumes from where it stopped unless ``resume`` is false.
        """
        if not (resume and any(s.rebuilding for s in self.status())):
            with self.store.transaction() as cursor:
                for projection in self.projections:
                    for table in projection.tables:
                        cursor.execute(f"DELETE FROM {table}")
                    projection.reset()
                cursor.executemany(
                    "UPDATE projection_positions SET position = 0, rebuilding = ? "
                    "WHERE projection = ?",
                    [(True, p.name) for p in self.projections],
                )
        return self.catch_up(progress, "rebuilding")

    def finish_rebuilds(self) -> None:
        with self.store.transaction() as cursor:
            cursor.executemany(
                "UPDATE projection_positions SET rebuilding = ? WHERE projection = ?",
                [(False, p.name) for p in self.projections],
            )
