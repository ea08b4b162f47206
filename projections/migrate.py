"""Apply the numbered SQL files in ``migrations/`` in order, each once.

Each file runs in its own transaction together with the row that records it
in ``schema_migrations``, so a failed migration leaves the database as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

from projections.readstore import PostgresReadStore, SQLiteReadStore

NUMBERED = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class MigrationFailed(Exception):
    pass


@dataclass(frozen=True)
class Migration:
    version: str
    name: str
    sql: str

    def statements(self) -> list[str]:
        lines = [
            line for line in self.sql.splitlines() if not line.lstrip().startswith("--")
        ]
        return [part.strip() for part in "\n".join(lines).split(";") if part.strip()]


def available() -> list[Migration]:
    folder = resources.files("migrations")
    found = []
    for entry in folder.iterdir():
        match = NUMBERED.match(entry.name)
        if match:
            found.append(Migration(match[1], entry.name, entry.read_text("utf-8")))
    return sorted(found, key=lambda migration: migration.version)


def migrate(
    store: SQLiteReadStore | PostgresReadStore,
    migrations: list[Migration] | None = None,
) -> list[str]:
    """Apply what is missing; return the names applied."""
    with store.transaction() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "version TEXT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
    applied = []
    for migration in migrations if migrations is not None else available():
        with store.transaction() as cursor:
            if store.dialect == "postgres":
                cursor.execute("LOCK TABLE schema_migrations IN EXCLUSIVE MODE")
            done = cursor.fetchall(
                "SELECT 1 FROM schema_migrations WHERE version = ?",
                (migration.version,),
            )
            if done:
                continue
            try:
                for statement in migration.statements():
                    cursor.execute(statement)
            except Exception as error:
                raise MigrationFailed(
                    f"migration {migration.name} failed and was rolled back: {error}"
                ) from error
            cursor.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                (migration.version, migration.name, datetime.now(UTC).isoformat()),
            )
        applied.append(migration.name)
    return applied


def applied_versions(store: SQLiteReadStore | PostgresReadStore) -> list[str]:
    with store.transaction() as cursor:
        rows = cursor.fetchall("SELECT version FROM schema_migrations ORDER BY version")
    return [row[0] for row in rows]
