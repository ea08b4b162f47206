-- 4. The read models: the reader (an inspector, a data analyst with psql)
-- and the writer query every table and view of the read schema, those made
-- later by the owner's migrations too, and change none of them.
CREATE SCHEMA IF NOT EXISTS {read_schema};
GRANT USAGE ON SCHEMA {read_schema} TO {writer}, {reader};
GRANT SELECT ON ALL TABLES IN SCHEMA {read_schema} TO {writer}, {reader};
ALTER DEFAULT PRIVILEGES IN SCHEMA {read_schema}
    GRANT SELECT ON TABLES TO {writer}, {reader};
