-- Direct observations of staff practice (§4.1): one row per observation.
CREATE TABLE observations (
    position BIGINT PRIMARY KEY,
    observation_id TEXT NOT NULL UNIQUE,
    staff_member TEXT NOT NULL,
    observer TEXT NOT NULL,
    observed_on DATE NOT NULL,
    outcome TEXT NOT NULL,
    support_needed BOOLEAN NOT NULL
);
CREATE INDEX observations_on ON observations (observed_on);
CREATE INDEX observations_staff ON observations (staff_member);
