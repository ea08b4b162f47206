"""Read-model migrations on both stores: applied in order, each once, recorded
in schema_migrations, and a failed one leaves the database as it was."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from ledger.settings import Settings
from ledger.storage.store import locate
from projections.dictionary import rows as dictionary_rows
from projections.engine.migrate import (
    Migration,
    MigrationFailed,
    applied_versions,
    available,
    migrate,
)
from projections.engine.read_store import (
    PostgresReadStore,
    SQLiteReadStore,
    open_read_store,
    read_schema,
)
from projections.registry import all_projections
from tests.conftest import POSTGRES_URL

Store = SQLiteReadStore | PostgresReadStore

# Every table the migrations create belongs to a projection (so a rebuild
# empties it) or to the machinery (positions, and the dictionary itself).
READ_MODEL_TABLES = {
    "projection_positions",
    "read_model_tables",
    "read_model_columns",
} | {table for projection in all_projections(Settings()) for table in projection.tables}
READ_MODEL_VIEWS = {
    "compliance_now",
    "supervision_retention_now",
    "actions_now",
    "overdue_actions_by_team",
    "grading_by_cycle_and_team",
    "supervision_on_time",
    "decisions_by_team",
    "complaints_by_stage",
    "case_tracking",
}


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A fresh, empty read store beside a test ledger; dropped afterwards."""
    ledger = locate(db_url)
    opened = open_read_store(ledger)
    try:
        yield opened
    finally:
        opened.close()
        if ledger.sqlite_path is None:
            with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
                admin.execute(
                    sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                        sql.Identifier(read_schema(ledger))
                    )
                )


def relations(store: Store, kind: str = "table") -> set[str]:
    """The tables (or views) in the read store."""
    with store.transaction() as cursor:
        if isinstance(store, SQLiteReadStore):
            rows = cursor.fetchall(
                "SELECT name FROM sqlite_master WHERE type = ?", (kind,)
            )
        else:
            rows = cursor.fetchall(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = ? AND table_type = ?",
                (store.schema, "VIEW" if kind == "view" else "BASE TABLE"),
            )
    return {str(row[0]) for row in rows}


def recorded(store: Store) -> list[tuple[str, str]]:
    with store.transaction() as cursor:
        rows = cursor.fetchall(
            "SELECT version, name, applied_at FROM schema_migrations ORDER BY version"
        )
    assert all(row[2] for row in rows), "every migration records when it ran"
    return [(str(row[0]), str(row[1])) for row in rows]


def test_the_migrations_are_numbered_once_each_from_0001() -> None:
    versions = [migration.version for migration in available()]
    assert versions == [f"{n:04d}" for n in range(1, len(versions) + 1)]
    assert all(m.name.startswith(f"{m.version}_") for m in available())
    assert all(m.statements() for m in available()), "an empty migration file"


def test_migrations_apply_in_order_each_once_and_are_recorded(store: Store) -> None:
    names = [migration.name for migration in available()]
    assert migrate(store) == names
    assert recorded(store) == [(name[:4], name) for name in names]
    assert relations(store) == READ_MODEL_TABLES | {"schema_migrations"}
    assert relations(store, "view") == READ_MODEL_VIEWS

    assert migrate(store) == []
    assert applied_versions(store) == [name[:4] for name in names]
    assert len(recorded(store)) == len(names)


def test_a_store_opened_again_applies_only_what_is_new(
    store: Store, db_url: str
) -> None:
    first, *later = available()
    assert migrate(store, [first]) == [first.name]
    again = open_read_store(locate(db_url))
    try:
        assert migrate(again) == [migration.name for migration in later]
        assert migrate(again) == []
    finally:
        again.close()
    assert relations(store) == READ_MODEL_TABLES | {"schema_migrations"}


def test_a_failing_migration_leaves_the_database_as_it_was(store: Store) -> None:
    good = Migration("0001", "0001_good.sql", "CREATE TABLE kept (id INTEGER);")
    bad = Migration(
        "0002",
        "0002_bad.sql",
        "CREATE TABLE half_done (id INTEGER);\n"
        "INSERT INTO half_done VALUES (1);\n"
        "INSERT INTO no_such_table VALUES (1);\n",
    )
    after = Migration("0003", "0003_after.sql", "CREATE TABLE later (id INTEGER);")

    with pytest.raises(
        MigrationFailed, match=re.escape("0002_bad.sql failed and was rolled back")
    ):
        migrate(store, [good, bad, after])
    assert recorded(store) == [("0001", "0001_good.sql")]
    assert relations(store) == {"schema_migrations", "kept"}

    fixed = Migration("0002", "0002_bad.sql", "CREATE TABLE half_done (id INTEGER);")
    assert migrate(store, [good, fixed, after]) == ["0002_bad.sql", "0003_after.sql"]
    assert relations(store) == {"schema_migrations", "kept", "half_done", "later"}
    with store.transaction() as cursor:
        assert cursor.fetchall("SELECT COUNT(*) FROM half_done")[0][0] == 0


def test_two_migrations_with_one_number_are_refused_before_either_runs(
    store: Store,
) -> None:
    first = Migration("0001", "0001_a.sql", "CREATE TABLE a (id INTEGER);")
    second = Migration("0001", "0001_b.sql", "CREATE TABLE b (id INTEGER);")
    with pytest.raises(MigrationFailed, match=re.escape("0001_a.sql and 0001_b.sql")):
        migrate(store, [first, second])
    assert relations(store) == set()


def test_semicolons_in_comments_and_strings_do_not_split_a_statement(
    store: Store,
) -> None:
    migration = Migration(
        "0001",
        "0001_notes.sql",
        "-- A table; with a note.\n"
        "CREATE TABLE notes (\n"
        "    id INTEGER, -- the id; a number\n"
        "    body TEXT NOT NULL DEFAULT 'a; b' /* kept; whole */\n"
        ");\n"
        "INSERT INTO notes (id) VALUES (1);\n"
        "-- the end; nothing follows\n",
    )
    assert len(migration.statements()) == 2
    assert migrate(store, [migration]) == ["0001_notes.sql"]
    with store.transaction() as cursor:
        assert cursor.fetchall("SELECT id, body FROM notes") == [(1, "a; b")]


README = Path(__file__).parent.parent / "projections" / "README.md"
DOCUMENTED_COLUMN = re.compile(r"^\| `([a-z_]+)` \| ([A-Z]+)")


def documented() -> dict[str, list[tuple[str, str]]]:
    """Each ``## name`` section of projections/README.md: its column table's
    names and first word of type."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = sections.setdefault(line[3:].split()[0], [])
        elif match := DOCUMENTED_COLUMN.match(line):
            current.append((match[1], match[2]))
    return sections


def test_the_data_dictionary_lists_every_column_with_its_type(
    tmp_path: Path,
) -> None:
    store = SQLiteReadStore(tmp_path / "ledger.read.db")
    try:
        migrate(store)
        with store.transaction() as cursor:
            found = {
                str(name): [
                    (str(column[1]), str(column[2]))
                    for column in cursor.fetchall(f"PRAGMA table_info({name})")
                ]
                for (name,) in cursor.fetchall(
                    "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
                )
            }
    finally:
        store.close()
    sections = documented()
    for name, columns in found.items():
        assert name in sections, f"projections/README.md does not document {name}"
        in_readme = sections[name]
        assert [c for c, _ in in_readme] == [c for c, _ in columns], name
        for (column, documented_type), (_, declared) in zip(
            in_readme, columns, strict=True
        ):
            # A view's computed column has no declared type in SQLite.
            assert declared in ("", documented_type), f"{name}.{column}"


def test_the_database_describes_every_table_and_column_as_the_page_does(
    store: Store,
) -> None:
    """After migrate, read_model_tables and read_model_columns hold the data
    dictionary of projections/README.md, and on PostgreSQL so do the tables',
    views' and columns' comments; a hand-edited description is put back."""
    migrate(store)
    tables, columns = dictionary_rows()
    assert len(tables) >= 28 and len(columns) >= 200
    with store.transaction() as cursor:
        stored = cursor.fetchall(
            "SELECT table_name, column_name, ordinal, declared_type, description "
            "FROM read_model_columns"
        )
        assert sorted(tuple(row) for row in stored) == sorted(columns)
        cursor.execute(
            "UPDATE read_model_columns SET description = 'tampered' "
            "WHERE table_name = 'actions'"
        )
    migrate(store)
    with store.transaction() as cursor:
        assert (
            cursor.fetchall(
                "SELECT 1 FROM read_model_columns WHERE description = 'tampered'"
            )
            == []
        )
        if store.dialect != "postgres":
            return
        commented = cursor.fetchall(
            "SELECT c.table_name, c.column_name, col_description("
            "(quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))"
            "::regclass, c.ordinal_position) FROM information_schema.columns c "
            "WHERE c.table_schema = current_schema()"
        )
        table_comments: dict[str, str] = dict(
            (str(name), str(comment))
            for name, comment in cursor.fetchall(
                "SELECT t.table_name, obj_description((quote_ident(t.table_schema)"
                " || '.' || quote_ident(t.table_name))::regclass, 'pg_class') "
                "FROM information_schema.tables t "
                "WHERE t.table_schema = current_schema()"
            )
        )
    meaning = {(t, c): m for t, c, _, _, m in columns}
    assert {(t, c): m for t, c, m in commented if (t, c) in meaning} == meaning
    assert {t: d for t, _, d in tables} == {t: table_comments[t] for t, _, _ in tables}
