-- Facts about each audit that gradings are benchmarked by.
CREATE TABLE audit_facts (
    audit_id TEXT PRIMARY KEY,
    audit_kind TEXT NOT NULL,
    cycle TEXT,
    case_ref TEXT,
    team TEXT,
    district TEXT,
    auditor TEXT NOT NULL,
    status TEXT NOT NULL,
    started_on DATE,
    completed_on DATE,
    aggregate_id TEXT NOT NULL UNIQUE
);
-- One row per grading and per moderation.
CREATE TABLE grading_benchmarks (
    position BIGINT PRIMARY KEY,
    audit_id TEXT NOT NULL,
    audit_kind TEXT NOT NULL,
    cycle TEXT,
    graded_on DATE NOT NULL,
    month TEXT NOT NULL,
    quarter TEXT NOT NULL,
    half_year TEXT NOT NULL,
    team TEXT,
    district TEXT,
    auditor TEXT NOT NULL,
    grade_given TEXT NOT NULL,
    moderator TEXT,
    moderated_grade TEXT,
    agreed BOOLEAN
);
CREATE INDEX grading_benchmarks_audit ON grading_benchmarks (audit_id);
CREATE INDEX grading_benchmarks_cycle ON grading_benchmarks (cycle);
