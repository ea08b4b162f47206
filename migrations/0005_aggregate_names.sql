-- The readable id of every aggregate, and the case and staff member it is
-- about, from its first event (used to name later events in the trail).
CREATE TABLE aggregate_names (
    aggregate_id TEXT PRIMARY KEY,
    aggregate_type TEXT NOT NULL,
    readable_id TEXT NOT NULL,
    case_ref TEXT,
    staff_id TEXT
);
