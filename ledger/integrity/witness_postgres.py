"""The witness on PostgreSQL: it lives in the events' schema (see
``ledger.integrity.witness``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ProgrammingError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed, Identifier

from ledger.integrity.witness import (
    CHECKPOINTS_TABLE,
    LEAVES_TABLE,
    Checkpoint,
    Witness,
    WitnessEntry,
    witness_rows,
)


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
