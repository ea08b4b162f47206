"""Who must act on each requirement, and the framework's recurring duties by
calendar period.

Every requirement names who is responsible for it: a person (``staff``: the
auditor who owes feedback, the owner of an action with no case) or a role in
a team (``team-manager`` of the case's or person's team, ``head-of-service``
for the team), or a service-wide role (``assistant-director``,
``senior-manager``, ``qa-officer``). Which person that is, is read from the
organisation on the day the requirement falls due (``staff_periods``) when
someone asks (``projections.queries.due``), so a manager who takes over a
team takes over its duties from then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ledger.dates import add_months
from ledger.vocabulary import TEAM_MANAGER_ROLES, Role

STAFF = "staff"
TEAM_MANAGER = "team-manager"
HEAD_OF_SERVICE = "head-of-service"
ASSISTANT_DIRECTOR = "assistant-director"
SENIOR_MANAGER = "senior-manager"
QA_OFFICER = "qa-officer"


def supervisor_of(role: str) -> str:
    """§2.3: who supervises someone of ``role``: a team's workers by its
    manager, managers by their head of service, heads of service and the
    senior manager by the assistant director, the QA team by the senior
    manager."""
    match Role.parse(role):
        case Role.SOCIAL_WORKER | Role.DEPUTY_TEAM_MANAGER | Role.IRO:
            return TEAM_MANAGER
        case Role.TEAM_MANAGER | Role.IRO_TEAM_MANAGER | Role.FAMILY_SUPPORT_MANAGER:
            return HEAD_OF_SERVICE
        case Role.HEAD_OF_SERVICE | Role.SENIOR_MANAGER:
            return ASSISTANT_DIRECTOR
        case _:
            return SENIOR_MANAGER


# Requirement -> who is responsible, where it does not depend on the subject.
RESPONSIBLE_FOR = {
    "management-decision": TEAM_MANAGER,  # §2.2, of the case's team
    "follow-up-1": TEAM_MANAGER,  # §3.2: "the supervisor should ... ensure"
    "follow-up-2": TEAM_MANAGER,
    "audit-feedback": STAFF,  # the auditor
    "audit-alert": STAFF,
    "audit-case-note": STAFF,
    "urgent-concern-same-day": STAFF,
    "practice-observation": TEAM_MANAGER,  # §4.1 "Team Managers will identify"
    "supervision-file-audit": SENIOR_MANAGER,  # §2.3 "the relevant Senior Manager"
    "transfer-audit": HEAD_OF_SERVICE,  # §3.3 "Transferring Heads of Service"
    "moderation": HEAD_OF_SERVICE,  # §3.3 "conducted by Heads of Service"
    "hos-sample": HEAD_OF_SERVICE,  # §3.5
    "family-support-audit": TEAM_MANAGER,  # §3.4, the family support manager
    "performance-meeting": ASSISTANT_DIRECTOR,  # §3.7 "chaired by the AD"
    "audit-cycle": QA_OFFICER,  # §3.3: the QA team collates the cycle
    "supervision-survey": SENIOR_MANAGER,  # §2.3
    "complaint-consideration": ASSISTANT_DIRECTOR,  # §4.1, SSMT's meeting
    "feedback-questionnaire": TEAM_MANAGER,  # §4.1, of the case's team
    "allocation": TEAM_MANAGER,  # a case open with no worker, its team's
}


def responsible_for(requirement: str) -> str:
    """Who answers for ``requirement`` (supervision and development reviews
    depend on the supervisee: see ``supervisor_of``)."""
    return RESPONSIBLE_FOR[requirement.split(":")[0]]


@dataclass(frozen=True)
class Period:
    """A calendar period a recurring duty falls in: its name, first and last
    day."""

    name: str
    first: date
    last: date


def month_of(day: date) -> Period:
    first = day.replace(day=1)
    return Period(f"{day:%Y-%m}", first, add_months(first, 1) - timedelta(days=1))


def quarter_of(day: date) -> Period:
    number = (day.month - 1) // 3
    first = date(day.year, 3 * number + 1, 1)
    return Period(
        f"{day.year}Q{number + 1}", first, add_months(first, 3) - timedelta(days=1)
    )


def half_of(day: date) -> Period:
    """The six-monthly whole case file audit cycle (§3.3): ``2026H1``."""
    second = day.month > 6
    first = date(day.year, 7 if second else 1, 1)
    return Period(
        f"{day.year}H{2 if second else 1}",
        first,
        add_months(first, 6) - timedelta(days=1),
    )


def year_of(day: date) -> Period:
    return Period(str(day.year), date(day.year, 1, 1), date(day.year, 12, 31))


@dataclass(frozen=True)
class Stretch:
    """A row of ``staff_periods`` (who held a role in a team and district),
    or of ``headed_teams`` (which team a head of service headed), from a day
    until (not including) another."""

    staff_id: str
    role: str
    team: str | None
    from_on: date
    to_on: date | None
    district: str | None = None

    def holds_on(self, day: date) -> bool:
        return self.from_on <= day and (self.to_on is None or day < self.to_on)


class Organisation:
    """Who held which role in which team on any day (``staff_periods``), and
    so who must act on a requirement: its responsible role, held on the day
    it fell due (or on the day read, for one not yet due)."""

    def __init__(
        self, stretches: list[Stretch], headings: list[Stretch] | None = None
    ) -> None:
        self.by_role: dict[str, list[Stretch]] = {}
        for stretch in stretches:
            self.by_role.setdefault(stretch.role, []).append(stretch)
        self.headings = headings or []

    def holders(
        self,
        roles: frozenset[Role],
        on: date,
        team: str | None = None,
        district: str | None = None,
    ) -> list[str]:
        return sorted(
            {
                s.staff_id
                for role in roles
                for s in self.by_role.get(role.value, [])
                if s.holds_on(on)
                and (team is None or s.team == team)
                and (district is None or s.district == district)
            }
        )

    def heads_of(self, team: str | None, on: date) -> list[str]:
        """The heads of service recorded as heading ``team`` on ``on``, and
        then the one recorded in it; failing both, every head of service
        recorded with no team and heading none (they head every team)."""
        heads = frozenset({Role.HEAD_OF_SERVICE})
        holding = set(self.holders(heads, on))
        heading = {h.staff_id for h in self.headings if h.holds_on(on)}
        named = sorted(
            h.staff_id
            for h in self.headings
            if h.team == team and h.holds_on(on) and h.staff_id in holding
        )
        return (
            named
            or self.holders(heads, on, team)
            or [
                staff
                for staff in sorted(holding - heading)
                if (held := self.stretch_of(staff, on)) and held.team is None
            ]
        )

    def stretch_of(self, staff_id: str, on: date) -> Stretch | None:
        """The role and team ``staff_id`` held on ``on``, if any."""
        for stretches in self.by_role.values():
            for stretch in stretches:
                if stretch.staff_id == staff_id and stretch.holds_on(on):
                    return stretch
        return None

    def responsible(
        self,
        responsible: str | None,
        staff_id: str | None,
        team: str | None,
        on: date,
        district: str | None = None,
    ) -> list[str]:
        """The people who must act on a requirement of ``responsible`` for
        ``team`` in ``district``: the team's manager of that district (or of
        any, when it has none there), the head of service heading the team
        (``heads_of``)."""
        match responsible:
            case "team-manager":
                return self.holders(
                    TEAM_MANAGER_ROLES, on, team, district
                ) or self.holders(TEAM_MANAGER_ROLES, on, team)
            case "head-of-service":
                return self.heads_of(team, on)
            case "assistant-director" | "senior-manager" | "qa-officer":
                return self.holders(frozenset({Role.parse(responsible)}), on)
            case _:
                return [staff_id] if staff_id else []
