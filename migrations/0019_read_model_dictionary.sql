-- The data dictionary in the database itself (projections/dictionary.py):
-- what each table and view holds, and each column's type and meaning, as
-- projections/README.md says; rewritten by migrate whenever the page changes.
CREATE TABLE read_model_tables (
    table_name TEXT PRIMARY KEY,
    is_view BOOLEAN NOT NULL,
    description TEXT NOT NULL
);
CREATE TABLE read_model_columns (
    table_name TEXT NOT NULL,
    column_name TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    declared_type TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (table_name, column_name)
);
