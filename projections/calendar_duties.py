"""The framework's duties that fall due by the calendar rather than after an
event: the monthly performance management meeting (§3.7), each team's monthly
head of service sample (§3.5), the family support team's quarterly audits
(§3.4), the six-monthly whole case file audit cycle (§3.3) and the yearly
supervision survey (§2.3).

Each period's requirement is placed in ``compliance`` as the log reaches the
period (the first event dated in it), due at the period's end plus
``calendar_grace_days``; a period the log passes over in silence is placed
when the next event comes. A team's samples begin in the month its first case
is opened or transferred to it. Requirement ids name the period
(``performance-meeting/service/2026-11``), so the record that meets one finds
it from its date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from ledger.settings import Settings
from ledger.vocabulary import Team
from projections.compliance_book import ComplianceBook, Requirement, day
from projections.duties import (
    Period,
    half_of,
    month_of,
    quarter_of,
    responsible_for,
    year_of,
)
from projections.engine.projection import Position
from projections.engine.read_store import Cursor

SERVICE = "service"
PERIOD_OF: dict[str, Callable[[date], Period]] = {
    "performance-meeting": month_of,
    "audit-cycle": half_of,
    "supervision-survey": year_of,
    "hos-sample": month_of,
    "family-support-audit": quarter_of,
}
SERVICE_DUTIES = ("performance-meeting", "audit-cycle", "supervision-survey")


def team_subject(team: str) -> str:
    return f"team:{team}"


def requirement_id(requirement: str, subject_id: str, period: Period) -> str:
    return f"{requirement}/{subject_id}/{period.name}"


class CalendarDuties:
    """Places each period's requirement once, and finds it again by date."""

    def __init__(self, settings: Settings, book: ComplianceBook) -> None:
        self.settings = settings
        self.book = book
        # (requirement, subject) -> the first day of its latest placed period;
        # None until read from the table (after a reset or a restart).
        self.latest: dict[tuple[str, str], date] | None = None
        self.through: date | None = None  # every duty is placed up to here

    def reset(self) -> None:
        self.latest = None
        self.through = None

    def known(self, cursor: Cursor) -> dict[tuple[str, str], date]:
        if self.latest is None:
            marks = ", ".join("?" for _ in PERIOD_OF)
            rows = cursor.fetchall(
                "SELECT requirement, subject_id, MAX(due_on) FROM compliance "
                f"WHERE requirement IN ({marks}) GROUP BY requirement, subject_id",
                tuple(PERIOD_OF),
            )
            grace = timedelta(days=self.settings.calendar_grace_days)
            self.latest = {
                (str(r), str(s)): PERIOD_OF[str(r)](day(due) - grace).first
                for r, s, due in rows
            }
            self.through = self.placed_through(self.latest)
        return self.latest

    def reach(self, cursor: Cursor, at: Position, on: date) -> None:
        """Place every period's requirement up to the one holding ``on``."""
        latest = self.known(cursor)
        if self.through is not None and on <= self.through:
            return
        if not latest:
            for requirement in SERVICE_DUTIES:
                latest[(requirement, SERVICE)] = self.place(
                    cursor, at, requirement, SERVICE, None, PERIOD_OF[requirement](on)
                )
        for key in list(latest):
            self.extend(cursor, at, key, on)
        self.through = self.placed_through(latest)

    def extend(
        self, cursor: Cursor, at: Position, key: tuple[str, str], on: date
    ) -> None:
        """Place the periods of one duty after its latest, up to the one
        holding ``on``."""
        latest = self.known(cursor)
        requirement, subject_id = key
        period_of = PERIOD_OF[requirement]
        team = subject_id.removeprefix("team:") if subject_id != SERVICE else None
        period = period_of(latest[key])
        while period.last < on:
            period = period_of(period.last + timedelta(days=1))
            latest[key] = self.place(cursor, at, requirement, subject_id, team, period)

    @staticmethod
    def placed_through(latest: dict[tuple[str, str], date]) -> date | None:
        """The last day every duty has its period placed for."""
        return min(
            (PERIOD_OF[r](first).last for (r, _), first in latest.items()),
            default=None,
        )

    def team_has_cases(self, cursor: Cursor, at: Position, team: str, on: date) -> None:
        """A team's samples (and the family support team's quarterly audits)
        begin in the period its first case arrives in."""
        latest = self.known(cursor)
        duties = ["hos-sample"]
        if team == Team.FAMILY_SUPPORT:
            duties.append("family-support-audit")
        for requirement in duties:
            key = (requirement, team_subject(team))
            if key not in latest:
                latest[key] = self.place(
                    cursor, at, requirement, key[1], team, PERIOD_OF[requirement](on)
                )
                # A back-dated first case: its team's later periods are owed
                # too, up to the latest month placed for the service (which
                # the table keeps, so a rebuild and a catch-up agree).
                service_month = latest.get(("performance-meeting", SERVICE))
                if service_month is not None:
                    self.extend(cursor, at, key, service_month)
                self.through = self.placed_through(latest)

    def place(
        self,
        cursor: Cursor,
        at: Position,
        requirement: str,
        subject_id: str,
        team: str | None,
        period: Period,
    ) -> date:
        grace = timedelta(days=self.settings.calendar_grace_days)
        book = self.book.subject(cursor, subject_id)
        self.book.add(
            cursor,
            book,
            Requirement(
                requirement_id(requirement, subject_id, period),
                requirement,
                subject_id,
                None,
                None,
                team,
                period.last + grace,
                None,
                "open",
                at.position,
                responsible_for(requirement),
            ),
        )
        return period.first

    def meet(
        self,
        cursor: Cursor,
        requirement: str,
        subject_id: str,
        on: date,
        *,
        within: date | None = None,
    ) -> None:
        """The record dated ``on`` meets the requirement of the period holding
        ``within`` (default ``on``: a sample drawn for a month, a survey for a
        year, may be recorded after it), if that period was placed (the log
        had begun) and not met earlier."""
        period = PERIOD_OF[requirement](within or on)
        wanted = requirement_id(requirement, subject_id, period)
        book = self.book.subject(cursor, subject_id)
        for row in book.of(requirement):
            if row.requirement_id == wanted and (row.met_on is None or on < row.met_on):
                self.book.set_met(cursor, row, on)
