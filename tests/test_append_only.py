"""Append-only at the database level, on PostgreSQL: after `qaledger db roles
--apply` the writer role can record through the ledger but cannot update,
delete or truncate an event; the reader can verify but write nothing; and the
trigger refuses even the tables' owner.

Roles are cluster-wide, so each test makes its own with a unique name and
drops them afterwards; the schema is dropped as in tests/conftest.py."""

from __future__ import annotations

from datetime import date

import psycopg
import pytest
from click.testing import CliRunner, Result
from eventsourcing.persistence import PersistenceError
from psycopg import sql

from commands.cli import main
from ledger.storage.db_roles import Roles, render
from ledger.storage.store import read_schema_of
from projections.dictionary import dictionary
from tests.conftest import POSTGRES_URL
from tests.helpers.postgres_roles import Server

# A column of each witness table, to try an UPDATE on.
WITNESS_COLUMNS = (
    ("qaledger_leaves", "originator_version"),
    ("qaledger_checkpoints", "tree_size"),
)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_the_writer_cannot_update_delete_or_truncate_an_event(server: Server) -> None:
    writer = server.roles.writer
    assert "the ledger is append-only" in server.refused(
        writer, "UPDATE {schema}.qaledger_events SET state = 'x'"
    )
    assert "permission denied" in server.refused(
        writer, "DELETE FROM {schema}.qaledger_events"
    )
    assert "permission denied" in server.refused(
        writer, "TRUNCATE {schema}.qaledger_events"
    )
    for table, column in WITNESS_COLUMNS:
        server.refused(writer, f"UPDATE {{schema}}.{table} SET {column} = 0")
        server.refused(writer, f"DELETE FROM {{schema}}.{table}")


def test_the_writer_still_records_and_verifies_through_the_ledger(
    server: Server,
) -> None:
    app = server.ledger_as(server.roles.writer)
    try:
        app.cases.open(
            "TM1",
            case_ref="LL-2002",
            team="safeguarding",
            district="North",
            worker="SW1",
            on=date(2026, 2, 2),
        )
        app.integrity.record_checkpoint("HOS1")
        assert app.cases.show("LL-2002")["team"] == "safeguarding"
        assert app.integrity.verify().ok
    finally:
        app.close()


def test_the_reader_can_verify_but_write_nothing(server: Server) -> None:
    reader = server.roles.reader
    for statement in (
        "INSERT INTO {schema}.qaledger_events (originator_id, originator_version, "
        "topic, state) VALUES (gen_random_uuid(), 1, 't', 'x')",
        "INSERT INTO {schema}.qaledger_leaves VALUES (999, gen_random_uuid(), 1, 'x')",
        "INSERT INTO {schema}.qaledger_checkpoints (tree_size, last_position, "
        "root_hash, recorded_at, signed_off_by) VALUES (1, 1, 'x', now(), 'x')",
        "UPDATE {schema}.qaledger_events SET state = 'x'",
        "DELETE FROM {schema}.qaledger_events",
        "TRUNCATE {schema}.qaledger_checkpoints",
        "CREATE TABLE {schema}.mine (x int)",
    ):
        assert "permission denied" in server.refused(reader, statement)
    app = server.ledger_as(reader)
    try:
        assert app.integrity.verify().ok
        before = app.position()
        with pytest.raises(PersistenceError, match="permission denied"):
            app.cases.open(
                "TM1",
                case_ref="LL-3003",
                team="safeguarding",
                district="North",
                worker="SW1",
                on=date(2026, 2, 2),
            )
        assert app.position() == before
    finally:
        app.close()


def test_the_trigger_refuses_even_the_tables_owner(server: Server) -> None:
    # Every table holds rows: a row trigger has nothing to refuse otherwise.
    for table, column in (("qaledger_events", "originator_version"), *WITNESS_COLUMNS):
        for statement in (
            f"UPDATE {{schema}}.{table} SET {column} = 0",
            f"DELETE FROM {{schema}}.{table}",
            f"TRUNCATE {{schema}}.{table}",
        ):
            assert "the ledger is append-only" in server.refused(None, statement)


def test_applying_the_roles_again_changes_nothing(server: Server) -> None:
    again = run(
        "db", "roles", "--apply", "--writer", server.roles.writer,
        "--reader", server.roles.reader, "--db", server.url,
    )  # fmt: skip
    assert again.exit_code == 0, again.output
    assert "append-only" in again.stdout


def test_db_roles_prints_the_sql_for_the_schema_without_touching_it() -> None:
    url = f"{POSTGRES_URL}?schema=council_north"
    printed = run("db", "roles", "--db", url, "--writer", "north_app")
    assert printed.exit_code == 0, printed.output
    assert printed.stdout == render("council_north", Roles(writer="north_app"))
    assert '"council_north".qaledger_events' in printed.stdout
    assert "GRANT SELECT, INSERT ON" in printed.stdout
    assert "{" not in printed.stdout.replace("BEGIN", "")  # every placeholder filled


def test_db_roles_refuses_sqlite_and_odd_names(tmp_path: object) -> None:
    sqlite = run("db", "roles", "--db", "ledger.db")
    assert sqlite.exit_code == 1
    assert "PostgreSQL feature" in sqlite.stderr
    odd = run("db", "roles", "--db", f"{POSTGRES_URL}?schema=x", "--reader", 'r"; DROP')
    assert odd.exit_code == 1
    assert "is not a plain name" in odd.stderr


def test_the_reader_queries_every_read_model_table_and_view_and_changes_none(
    server: Server,
) -> None:
    """Read models made after the roles (by the owner's first read command)
    are readable by the reader's login, every table and view of them."""
    made = run("due", "--db", server.url)
    assert made.exit_code == 0, made.output
    read = read_schema_of(server.schema)
    login = server.login_url(server.roles.reader).split("?")[0]
    with psycopg.connect(login, autocommit=True) as conn:
        for name in sorted(dictionary()):
            conn.execute(
                sql.SQL("SELECT * FROM {}.{} LIMIT 1").format(
                    sql.Identifier(read), sql.Identifier(name)
                )
            )
    assert "permission denied" in server.refused(
        server.roles.reader, f'DELETE FROM "{read}".actions'
    )
