"""Where the ledger lives: the store (SQLite or PostgreSQL), encryption keys,
and the database roles that keep the log append-only.
"""
