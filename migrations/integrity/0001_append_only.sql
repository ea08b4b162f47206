-- qaledger integrity 0001 (PostgreSQL only): the event, witness and checkpoint
-- tables of one ledger schema are append-only, and two group roles share the
-- work: a writer for the application, a reader for inspectors and data teams.
--
-- `qaledger db roles` prints this file filled in for one schema and role
-- names; `qaledger db roles --apply` runs it in one transaction. Run it as the
-- tables' owner, after the ledger exists. It can be run again.
--
-- People log in as their own roles and are granted one of the group roles:
--     CREATE ROLE alex LOGIN IN ROLE {reader};

-- 1. A trigger refuses UPDATE, DELETE and TRUNCATE to everyone, the owner
--    and superusers included (only disabling the trigger gets past it).
CREATE OR REPLACE FUNCTION {schema}.qaledger_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'qaledger: % on %.% refused: the ledger is append-only',
        TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE OR REPLACE TRIGGER qaledger_append_only
    BEFORE UPDATE OR DELETE ON {schema}.qaledger_events
    FOR EACH ROW EXECUTE FUNCTION {schema}.qaledger_refuse_change();
CREATE OR REPLACE TRIGGER qaledger_no_truncate
    BEFORE TRUNCATE ON {schema}.qaledger_events
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.qaledger_refuse_change();

CREATE OR REPLACE TRIGGER qaledger_append_only
    BEFORE UPDATE OR DELETE ON {schema}.qaledger_leaves
    FOR EACH ROW EXECUTE FUNCTION {schema}.qaledger_refuse_change();
CREATE OR REPLACE TRIGGER qaledger_no_truncate
    BEFORE TRUNCATE ON {schema}.qaledger_leaves
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.qaledger_refuse_change();

CREATE OR REPLACE TRIGGER qaledger_append_only
    BEFORE UPDATE OR DELETE ON {schema}.qaledger_checkpoints
    FOR EACH ROW EXECUTE FUNCTION {schema}.qaledger_refuse_change();
CREATE OR REPLACE TRIGGER qaledger_no_truncate
    BEFORE TRUNCATE ON {schema}.qaledger_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.qaledger_refuse_change();

-- 2. The group roles (cluster-wide, so created only when missing).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {writer_name}) THEN
        CREATE ROLE {writer} NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {reader_name}) THEN
        CREATE ROLE {reader} NOLOGIN;
    END IF;
END
$$;

-- 3. Privileges: nobody but the owner holds more than granted here.
REVOKE ALL ON {schema}.qaledger_events, {schema}.qaledger_leaves,
    {schema}.qaledger_checkpoints FROM PUBLIC, {writer}, {reader};
GRANT USAGE ON SCHEMA {schema} TO {writer}, {reader};

-- The writer inserts events (with their witness) and checkpoints, and reads.
GRANT SELECT, INSERT ON {schema}.qaledger_events, {schema}.qaledger_leaves,
    {schema}.qaledger_checkpoints TO {writer};
GRANT USAGE ON SEQUENCE {schema}.qaledger_events_notification_id_seq,
    {schema}.qaledger_checkpoints_checkpoint_id_seq TO {writer};
-- eventsourcing serialises writers with LOCK TABLE ... IN EXCLUSIVE MODE, and
-- PostgreSQL 15 grants that lock only to a role holding UPDATE, DELETE or
-- TRUNCATE on the table. UPDATE is the least of these; the trigger above
-- refuses every UPDATE all the same.
GRANT UPDATE ON {schema}.qaledger_events TO {writer};

-- The reader reads the log, its witness and checkpoints (enough to run
-- `qaledger verify`), and nothing else of this schema.
GRANT SELECT ON {schema}.qaledger_events, {schema}.qaledger_leaves,
    {schema}.qaledger_checkpoints TO {reader};
