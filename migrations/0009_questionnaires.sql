-- Feedback from children and families (§4.1): one row per questionnaire
-- sent, with its ratings (1 to 5) once returned.
CREATE TABLE questionnaires (
    position BIGINT PRIMARY KEY,
    questionnaire_id TEXT NOT NULL UNIQUE,
    case_ref TEXT NOT NULL,
    recipient TEXT NOT NULL,
    reason TEXT NOT NULL,
    sent_on DATE NOT NULL,
    sent_by TEXT NOT NULL,
    returned_on DATE,
    listened_to INTEGER,
    understood INTEGER,
    helped INTEGER,
    treated_with_respect INTEGER,
    overall INTEGER,
    has_comments BOOLEAN NOT NULL,
    aggregate_id TEXT NOT NULL UNIQUE
);
CREATE INDEX questionnaires_sent ON questionnaires (sent_on);
