-- One row per action, with its follow-ups counted.
CREATE TABLE actions (
    action_id TEXT PRIMARY KEY,
    source_audit TEXT,
    source_cycle TEXT,
    case_ref TEXT,
    owner TEXT NOT NULL,
    description TEXT NOT NULL,
    set_on DATE NOT NULL,
    due_on DATE NOT NULL,
    completed_on DATE,
    follow_ups INTEGER NOT NULL,
    first_follow_up_on DATE,
    last_follow_up_on DATE,
    escalated_on DATE,
    aggregate_id TEXT NOT NULL UNIQUE
);
CREATE INDEX actions_owner ON actions (owner);
CREATE INDEX actions_due ON actions (due_on);
