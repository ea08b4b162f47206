-- Views for the questions of an Ofsted preparation meeting (issue 18), the
-- same names and columns on both stores, statuses as of the database's
-- CURRENT_DATE from the one definition of each (projections/status.py).
-- An action's team and district are defined once, in actions_now: its
-- audit's (the case's when the audit was scheduled), else its owner's now.
CREATE VIEW actions_now AS
SELECT
    action_id, source_audit, source_cycle, case_ref, owner, team, district,
    description, set_on, due_on, completed_on,
    {{ action_status }} AS status
FROM (
    SELECT a.action_id, a.source_audit, a.source_cycle, a.case_ref, a.owner,
        COALESCE(f.team, s.team) AS team,
        COALESCE(f.district, s.district) AS district,
        a.description, a.set_on, a.due_on, a.completed_on
    FROM actions a
    LEFT JOIN audit_facts f ON f.audit_id = a.source_audit
    LEFT JOIN staff s ON s.staff_id = a.owner
) AS with_team;

CREATE VIEW overdue_actions_by_team AS
SELECT team, owner, COUNT(*) AS overdue, MIN(due_on) AS oldest_due_on
FROM actions_now
WHERE status = 'overdue'
GROUP BY team, owner;

-- Each audit's grade as it stands (its last grading or moderation) beside
-- the grade first given, for the audits of a cycle not cancelled.
CREATE VIEW grading_by_cycle_and_team AS
SELECT last_row.cycle, last_row.team,
    COALESCE(last_row.moderated_grade, last_row.grade_given) AS grade,
    COUNT(*) AS audits,
    SUM(CASE WHEN first_row.grade_given
        <> COALESCE(last_row.moderated_grade, last_row.grade_given)
        THEN 1 ELSE 0 END) AS changed_by_moderation
FROM (
    SELECT audit_id, MIN(position) AS first_position,
        MAX(position) AS last_position
    FROM grading_benchmarks GROUP BY audit_id
) AS ends
JOIN grading_benchmarks last_row ON last_row.position = ends.last_position
JOIN grading_benchmarks first_row ON first_row.position = ends.first_position
WHERE last_row.cycle IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM audit_facts f
    WHERE f.audit_id = ends.audit_id AND f.status = 'cancelled'
)
GROUP BY last_row.cycle, last_row.team,
    COALESCE(last_row.moderated_grade, last_row.grade_given);

CREATE VIEW supervision_on_time AS
SELECT staff_id AS supervisee, team,
    SUM(CASE WHEN status = 'met' THEN 1 ELSE 0 END) AS met,
    SUM(CASE WHEN status = 'met late' THEN 1 ELSE 0 END) AS met_late,
    SUM(CASE WHEN status = 'overdue' THEN 1 ELSE 0 END) AS overdue,
    SUM(CASE WHEN status = 'due' THEN 1 ELSE 0 END) AS due
FROM compliance_now
WHERE requirement = 'supervision'
GROUP BY staff_id, team;

CREATE VIEW decisions_by_team AS
SELECT team,
    SUM(CASE WHEN status = 'met' THEN 1 ELSE 0 END) AS met,
    SUM(CASE WHEN status = 'met late' THEN 1 ELSE 0 END) AS met_late,
    SUM(CASE WHEN status = 'overdue' THEN 1 ELSE 0 END) AS overdue,
    SUM(CASE WHEN status = 'due' THEN 1 ELSE 0 END) AS due
FROM compliance_now
WHERE requirement LIKE 'management-decision:%'
GROUP BY team;

CREATE VIEW complaints_by_stage AS
SELECT team, stage, status, COUNT(*) AS complaints, SUM(lessons) AS lessons
FROM complaints
GROUP BY team, stage, status;

-- case_tracking, which reads cases, is made in 0022 with the cases table.
