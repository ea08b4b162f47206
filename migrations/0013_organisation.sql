-- The organisation as it stands and as it stood: staff (no names), each
-- stretch of a staff member's role, team and district, and cases with their
-- current grading, so people can be found without knowing ids.
CREATE TABLE staff (
    staff_id TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    team TEXT,
    district TEXT,
    joined_on DATE NOT NULL,
    left_on DATE,
    aggregate_id TEXT NOT NULL UNIQUE
);
CREATE INDEX staff_team ON staff (team, role);

-- from_on is the first day of a stretch, to_on the day after its last
-- (exclusive), NULL while it lasts: held on day D is
-- from_on <= D AND (to_on IS NULL OR D < to_on).
CREATE TABLE staff_periods (
    source_position BIGINT PRIMARY KEY,
    staff_id TEXT NOT NULL,
    role TEXT NOT NULL,
    team TEXT,
    district TEXT,
    from_on DATE NOT NULL,
    to_on DATE
);
CREATE INDEX staff_periods_staff ON staff_periods (staff_id, from_on);
CREATE INDEX staff_periods_team ON staff_periods (team, role, from_on);

CREATE TABLE cases (
    case_ref TEXT PRIMARY KEY,
    team TEXT NOT NULL,
    district TEXT NOT NULL,
    allocated_worker TEXT NOT NULL,
    status TEXT NOT NULL,
    opened_on DATE NOT NULL,
    closed_on DATE,
    grade TEXT,
    graded_on DATE,
    graded_by_audit TEXT,
    aggregate_id TEXT NOT NULL UNIQUE
);
CREATE INDEX cases_team ON cases (team, status);
CREATE INDEX cases_worker ON cases (allocated_worker);

-- The whole case file and transfer audits of cases: what a grading event,
-- which names only the audit's UUID, grades.
CREATE TABLE graded_audits (
    aggregate_id TEXT PRIMARY KEY,
    audit_id TEXT NOT NULL,
    case_ref TEXT NOT NULL
);
