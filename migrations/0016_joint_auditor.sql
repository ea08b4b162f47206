-- §3.6: a cross-district thematic audit is undertaken jointly; its second
-- auditor (NULL for every other audit, and for every audit before
-- Audit.Scheduled version 2).
ALTER TABLE audit_facts ADD COLUMN joint_auditor TEXT;
