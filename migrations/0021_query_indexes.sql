-- Indexes on what the views and reports filter and join by (issue 18): an
-- audit's case, cycle, team and status; an action's audit and case; a
-- requirement's kind and team; a complaint's team and stage.
CREATE INDEX audit_facts_case ON audit_facts (case_ref);
CREATE INDEX audit_facts_cycle ON audit_facts (cycle, team);
CREATE INDEX audit_facts_team ON audit_facts (team, status);
CREATE INDEX actions_source_audit ON actions (source_audit);
CREATE INDEX actions_case ON actions (case_ref);
CREATE INDEX compliance_requirement ON compliance (requirement, team, due_on);
CREATE INDEX complaints_team ON complaints (team, stage);
CREATE INDEX grading_benchmarks_cycle_team ON grading_benchmarks (cycle, team);
