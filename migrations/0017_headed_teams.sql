-- Which teams each head of service heads (§3.5 "cases transferring from
-- teams", "Team Managers"), from a day until (not including) another, as
-- staff_periods: so a team's head of service duties are theirs.
CREATE TABLE headed_teams (
    source_position BIGINT NOT NULL,
    staff_id TEXT NOT NULL,
    team TEXT NOT NULL,
    from_on DATE NOT NULL,
    to_on DATE,
    PRIMARY KEY (source_position, team)
);
CREATE INDEX headed_teams_team ON headed_teams (team, from_on);
