"""Numbered SQL files that create the read-model tables, applied in order by
``qaledger migrate`` (see projections/engine/migrate.py). The SQL is written to run
unchanged on SQLite and PostgreSQL."""
