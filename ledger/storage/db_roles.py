"""Append-only tables and database roles on PostgreSQL.

The SQL lives in ``migrations/integrity/``, written with ``{schema}``,
``{writer}`` and ``{reader}`` placeholders; this module fills them in for one
ledger schema and applies the result in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import psycopg

from ledger.errors import InvalidValue
from ledger.storage.store import Store, postgres_conninfo, read_schema_of

SQL_PACKAGE = "migrations.integrity"
SQL_FILES = ("0001_append_only.sql", "0002_read_models.sql")
DEFAULT_WRITER = "qaledger_writer"
DEFAULT_READER = "qaledger_reader"

# Plain lower-case names only: they are quoted, but never need escaping.
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class Roles:
    writer: str = DEFAULT_WRITER
    reader: str = DEFAULT_READER

    def __post_init__(self) -> None:
        for what, name in (("writer", self.writer), ("reader", self.reader)):
            check_name(f"{what} role", name)
        if self.writer == self.reader:
            raise InvalidValue("the writer and reader roles must differ")


def check_name(what: str, name: str) -> str:
    if not ROLE_NAME.match(name):
        raise InvalidValue(
            f"{what} {name!r} is not a plain name: use lower-case letters, "
            "digits and '_', at most 63, not starting with a digit"
        )
    return name


def render(schema: str, roles: Roles) -> str:
    """The SQL for ``schema``, ready for psql or ``apply``."""
    check_name("schema", schema)
    values = {
        "{schema}": f'"{schema}"',
        # As projections.engine.read_store.read_schema names it.
        "{read_schema}": f'"{read_schema_of(schema)}"',
        "{writer}": f'"{roles.writer}"',
        "{reader}": f'"{roles.reader}"',
        "{writer_name}": f"'{roles.writer}'",
        "{reader_name}": f"'{roles.reader}'",
    }
    parts = []
    for name in SQL_FILES:
        text = resources.files(SQL_PACKAGE).joinpath(name).read_text(encoding="utf-8")
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
        parts.append(f"-- {name}\n{text}")
    return "\n".join(parts)


def apply(store: Store, roles: Roles) -> None:
    """Run the SQL for the store's schema in one transaction."""
    if not store.is_postgres:
        raise InvalidValue(
            f"database roles are a PostgreSQL feature; {store.display} is a SQLite file"
        )
    script = render(store.schema, roles)
    with psycopg.connect(postgres_conninfo(store)) as conn, conn.transaction():
        conn.execute(script.encode())
