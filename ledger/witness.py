"""The witness: per-position leaf hashes and signed-off tree heads, kept beside
the events in the same database (the same SQLite file; the same PostgreSQL
schema).

``qaledger_leaves`` holds, for every notification position, the identity of
the event recorded there and its leaf hash. It is written *in the same
transaction* as the events (the recorders below extend eventsourcing's own
application recorders), so a position is witnessed if and only if its event
was committed through the ledger: no crash window, no gaps, and concurrent
writers on PostgreSQL are serialised by the library's table lock as before.
With it, ``verify`` can say which position no longer matches and why.

``qaledger_checkpoints`` holds tree heads someone signed off: if the events
and their witness were rewritten together, the heads no longer match.

Nothing here writes to the event table; the events are inserted by the
library's recorder exactly as without a witness.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ProgrammingError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import (
    SQLiteApplicationRecorder,
    SQLiteCursor,
    SQLiteDatastore,
)
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed, Identifier

from ledger.leaves import event_leaf_hash

LEAVES_TABLE = "qaledger_leaves"
CHECKPOINTS_TABLE = "qaledger_checkpoints"


@dataclass(frozen=True)
class Checkpoint:
    """A tree head someone signed off: the first ``tree_size`` events, up to
    notification ``last_position``, hash to ``root_hash``."""

    tree_size: int
    last_position: int
    root_hash: bytes
    recorded_at: datetime
    signed_off_by: str
    checkpoint_id: int | None = None


@dataclass(frozen=True)
class WitnessEntry:
    originator_id: UUID | str
    originator_version: int
    leaf_hash: bytes


class Witness(ABC):
    """What ``verify`` asks of a store besides its notifications."""

    @abstractmethod
    def select_leaves(self, after: int, up_to: int) -> list[tuple[int, bytes]]:
        """(position, leaf hash) of witnessed positions in (after, up_to]."""

    @abstractmethod
    def max_witnessed_position(self) -> int:
        """The last witnessed position, 0 when none is."""

    @abstractmethod
    def witness_entry(self, position: int) -> WitnessEntry | None: ...

    @abstractmethod
    def witnessed_position(
        self, originator_id: UUID | str, originator_version: int
    ) -> int | None:
        """Where the witness says this event was recorded."""

    @abstractmethod
    def event_position(
        self, originator_id: UUID | str, originator_version: int
    ) -> int | None:
        """Where this event sits in the event table now."""

    @abstractmethod
    def insert_checkpoint(self, checkpoint: Checkpoint) -> int: ...

    @abstractmethod
    def select_checkpoints(self) -> list[Checkpoint]: ...


def witness_rows(
    positions: Sequence[int] | None,
    stored_events: Sequence[StoredEvent],
    stored_id: Any,
) -> list[tuple[int, Any, int, bytes]]:
    if positions is None or len(positions) != len(stored_events):
        raise ProgrammingError("the recorder did not return every new position")
    return [
        (
            position,
            stored_id(event.originator_id),
            event.originator_version,
            event_leaf_hash(
                position,
                event.originator_id,
                event.originator_version,
                event.topic,
                event.state,
            ),
        )
        for position, event in zip(positions, stored_events, strict=True)
    ]


# SQLite: the witness lives in the ledger's own file.

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


# PostgreSQL: the witness lives in the events' schema.


class WitnessingPostgresRecorder(PostgresApplicationRecorder, Witness):
    def __init__(
        self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"
    ) -> None:
        if datastore.enable_db_functions:
            # That path inserts through a database function, past the hook
            # below, so events would go unwitnessed.
            raise ProgrammingError(
                "qaledger's witness needs POSTGRES_ENABLE_DB_FUNCTIONS off"
            )
        super().__init__(datastore, events_table_name=events_table_name)
        self.sql_create_statements += [
            self._sql(
                "CREATE TABLE IF NOT EXISTS {leaves} ("
                "position bigint PRIMARY KEY, "
                "originator_id {id_type} NOT NULL, "
                "originator_version bigint NOT NULL, "
                "leaf_hash bytea NOT NULL)"
            ),
            self._sql(
                "CREATE TABLE IF NOT EXISTS {checkpoints} ("
                "checkpoint_id bigserial PRIMARY KEY, "
                "tree_size bigint NOT NULL, "
                "last_position bigint NOT NULL, "
                "root_hash bytea NOT NULL, "
                "recorded_at timestamptz NOT NULL, "
                "signed_off_by text NOT NULL)"
            ),
        ]
        self.insert_leaves_statement = self._sql(
            "INSERT INTO {leaves} (position, originator_id, originator_version, "
            "leaf_hash) VALUES (%s, %s, %s, %s)"
        )

    def _sql(self, text: str) -> Composed:
        schema = Identifier(self.datastore.schema)
        return SQL(text).format(
            leaves=schema + SQL(".") + Identifier(LEAVES_TABLE),
            checkpoints=schema + SQL(".") + Identifier(CHECKPOINTS_TABLE),
            events=schema + SQL(".") + Identifier(self.events_table_name),
            id_type=Identifier(self.datastore.originator_id_type),
        )

    def _fetch_ids_after_insert_events(
        self,
        curs: Cursor[DictRow],
        stored_events: Sequence[StoredEvent],
        **kwargs: Any,
    ) -> Sequence[int] | None:
        # Still inside the library's transaction, holding its table lock.
        positions = super()._fetch_ids_after_insert_events(
            curs, stored_events, **kwargs
        )
        curs.executemany(
            self.insert_leaves_statement,
            witness_rows(positions, stored_events, lambda originator_id: originator_id),
        )
        return positions

    def _fetch(self, statement: Composed, params: Sequence[Any]) -> list[DictRow]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, params)
            return curs.fetchall()

    def select_leaves(self, after: int, up_to: int) -> list[tuple[int, bytes]]:
        rows = self._fetch(
            self._sql(
                "SELECT position, leaf_hash FROM {leaves} "
                "WHERE position > %s AND position <= %s ORDER BY position"
            ),
            (after, up_to),
        )
        return [(row["position"], bytes(row["leaf_hash"])) for row in rows]

    def max_witnessed_position(self) -> int:
        rows = self._fetch(self._sql("SELECT MAX(position) AS last FROM {leaves}"), ())
        return int(rows[0]["last"] or 0)

    def witness_entry(self, position: int) -> WitnessEntry | None:
        rows = self._fetch(
            self._sql(
                "SELECT originator_id, originator_version, leaf_hash "
                "FROM {leaves} WHERE position = %s"
            ),
            (position,),
        )
        if not rows:
            return None
        row = rows[0]
        return WitnessEntry(
            row["originator_id"], row["originator_version"], bytes(row["leaf_hash"])
        )

    def witnessed_position(
        self, originator_id: UUID | str, originator_version: int
    ) -> int | None:
        return self._position_of(
            "{leaves}", "position", originator_id, originator_version
        )

    def event_position(
        self, originator_id: UUID | str, originator_version: int
    ) -> int | None:
        return self._position_of(
            "{events}", "notification_id", originator_id, originator_version
        )

    def _position_of(
        self, table: str, column: str, originator_id: UUID | str, version: int
    ) -> int | None:
        rows = self._fetch(
            self._sql(
                f"SELECT {column} AS position FROM {table} "
                "WHERE originator_id = %s AND originator_version = %s "
                f"ORDER BY {column} LIMIT 1"
            ),
            (originator_id, version),
        )
        return int(rows[0]["position"]) if rows else None

    def insert_checkpoint(self, checkpoint: Checkpoint) -> int:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                self._sql(
                    "INSERT INTO {checkpoints} (tree_size, last_position, "
                    "root_hash, recorded_at, signed_off_by) "
                    "VALUES (%s, %s, %s, %s, %s) RETURNING checkpoint_id"
                ),
                (
                    checkpoint.tree_size,
                    checkpoint.last_position,
                    checkpoint.root_hash,
                    checkpoint.recorded_at,
                    checkpoint.signed_off_by,
                ),
            )
            row = curs.fetchone()
            assert row is not None
            return int(row["checkpoint_id"])

    def select_checkpoints(self) -> list[Checkpoint]:
        rows = self._fetch(
            self._sql(
                "SELECT checkpoint_id, tree_size, last_position, root_hash, "
                "recorded_at, signed_off_by FROM {checkpoints} "
                "ORDER BY tree_size, checkpoint_id"
            ),
            (),
        )
        return [
            Checkpoint(
                checkpoint_id=row["checkpoint_id"],
                tree_size=row["tree_size"],
                last_position=row["last_position"],
                root_hash=bytes(row["root_hash"]),
                recorded_at=row["recorded_at"],
                signed_off_by=row["signed_off_by"],
            )
            for row in rows
        ]


RECORDER_TOPICS = {
    "eventsourcing.sqlite": "ledger.witness:WitnessingSQLiteRecorder",
    "eventsourcing.postgres": "ledger.witness:WitnessingPostgresRecorder",
}
