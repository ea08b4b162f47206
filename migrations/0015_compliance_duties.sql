-- Who must act on each requirement (projections/duties.py): a person
-- ('staff': the requirement's staff_id) or a role of the requirement's team
-- or of the service; resolved to a person from staff_periods when read.
ALTER TABLE compliance ADD COLUMN responsible TEXT;
-- An audit's kind, so completing one meets what its kind is for (a transfer
-- audit, a family support audit).
ALTER TABLE compliance_subjects ADD COLUMN audit_kind TEXT;
CREATE INDEX compliance_responsible ON compliance (responsible, team, due_on);
