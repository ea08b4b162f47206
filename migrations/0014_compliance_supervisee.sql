-- The supervisee a supervision-file audit is of, so completing one through
-- the audit lifecycle meets the supervision-file-audit requirement as the
-- dedicated 'qaledger supervision audit-file' does (§2.3, §3.5).
ALTER TABLE compliance_subjects ADD COLUMN supervisee TEXT;
