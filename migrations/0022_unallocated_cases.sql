-- A case may be open and not yet allocated: cases.allocated_worker may be
-- empty. The table is made again (SQLite cannot drop a NOT NULL), and then
-- case_tracking, the Ofsted case tracking list, which reads it.
CREATE TABLE cases_next (
    case_ref TEXT PRIMARY KEY,
    team TEXT NOT NULL,
    district TEXT NOT NULL,
    allocated_worker TEXT,
    status TEXT NOT NULL,
    opened_on DATE NOT NULL,
    closed_on DATE,
    grade TEXT,
    graded_on DATE,
    graded_by_audit TEXT,
    aggregate_id TEXT NOT NULL UNIQUE
);
INSERT INTO cases_next SELECT * FROM cases;
DROP TABLE cases;
ALTER TABLE cases_next RENAME TO cases;
CREATE INDEX cases_team ON cases (team, status);
CREATE INDEX cases_worker ON cases (allocated_worker);
CREATE VIEW case_tracking AS
SELECT c.case_ref, c.team, c.district, c.status, c.grade, c.graded_on,
    (SELECT COUNT(*) FROM audit_facts f
        WHERE f.case_ref = c.case_ref AND f.status <> 'cancelled') AS audits,
    (SELECT COUNT(*) FROM actions_now a
        WHERE a.case_ref = c.case_ref AND a.status <> 'completed')
        AS actions_open,
    (SELECT COUNT(*) FROM actions_now a
        WHERE a.case_ref = c.case_ref AND a.status = 'overdue')
        AS actions_overdue
FROM cases c;
