-- The six-monthly cycle an audit belongs to, so that a moderation of its
-- grading meets the cycle's moderation requirement (§3.3).
ALTER TABLE compliance_subjects ADD COLUMN cycle TEXT;
