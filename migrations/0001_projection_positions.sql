-- How far each projection has read the notification log. Written in the same
-- transaction as the projection's rows, so a crash never double-counts.
CREATE TABLE projection_positions (
    projection TEXT PRIMARY KEY,
    position BIGINT NOT NULL,
    -- Set while a rebuild is under way, so an interrupted rebuild resumes.
    rebuilding BOOLEAN NOT NULL
);
