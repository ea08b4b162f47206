"""The council: who is who, and its state as the demo knows it (staff,
case files, audits and actions in play), with the dates and chances every
activity draws on."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from ledger.application import QALedger
from ledger.dates import add_months
from ledger.demo.diary import Diary, Step, workday
from ledger.demo.summary import DemoSummary
from ledger.vocabulary import AuditKind, Grade, Role, Team

# Who is who.

DISTRICTS = ("North", "South")
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

    @property
    def is_open(self) -> bool:
        return self.closed is None

    def eligible(self, day: date, look_back_months: int) -> bool:
        """As ``ledger.population`` sees it: open, not audited in the look-back
        window and with no audit scheduled but not started."""
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
    ledger: QALedger
    rng: random.Random
    seed: int
    start: date
    end: date
    diary: Diary
    summary: DemoSummary
    staff: dict[str, Member] = field(default_factory=dict)
    cases: dict[str, CaseFile] = field(default_factory=dict)
    audits: dict[str, AuditState] = field(default_factory=dict)
    actions: dict[str, ActionState] = field(default_factory=dict)
    complaints: dict[str, tuple[Team, str, int]] = field(default_factory=dict)
    # Reports to table at the next performance management meeting.
    news: list[str] = field(default_factory=list)
    case_numbers: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    responses_given: int = 0

    # Dates and chances.

    def book(self, day: date, step: Step) -> None:
        """Book ``step`` on the first working day from ``day``."""
        self.diary.book(workday(day), step)

    def month(self, months: int, day: int = 1) -> date:
        return add_months(self.start, months) + timedelta(days=day - 1)

    def later(self, day: date, low: int, high: int) -> date:
        return day + timedelta(days=self.rng.randint(low, high))

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def half(self, day: date) -> str:
        return "first half" if day < add_months(self.start, 6) else "second half"

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
        return [
            m
            for m in self.staff.values()
            if m.employed(day)
            and m.role in roles
            and (team is None or m.team == team)
            and (district is None or m.district == district)
        ]

    def manager(self, team: Team, district: str | None, day: date) -> str:
        """The team manager (family support manager, IRO team manager)."""
        if team == Team.IRO:
            return IRO_MANAGER
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
        return [
            case
            for case in self.cases.values()
            if case.is_open
            and (team is None or case.team == team)
            and (district is None or case.district == district)
        ]


def head_of_service(team: Team) -> str:
    return next(hos for hos, teams in HEADS_OF_SERVICE.items() if team in teams)
