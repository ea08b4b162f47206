"""Apply the numbered SQL files in ``migrations/`` in order, each once.

Each file runs in its own transaction together with the row that records it
in ``schema_migrations``, so a failed migration leaves the database as it was.
A file may write ``{{ action_status }}``, ``{{ requirement_status }}`` or
``{{ retention_status }}`` for the one definition of that status on the day
it is read (``projections/status.py``).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from projections.dictionary import rows as dictionary_rows
from projections.engine.read_store import PostgresReadStore, SQLiteReadStore
from projections.status import (
    ACTION_STATUS,
    REQUIREMENT_STATUS,
    RETENTION_STATUS,
    on_day,
)

NUMBERED = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
DEFINITION = re.compile(r"\{\{ *([a-z_]+) *\}\}")
# In a view, the day a status is read on is the database's today.
DEFINITIONS = {
    "action_status": on_day(ACTION_STATUS, "CURRENT_DATE"),
    "requirement_status": on_day(REQUIREMENT_STATUS, "CURRENT_DATE"),
    "retention_status": on_day(RETENTION_STATUS, "CURRENT_DATE"),
}


class MigrationFailed(Exception):
    pass


@dataclass(frozen=True)
class Migration:
    version: str
    name: str
    sql: str

    def statements(self) -> list[str]:
        """The file's statements, split at the semicolons that end one: not
        those inside a quoted string or a comment (SQLite's own tokenizer
        decides, and the SQL here runs on both stores)."""
        lines = [
            line
            for line in self.rendered().splitlines()
            if not line.lstrip().startswith("--")
        ]
        found, pending = [], ""
        for part in "\n".join(lines).split(";"):
            pending += part + ";"
            if sqlite3.complete_statement(pending):
                found.append(pending.strip().removesuffix(";").strip())
                pending = ""
        found.append(pending.strip().removesuffix(";").strip())
        return [statement for statement in found if statement]

    def rendered(self) -> str:
        """The SQL with each ``{{ name }}`` replaced by its definition."""

        def definition(match: re.Match[str]) -> str:
            try:
                return DEFINITIONS[match[1]]
            except KeyError:
                raise MigrationFailed(
                    f"migration {self.name} names no known definition "
                    f"{match[0]}; known: {', '.join(sorted(DEFINITIONS))}"
                ) from None

        return DEFINITION.sub(definition, self.sql)


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
    chosen = migrations if migrations is not None else available()
    check_numbering(chosen)
    with store.transaction() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "version TEXT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
    applied = []
    for migration in chosen:
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
    if migrations is None:
        # A migration may make a table again, losing its comments.
        describe(store, again=bool(applied))
    return applied


def describe(store: SQLiteReadStore | PostgresReadStore, again: bool = False) -> None:
    """Write the data dictionary into the database when it differs from
    what is there (or ``again``): read_model_tables and read_model_columns
    on both stores, and on PostgreSQL ``COMMENT ON`` every table, view and
    column."""
    tables, columns = dictionary_rows()
    with store.transaction() as cursor:
        columns_there = [
            (str(t), str(c), int(n), str(d), str(m))
            for t, c, n, d, m in cursor.fetchall(
                "SELECT table_name, column_name, ordinal, declared_type, "
                "description FROM read_model_columns ORDER BY table_name, ordinal"
            )
        ]
        tables_there = [
            (str(t), bool(v), str(d))
            for t, v, d in cursor.fetchall(
                "SELECT table_name, is_view, description FROM read_model_tables "
                "ORDER BY table_name"
            )
        ]
        # Compared in Python's order: the database's collation may differ.
        if not again and (sorted(tables_there), sorted(columns_there)) == (
            sorted(tables),
            sorted(columns),
        ):
            return  # as the page says already
        cursor.execute("DELETE FROM read_model_columns")
        cursor.execute("DELETE FROM read_model_tables")
        for row in tables:
            cursor.execute("INSERT INTO read_model_tables VALUES (?, ?, ?)", row)
        for column in columns:
            cursor.execute(
                "INSERT INTO read_model_columns VALUES (?, ?, ?, ?, ?)", column
            )
        if store.dialect == "postgres":
            comment_on(cursor, tables, columns)


def comment_on(
    cursor: Any,
    tables: list[tuple[str, bool, str]],
    columns: list[tuple[str, str, int, str, str]],
) -> None:
    """PostgreSQL's own place for descriptions, where psql's \\d+ shows them.
    COMMENT takes no parameters: the text is quoted as a literal."""
    existing = {
        str(name)
        for (name,) in cursor.fetchall(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema()"
        )
    }
    for name, is_view, description in tables:
        if name in existing:
            kind = "VIEW" if is_view else "TABLE"
            cursor.execute(f"COMMENT ON {kind} {name} IS {literal(description)}")
    for table, column, _, _, description in columns:
        if table in existing:
            cursor.execute(
                f"COMMENT ON COLUMN {table}.{column} IS {literal(description)}"
            )


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def check_numbering(migrations: list[Migration]) -> None:
    """Refuse two migrations with one number: the second would be taken as
    applied already and silently never run."""
    seen: dict[str, str] = {}
    for migration in migrations:
        if migration.version in seen:
            raise MigrationFailed(
                f"migrations {seen[migration.version]} and {migration.name} have "
                f"the same number {migration.version}; renumber one"
            )
        seen[migration.version] = migration.name


def applied_versions(store: SQLiteReadStore | PostgresReadStore) -> list[str]:
    with store.transaction() as cursor:
        rows = cursor.fetchall("SELECT version FROM schema_migrations ORDER BY version")
    return [row[0] for row in rows]
