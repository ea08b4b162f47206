-- Performance management meetings (§3.7): one row per meeting, and one per
-- report tabled, action reviewed and person attending.
CREATE TABLE meetings (
    position BIGINT PRIMARY KEY,
    meeting_id TEXT NOT NULL UNIQUE,
    held_on DATE NOT NULL,
    chair TEXT NOT NULL,
    focus TEXT
);
CREATE INDEX meetings_held ON meetings (held_on);

CREATE TABLE meeting_items (
    meeting_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    item TEXT NOT NULL,
    PRIMARY KEY (meeting_id, kind, ordinal)
);
