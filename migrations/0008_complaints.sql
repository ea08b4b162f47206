-- Complaints and compliments (§4.1): one row per complaint with where it
-- stands, one per step it went through, and one per compliment.
CREATE TABLE complaints (
    position BIGINT PRIMARY KEY,
    complaint_id TEXT NOT NULL UNIQUE,
    team TEXT NOT NULL,
    category TEXT NOT NULL,
    case_ref TEXT,
    received_on DATE NOT NULL,
    received_by TEXT NOT NULL,
    stage INTEGER NOT NULL,
    stage_reached_on DATE NOT NULL,
    status TEXT NOT NULL,
    last_outcome TEXT,
    last_responded_on DATE,
    lessons INTEGER NOT NULL,
    aggregate_id TEXT NOT NULL UNIQUE
);
CREATE INDEX complaints_received ON complaints (received_on);

-- Every step of every complaint, in log order: received, escalated,
-- responded, lesson.
CREATE TABLE complaint_steps (
    position BIGINT PRIMARY KEY,
    complaint_id TEXT NOT NULL,
    step TEXT NOT NULL,
    stage INTEGER NOT NULL,
    occurred_on DATE NOT NULL,
    outcome TEXT,
    detail TEXT,
    actor TEXT NOT NULL
);
CREATE INDEX complaint_steps_complaint ON complaint_steps (complaint_id, position);
CREATE INDEX complaint_steps_on ON complaint_steps (occurred_on);

CREATE TABLE compliments (
    position BIGINT PRIMARY KEY,
    compliment_id TEXT NOT NULL UNIQUE,
    team TEXT NOT NULL,
    case_ref TEXT,
    staff_member TEXT,
    received_on DATE NOT NULL,
    received_by TEXT NOT NULL,
    summary TEXT NOT NULL
);
CREATE INDEX compliments_received ON compliments (received_on);
