"""The witness on SQLite: it lives in the ledger's own file (see
``ledger.integrity.witness``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import (
    SQLiteApplicationRecorder,
    SQLiteCursor,
    SQLiteDatastore,
)

from ledger.integrity.witness import (
    CHECKPOINTS_TABLE,
    LEAVES_TABLE,
    Checkpoint,
    Witness,
    WitnessEntry,
    witness_rows,
)

SQLITE_TABLES = [
    f"CREATE TABLE IF NOT EXISTS {LEAVES_TABLE} ("
    "position INTEGER PRIMARY KEY, "
    "originator_id TEXT NOT NULL, "
    "originator_version INTEGER NOT NULL, "
    "leaf_hash BLOB NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS {CHECKPOINTS_TABLE} ("
    "checkpoint_id INTEGER PRIMARY KEY, "
    "tree_size INTEGER NOT NULL, "
    "last_position INTEGER NOT NULL, "
    "root_hash BLOB NOT NULL, "
    "recorded_at TEXT NOT NULL, "
    "signed_off_by TEXT NOT NULL)",
    # A guard against accidents, not attackers: whoever holds the file can
    # drop a trigger, which is why checkpoints are worth holding elsewhere.
    *(
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} "
        f"BEFORE {op} ON {table} BEGIN "
        f"SELECT RAISE(ABORT, '{table} is append-only'); END"
        for table in (LEAVES_TABLE, CHECKPOINTS_TABLE)
        for op in ("UPDATE", "DELETE")
    ),
]


class WitnessingSQLiteRecorder(SQLiteApplicationRecorder, Witness):
    def __init__(
        self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"
    ) -> None:
        super().__init__(datastore, events_table_name)

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *SQLITE_TABLES]

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._insert_events(c, stored_events, **kwargs)
        self._witness(c, positions, stored_events)
        return positions

    def _witness(
        self,
        c: SQLiteCursor,
        positions: Sequence[int] | None,
        stored_events: Sequence[StoredEvent],
    ) -> None:
        """Write the leaves of events just inserted, in their transaction."""
        c.executemany(
            f"INSERT INTO {LEAVES_TABLE} VALUES (?, ?, ?, ?)",
            witness_rows(positions, stored_events, self._stored_id),
        )

    def _stored_id(self, originator_id: UUID | str) -> str:
        # The same text the library stores in the event table.
        return originator_id.hex if isinstance(originator_id, UUID) else originator_id

    def select_leaves(self, after: int, up_to: int) -> list[tuple[int, bytes]]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT position, leaf_hash FROM {LEAVES_TABLE} "
                "WHERE position > ? AND position <= ? ORDER BY position",
                (after, up_to),
            )
            return [(row[0], row[1]) for row in c.fetchall()]

    def max_witnessed_position(self) -> int:
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT MAX(position) FROM {LEAVES_TABLE}")
            return int(c.fetchone()[0] or 0)

    def witness_entry(self, position: int) -> WitnessEntry | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT originator_id, originator_version, leaf_hash "
                f"FROM {LEAVES_TABLE} WHERE position = ?",
                (position,),
            )
            row = c.fetchone()
        if row is None:
            return None
        return WitnessEntry(self.convert_originator_id(row[0]), row[1], row[2])

    def witnessed_position(
        self, originator_id: UUID | str, originator_version: int
    ) -> int | None:
        return self._position_of(
            LEAVES_TABLE, "position", originator_id, originator_version
        )

    def event_position(
        self, originator_id: UUID | str, originator_version: int
    ) -> int | None:
        return self._position_of(
            self.events_table_name, "rowid", originator_id, originator_version
        )

    def _position_of(
        self, table: str, column: str, originator_id: UUID | str, version: int
    ) -> int | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT {column} FROM {table} "
                "WHERE originator_id = ? AND originator_version = ? "
                f"ORDER BY {column} LIMIT 1",
                (self._stored_id(originator_id), version),
            )
            row = c.fetchone()
        return None if row is None else int(row[0])

    def insert_checkpoint(self, checkpoint: Checkpoint) -> int:
        with self.datastore.transaction(commit=True) as c:
            c.execute(
                f"INSERT INTO {CHECKPOINTS_TABLE} (tree_size, last_position, "
                "root_hash, recorded_at, signed_off_by) VALUES (?, ?, ?, ?, ?)",
                (
                    checkpoint.tree_size,
                    checkpoint.last_position,
                    checkpoint.root_hash,
                    checkpoint.recorded_at.isoformat(),
                    checkpoint.signed_off_by,
                ),
            )
            return int(c.lastrowid)

    def select_checkpoints(self) -> list[Checkpoint]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT checkpoint_id, tree_size, last_position, root_hash, "
                f"recorded_at, signed_off_by FROM {CHECKPOINTS_TABLE} "
                "ORDER BY tree_size, checkpoint_id"
            )
            return [
                Checkpoint(
                    checkpoint_id=row[0],
                    tree_size=row[1],
                    last_position=row[2],
                    root_hash=bytes(row[3]),
                    recorded_at=datetime.fromisoformat(row[4]),
                    signed_off_by=row[5],
                )
                for row in c.fetchall()
            ]
