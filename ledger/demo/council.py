"""The council: who is who, and its state as the demo knows it (staff,
case files, audits and actions in play), with the dates and chances every
activity draws on."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ledger.application import QALedger
from ledger.dates import add_months
from ledger.demo.diary import Diary, Step, workday
from ledger.demo.summary import DemoSummary
from ledger.vocabulary import AuditKind, Grade, Role, Team

# Who is who.

DISTRICTS = ("North", "South")
# A bigger council has more districts; each name starts with its own letter,
# which staff ids use (TM-SGN: the safeguarding team manager in North).
DISTRICT_NAMES = (
    *DISTRICTS,
    "East",
    "West",
    "Central",
    "Upper",
    "Lower",
    "Forest",
    "Harbour",
    "Riverside",
    "Vale",
    "Kirk",
)
TEAM_CODES = {
    Team.REFERRAL_AND_ASSESSMENT: "RA",
    Team.SAFEGUARDING: "SG",
    Team.LOOKED_AFTER_CHILDREN: "LAC",
    Team.CHILDREN_WITH_DISABILITIES: "CWD",
    Team.LEAVING_CARE: "LC",
    Team.FAMILY_SUPPORT: "FS",
}
HEADS_OF_SERVICE = {
    "HOS1": (Team.REFERRAL_AND_ASSESSMENT, Team.SAFEGUARDING),
    "HOS2": (Team.LOOKED_AFTER_CHILDREN, Team.LEAVING_CARE),
    "HOS3": (Team.CHILDREN_WITH_DISABILITIES, Team.FAMILY_SUPPORT, Team.IRO),
}
ADMIN, DIRECTOR, SENIOR_MANAGER, QA_LEAD = "ADM1", "AD1", "SM1", "QA1"
IRO_MANAGER = "IROTM1"


@dataclass
class Member:
    staff_id: str
    role: Role
    team: Team | None
    district: str | None
    joined: date
    left: date | None = None
    # A planned leaving or promotion: no new work in the weeks before it.
    moving_on: date | None = None

    def employed(self, day: date) -> bool:
        return self.joined <= day and (self.left is None or day <= self.left)

    def settled(self, day: date, weeks: int = 6) -> bool:
        """Employed on ``day`` and not moving on in the next ``weeks``."""
        moving = self.moving_on
        soon = moving is not None and day <= moving <= day + timedelta(weeks=weeks)
        return self.employed(day) and not soon

    @property
    def index(self) -> int:
        return int(self.staff_id[-1]) if self.staff_id[-1].isdigit() else 0


@dataclass
class CaseFile:
    ref: str
    team: Team
    district: str
    worker: str
    opened: date
    closed: date | None = None
    busy_until: date | None = None
    audit_starts: list[date] = field(default_factory=list)
    audits_pending: int = 0
    # Cases are numbered in the order they were opened.
    number: int = 0

    @property
    def is_open(self) -> bool:
        return self.closed is None

    def eligible(self, day: date, look_back_months: int) -> bool:
        """As ``ledger.programme.population`` sees it: open, not audited in
        the look-back window and with no audit scheduled but not started."""
        since = add_months(day, -look_back_months)
        recent = any(since < started <= day for started in self.audit_starts)
        return self.is_open and not recent and self.audits_pending == 0


@dataclass
class AuditState:
    audit_id: str
    kind: AuditKind
    auditor: str
    case_ref: str | None
    theme: str | None = None
    cycle: str | None = None
    started_on: date | None = None
    grade: Grade | None = None


@dataclass
class ActionState:
    action_id: str
    owner: str
    set_on: date
    due_on: date
    case_ref: str | None
    # Who follows up an action from a cycle's plan; a case's own team manager
    # follows up the rest.
    reviewer: str | None = None
    done: bool = False
    escalated: bool = False


@dataclass
class Council:
    """One council's staff, case files, audits and actions as the demo keeps
    them. A council sharing its ledger with others has a ``code`` (``C001``)
    that starts its staff ids, case references and district names."""

    ledger: QALedger
    rng: random.Random
    seed: int
    # The first and last day of the year being planned (each year in turn).
    start: date
    end: date
    diary: Diary
    summary: DemoSummary
    code: str = ""
    districts: tuple[str, ...] = DISTRICTS
    # Social workers and cases per team and district, as multiples of the
    # demo council's.
    size: int = 1
    # The ledger holds other councils too: what the domain keys by period or
    # month alone (cycles, heads of service samples, the survey) is left out.
    joint: bool = False
    # The ledger's first day (the first year's ``start``).
    first_day: date | None = None
    staff: dict[str, Member] = field(default_factory=dict)
    cases: dict[str, CaseFile] = field(default_factory=dict)
    # The open ones, in the order they were opened, and by team and district.
    open_refs: dict[str, CaseFile] = field(default_factory=dict)
    open_by_place: dict[tuple[Team, str], dict[str, CaseFile]] = field(
        default_factory=dict
    )
    audits: dict[str, AuditState] = field(default_factory=dict)
    actions: dict[str, ActionState] = field(default_factory=dict)
    complaints: dict[str, tuple[Team, str, int]] = field(default_factory=dict)
    # Reports to table at the next performance management meeting.
    news: list[str] = field(default_factory=list)
    case_numbers: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    responses_given: int = 0
    # Staff by the roles, team and district asked for (employed or not),
    # until the staff change.
    found: dict[tuple[Any, ...], list[Member]] = field(default_factory=dict)

    # Who is who, by id.

    def sid(self, local: str) -> str:
        """The id of ``local`` (``TM-SGN``) in this council (``C001-TM-SGN``)."""
        return f"{self.code}-{local}" if self.code else local

    @property
    def admin(self) -> str:
        return self.sid(ADMIN)

    @property
    def director(self) -> str:
        return self.sid(DIRECTOR)

    @property
    def senior_manager(self) -> str:
        return self.sid(SENIOR_MANAGER)

    @property
    def qa_lead(self) -> str:
        return self.sid(QA_LEAD)

    @property
    def iro_manager(self) -> str:
        return self.sid(IRO_MANAGER)

    @property
    def heads_of_service(self) -> dict[str, tuple[Team, ...]]:
        return {self.sid(hos): teams for hos, teams in HEADS_OF_SERVICE.items()}

    def head_of_service(self, team: Team) -> str:
        return self.sid(head_of_service(team))

    def initial(self, district: str) -> str:
        """The letter staff ids use for ``district``."""
        return district.removeprefix(f"{self.code} ")[0]

    # Dates and chances.

    def book(self, day: date, step: Step) -> None:
        """Book ``step`` on the first working day from ``day``."""
        self.diary.book(workday(day), step)

    def month(self, months: int, day: int = 1) -> date:
        """Day ``day`` of the calendar month ``months`` after the one the
        year starts in, and never before the year's first day.

        Counted in calendar months, not from the start's day of the month:
        what the ledger keys by month, half-year or year (heads of service
        samples, cycles, the survey) then falls in a different one every
        time, however far into a month the year starts (a demo ending today
        starts on any day). A year starting on the 1st is unchanged."""
        first = add_months(self.start.replace(day=1), months)
        return max(self.start, first + timedelta(days=day - 1))

    def later(self, day: date, low: int, high: int) -> date:
        return day + timedelta(days=self.rng.randint(low, high))

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def half_years(self, day: date) -> int:
        """Whole half-years from the ledger's first day to ``day``: 0 in the
        first half of the first year, 1 in its second half, and so on."""
        first = self.first_day or self.start
        halves = 0
        while day >= add_months(first, 6 * (halves + 1)):
            halves += 1
        return halves

    def count(self, what: str, n: int = 1) -> None:
        self.summary.counts[what] += n

    # Who is who on a day.

    def members(
        self,
        day: date,
        *roles: Role,
        team: Team | None = None,
        district: str | None = None,
    ) -> list[Member]:
        key = (roles, team, district)
        found = self.found.get(key)
        if found is None:
            found = self.found[key] = [
                m
                for m in self.staff.values()
                if m.role in roles
                and (team is None or m.team == team)
                and (district is None or m.district == district)
            ]
        return [m for m in found if m.employed(day)]

    def staff_changed(self) -> None:
        """Someone joined, or changed role."""
        self.found.clear()

    def manager(self, team: Team, district: str | None, day: date) -> str:
        """The team manager (family support manager, IRO team manager)."""
        if team == Team.IRO:
            return self.iro_manager
        role = Role.FAMILY_SUPPORT_MANAGER if team == Team.FAMILY_SUPPORT else None
        found = self.members(
            day, role or Role.TEAM_MANAGER, team=team, district=district
        )
        return found[0].staff_id

    def deputy(self, team: Team, district: str | None, day: date) -> str | None:
        found = self.members(
            day, Role.DEPUTY_TEAM_MANAGER, team=team, district=district
        )
        return found[0].staff_id if found else None

    def case_manager(self, ref: str, day: date) -> str:
        case = self.cases[ref]
        return self.manager(case.team, case.district, day)

    def open_cases(
        self, *, team: Team | None = None, district: str | None = None
    ) -> list[CaseFile]:
        """Open cases: all in the order they were opened, or a team's (in a
        district) in no particular order."""
        if team is None:
            return [
                case
                for case in self.open_refs.values()
                if district is None or case.district == district
            ]
        places = [district] if district is not None else self.districts
        return [
            case
            for place in places
            for case in self.open_by_place.get((team, place), {}).values()
        ]

    def case_opened(self, case: CaseFile) -> None:
        self.cases[case.ref] = self.open_refs[case.ref] = case
        self.open_by_place.setdefault((case.team, case.district), {})[case.ref] = case

    def case_transferred(self, case: CaseFile, team: Team) -> None:
        del self.open_by_place[case.team, case.district][case.ref]
        case.team = team
        self.open_by_place.setdefault((team, case.district), {})[case.ref] = case

    def case_closed(self, case: CaseFile, day: date) -> None:
        case.closed = day
        del self.open_refs[case.ref]
        del self.open_by_place[case.team, case.district][case.ref]


def head_of_service(team: Team) -> str:
    return next(hos for hos, teams in HEADS_OF_SERVICE.items() if team in teams)
