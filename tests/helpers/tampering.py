"""Raw SQL on a ledger's tables, past the application, on either store."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import psycopg

from ledger.integrity.leaves import event_leaf_hash
from ledger.storage.store import locate, postgres_conninfo


class Tamperer:
    """Raw SQL on a ledger's tables, past the application: what an attacker
    (or a careless administrator) with database access can do."""

    def __init__(self, db_url: str) -> None:
        self.store = locate(db_url)
        if self.store.is_postgres:
            schema = f'"{self.store.schema}"'
            self.events = f"{schema}.qaledger_events"
            self.leaves = f"{schema}.qaledger_leaves"
            self.checkpoints = f"{schema}.qaledger_checkpoints"
            self.position = "notification_id"
        else:
            self.events, self.position = "stored_events", "rowid"
            self.leaves, self.checkpoints = "qaledger_leaves", "qaledger_checkpoints"

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        if self.store.is_postgres:
            with psycopg.connect(postgres_conninfo(self.store)) as conn:
                yield conn
            return
        sqlite = sqlite3.connect(str(self.store.sqlite_path))
        try:
            # The witness's triggers guard against accidents; an attacker
            # holding the file simply drops them.
            for table in ("qaledger_leaves", "qaledger_checkpoints"):
                for op in ("update", "delete"):
                    sqlite.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op}")
            yield sqlite
            sqlite.commit()
        finally:
            sqlite.close()

    def run(self, statement: str, *params: Any) -> list[Any]:
        statement = statement.format(
            events=self.events,
            leaves=self.leaves,
            checkpoints=self.checkpoints,
            position=self.position,
        )
        if self.store.is_postgres:
            statement = statement.replace("?", "%s")
        with self._connection() as conn:
            cursor = conn.execute(statement, params)
            return list(cursor.fetchall()) if cursor.description else []

    def stored_id(self, originator_id: UUID) -> Any:
        return originator_id if self.store.is_postgres else originator_id.hex

    def set_state(self, position: int, state: bytes) -> None:
        self.run("UPDATE {events} SET state = ? WHERE {position} = ?", state, position)

    def delete(self, position: int) -> None:
        self.run("DELETE FROM {events} WHERE {position} = ?", position)

    def swap(self, first: int, second: int) -> None:
        for old, new in ((first, -1), (second, first), (-1, second)):
            self.run(
                "UPDATE {events} SET {position} = ? WHERE {position} = ?", new, old
            )

    def insert(
        self, originator_id: UUID, version: int, topic: str, state: bytes
    ) -> None:
        self.run(
            "INSERT INTO {events} (originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?)",
            self.stored_id(originator_id),
            version,
            topic,
            state,
        )

    def event(self, position: int) -> tuple[Any, int, str, bytes]:
        rows = self.run(
            "SELECT originator_id, originator_version, topic, state FROM {events} "
            "WHERE {position} = ?",
            position,
        )
        originator_id, version, topic, state = rows[0]
        return originator_id, version, topic, bytes(state)

    def rewrite_with_witness(self, position: int, state: bytes) -> None:
        """Change an event and its witness to match: only checkpoints see it."""
        originator_id, version, topic, _ = self.event(position)
        uuid = originator_id if isinstance(originator_id, UUID) else UUID(originator_id)
        self.set_state(position, state)
        self.run(
            "UPDATE {leaves} SET leaf_hash = ? WHERE position = ?",
            event_leaf_hash(position, uuid, version, topic, state),
            position,
        )
