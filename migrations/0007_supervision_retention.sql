-- One row per supervision record, with how long it must be kept (§2.3: while
-- the supervisee is employed and at least 2 years after employment ends).
CREATE TABLE supervision_retention (
    record_position BIGINT PRIMARY KEY,
    supervisee TEXT NOT NULL,
    supervised_on DATE NOT NULL,
    supervisor TEXT NOT NULL,
    employment_end DATE,
    retain_until DATE
);
CREATE INDEX supervision_retention_supervisee ON supervision_retention (supervisee);

-- Staff members and supervision files by aggregate, with leaving dates.
CREATE TABLE supervision_people (
    aggregate_id TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL,
    is_staff_record BOOLEAN NOT NULL,
    left_on DATE
);
CREATE INDEX supervision_people_staff ON supervision_people (staff_id);

CREATE VIEW supervision_retention_now AS
SELECT
    record_position, supervisee, supervised_on, supervisor, employment_end,
    retain_until,
    CASE
        WHEN employment_end IS NULL THEN 'retained - employed'
        WHEN retain_until >= CURRENT_DATE THEN 'retained - within 2 years of leaving'
        ELSE 'due for retention review'
    END AS status
FROM supervision_retention;
