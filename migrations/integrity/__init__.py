"""PostgreSQL SQL for the ledger's integrity: append-only tables and roles,
rendered and applied by ``qaledger db roles`` (see ledger/storage/db_roles.py). Not
read-model migrations: ``qaledger migrate`` leaves this folder alone."""
