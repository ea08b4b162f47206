-- One row per requirement instance: something the framework says must happen
-- by a date. status is 'met', 'met late' or 'open'; compliance_now says
-- whether an open one is 'due' or 'overdue' today.
CREATE TABLE compliance (
    requirement_id TEXT PRIMARY KEY,
    requirement TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    case_ref TEXT,
    staff_id TEXT,
    team TEXT,
    due_on DATE NOT NULL,
    met_on DATE,
    status TEXT NOT NULL,
    source_position BIGINT NOT NULL
);
CREATE INDEX compliance_subject ON compliance (subject_id, status, requirement, due_on);
CREATE INDEX compliance_open ON compliance (status, due_on);
CREATE INDEX compliance_staff ON compliance (staff_id);

-- What the compliance projection needs to know about people, cases, audits
-- and actions to place a requirement (team, responsible person).
CREATE TABLE compliance_subjects (
    aggregate_id TEXT PRIMARY KEY,
    subject_id TEXT NOT NULL,
    case_ref TEXT,
    staff_id TEXT,
    team TEXT,
    role TEXT,
    left_on DATE
);
CREATE INDEX compliance_subjects_subject ON compliance_subjects (subject_id);

-- Management decisions recorded before the trigger they answer.
CREATE TABLE compliance_early_decisions (
    source_position BIGINT PRIMARY KEY,
    case_ref TEXT NOT NULL,
    kind TEXT NOT NULL,
    decided_on DATE NOT NULL
);
CREATE INDEX compliance_early_decisions_case ON compliance_early_decisions (case_ref, kind);

CREATE VIEW compliance_now AS
SELECT
    requirement_id, requirement, subject_id, case_ref, staff_id, team,
    due_on, met_on,
    CASE
        WHEN status <> 'open' THEN status
        WHEN due_on < CURRENT_DATE THEN 'overdue'
        ELSE 'due'
    END AS status
FROM compliance;
