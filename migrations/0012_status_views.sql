-- The *_now views, made again from the one definition of a status on a day
-- (projections/status.py), read with the database's CURRENT_DATE. Each
-- double-braced name is that definition's SQL; a later change to one needs
-- a migration of its own that makes the views again.
DROP VIEW compliance_now;
CREATE VIEW compliance_now AS
SELECT
    requirement_id, requirement, subject_id, case_ref, staff_id, team,
    due_on, met_on,
    {{ requirement_status }} AS status
FROM compliance;

DROP VIEW supervision_retention_now;
CREATE VIEW supervision_retention_now AS
SELECT
    record_position, supervisee, supervised_on, supervisor, employment_end,
    retain_until,
    {{ retention_status }} AS status
FROM supervision_retention;
