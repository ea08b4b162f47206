"""Where the ledger lives: ``QALEDGER_DB`` names a SQLite file (the default,
``qaledger.db`` in the working directory) or a ``postgresql://`` URL.

A PostgreSQL URL may name a schema with ``?schema=NAME``; the schema is created
on first use, so one server can hold one ledger per council (or per test run).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from ledger.errors import InvalidValue
from ledger.storage.cipher_keys import cipher_env

DEFAULT_DB = "qaledger.db"
POSTGRES_SCHEMES = ("postgresql", "postgres")
CONNECT_TIMEOUT_SECONDS = 5


class StoreUnavailable(Exception):
    """The database could not be reached or opened."""


@dataclass(frozen=True)
class Store:
    kind: str  # "sqlite" or "postgres"
    display: str  # safe to print: no password
    env: dict[str, str] = field(repr=False)
    sqlite_path: Path | None = None
    schema: str = "public"

    @property
    def is_postgres(self) -> bool:
        return self.kind == "postgres"


def locate(db: str | None) -> Store:
    target = (db or "").strip() or DEFAULT_DB
    if urlsplit(target).scheme in POSTGRES_SCHEMES:
        store = _postgres_store(target)
    else:
        path = Path(target)
        store = Store(
            kind="sqlite",
            display=str(path),
            env={
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(path),
            },
            sqlite_path=path,
        )
    # Encryption at rest when QALEDGER_CIPHER_KEY(_FILE) names a key.
    store.env.update(cipher_env())
    return store


def _postgres_store(url: str) -> Store:
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    dbname = unquote(parts.path.lstrip("/"))
    if not dbname:
        raise InvalidValue(f"database URL {url!r} names no database")
    schema = query.get("schema", ["public"])[0]
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": dbname,
        "POSTGRES_HOST": parts.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(parts.port or 5432),
        "POSTGRES_USER": unquote(parts.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
        "POSTGRES_SCHEMA": schema,
        "POSTGRES_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT_SECONDS),
    }
    shown = parts._replace(netloc=parts.netloc.split("@")[-1]).geturl()
    return Store(kind="postgres", display=shown, env=env, schema=schema)


def postgres_conninfo(store: Store) -> str:
    # Here, not at the top: a SQLite ledger's commands never load the driver.
    import psycopg

    env = store.env
    return psycopg.conninfo.make_conninfo(
        dbname=env["POSTGRES_DBNAME"],
        host=env["POSTGRES_HOST"],
        port=env["POSTGRES_PORT"],
        user=env["POSTGRES_USER"],
        password=env["POSTGRES_PASSWORD"] or None,
        connect_timeout=env["POSTGRES_CONNECT_TIMEOUT"],
    )


def prepare(store: Store) -> Store:
    """Make sure the store can be opened: the folder exists, the server answers
    and the schema is there. Returns the store to open, which on PostgreSQL
    does not try to create tables that already exist: the writer and reader
    logins may not."""
    if store.sqlite_path is not None:
        folder = store.sqlite_path.parent
        if not folder.is_dir():
            raise StoreUnavailable(f"cannot open {store.display}: no folder {folder}")
        owner_only(store.sqlite_path)
        return store
    import psycopg
    from psycopg import sql

    try:
        with psycopg.connect(postgres_conninfo(store), autocommit=True) as conn:
            schema = conn.execute(
                "SELECT 1 FROM pg_namespace WHERE nspname = %s", (store.schema,)
            ).fetchone()
            if not schema:
                conn.execute(
                    sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(store.schema))
                )
            ledger = conn.execute(
                "SELECT to_regclass(%s)", (f'"{store.schema}".qaledger_events',)
            ).fetchone()
        if ledger and ledger[0] is not None:
            return replace(store, env={**store.env, "CREATE_TABLE": "no"})
        return store
    except psycopg.Error as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
        raise StoreUnavailable(
            f"cannot reach the database at {store.display}: {reason}"
        ) from None


def read_schema_of(schema: str) -> str:
    """The read models' schema beside the ledger's ``schema`` on PostgreSQL."""
    return "qaledger_read" if schema == "public" else f"{schema}_read"


def owner_only(path: Path) -> None:
    """Create the SQLite file ``path`` readable and writable by its owner
    alone, if it is not there yet: it holds personal data, and SQLite makes
    its -wal and -shm files with the same permissions. An existing file
    keeps the permissions it has (its owner chose them)."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass
    except OSError as error:
        raise StoreUnavailable(f"cannot create {path}: {error}") from None
