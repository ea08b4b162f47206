"""A council's ledger on PostgreSQL made append-only (the `server` fixture in
tests/conftest.py makes one): the ledger as each role's login, and a
statement tried as one; and dropping the roles, which are cluster-wide."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import sql

from ledger.application import QALedger
from ledger.storage.db_roles import Roles
from ledger.storage.store import locate
from tests.conftest import POSTGRES_URL, TODAY


@dataclass(frozen=True)
class Server:
    url: str  # the ledger's schema, as the owner
    schema: str
    roles: Roles

    def login_url(self, role: str) -> str:
        parts = urlsplit(self.url)
        host = parts.netloc.split("@")[-1]
        return parts._replace(netloc=f"{role}_login@{host}").geturl()

    def ledger_as(self, role: str) -> QALedger:
        # Logins that may not create tables must not try to.
        env = {**locate(self.login_url(role)).env, "CREATE_TABLE": "no"}
        return QALedger(env, today=lambda: TODAY)

    def refused(self, role: str | None, statement: str) -> str:
        """Run ``statement`` as ``role``'s login (None: the owner); return the
        error it raised, failing the test if it did not raise one."""
        conninfo = POSTGRES_URL if role is None else self.login_url(role).split("?")[0]
        with psycopg.connect(conninfo, autocommit=True) as conn:
            try:
                conn.execute(statement.format(schema=f'"{self.schema}"'))
            except psycopg.errors.InsufficientPrivilege as error:
                return str(error)
        pytest.fail(f"{role or 'the owner'} was allowed: {statement}")


def drop_roles(names: list[str]) -> None:
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        for name in names:
            exists = admin.execute(
                "SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)
            ).fetchone()
            if exists:
                admin.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(name)))
                admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))
