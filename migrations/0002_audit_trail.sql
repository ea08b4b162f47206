-- Every event, in log order, as inspectors read it.
CREATE TABLE audit_trail (
    position BIGINT PRIMARY KEY,
    recorded_at TIMESTAMPTZ NOT NULL,
    occurred_on DATE,
    actor TEXT,
    actor_role TEXT,
    aggregate_type TEXT NOT NULL,
    aggregate_id TEXT NOT NULL,
    aggregate_version BIGINT NOT NULL,
    case_ref TEXT,
    staff_id TEXT,
    event_kind TEXT NOT NULL,
    summary TEXT NOT NULL
);
CREATE INDEX audit_trail_case ON audit_trail (case_ref, position);
CREATE INDEX audit_trail_aggregate ON audit_trail (aggregate_id, position);
CREATE INDEX audit_trail_staff ON audit_trail (staff_id, position);
CREATE INDEX audit_trail_actor ON audit_trail (actor, position);
