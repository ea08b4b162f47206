"""The cases a sample is drawn from, as the log stood at a given position.

Reads only the event kinds that matter (cases, audits, staff) from the
notification log up to ``position``, so the same position always gives the
same population: that is what lets anyone redraw a recorded sample.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.utils import get_topic

from ledger.audits.audit import Audit
from ledger.cases.case import Case
from ledger.dates import add_months
from ledger.programme.sampling import CaseToAllocate
from ledger.staff.member import StaffMember
from ledger.vocabulary import TEAM_MANAGERS, Role

TOPICS = [
    get_topic(cls)
    for cls in (
        Case.Opened,
        Case.Transferred,
        Case.Reallocated,
        Case.Closed,
        Audit.Scheduled,
        Audit.Started,
        Audit.Cancelled,
        StaffMember.Joined,
        StaffMember.RoleChanged,
        StaffMember.Left,
    )
]
PAGE = 5000


@dataclass
class CaseFacts:
    case_ref: str
    team: str
    worker: str | None  # None: not yet allocated
    opened_on: date
    district: str
    closed_on: date | None = None


@dataclass
class AuditFacts:
    case_ref: str
    started_on: date | None = None
    cancelled: bool = False


@dataclass
class StaffFacts:
    role: str
    team: str | None
    left_on: date | None = None


@dataclass
class Population:
    """Cases, their audits and staff as the log stood at ``position``."""

    position: int
    cases: dict[UUID, CaseFacts] = field(default_factory=dict)
    audits: dict[UUID, AuditFacts] = field(default_factory=dict)
    staff: dict[UUID, tuple[str, StaffFacts]] = field(default_factory=dict)

    def open_on(self, on: date, team: str | None = None) -> int:
        """How many cases (of ``team``) were open on ``on``."""
        return sum(
            1
            for case in self.cases.values()
            if case.opened_on <= on
            and not (case.closed_on and case.closed_on <= on)
            and (team is None or case.team == team)
        )

    def eligible(
        self,
        on: date,
        look_back_months: int,
        team: str | None = None,
        *,
        by_district: bool = False,
    ) -> dict[str, list[str]]:
        """Cases open on ``on``, by team (or by district), leaving out any
        audited in the look-back window or with an audit scheduled and not
        yet started."""
        since = add_months(on, -look_back_months)
        audited = {
            audit.case_ref
            for audit in self.audits.values()
            if not audit.cancelled
            and (audit.started_on is None or since < audit.started_on <= on)
        }
        by_team: dict[str, list[str]] = {}
        for case in self.cases.values():
            if case.opened_on > on or (case.closed_on and case.closed_on <= on):
                continue
            if (team is not None and case.team != team) or case.case_ref in audited:
                continue
            stratum = case.district if by_district else case.team
            by_team.setdefault(stratum, []).append(case.case_ref)
        return {name: sorted(refs) for name, refs in sorted(by_team.items())}

    def to_allocate(self, case_ref: str, on: date) -> CaseToAllocate:
        case = self.cases[Case.id_for(case_ref)]
        managers = {
            staff_id
            for staff_id, member in self.staff.values()
            if member.team == case.team
            and Role.parse(member.role) in TEAM_MANAGERS
            and (member.left_on is None or member.left_on >= on)
        }
        worker = {case.worker} if case.worker else set()
        return CaseToAllocate(case_ref, frozenset(managers | worker))


def read_population(app: Application[UUID], position: int) -> Population:
    population = Population(position)
    for event in _events_up_to(app, position):
        _apply(population, event)
    return population


def _events_up_to(app: Application[UUID], position: int) -> Iterator[Any]:
    start = 1
    while start <= position:
        page = app.recorder.select_notifications(
            start=start, limit=PAGE, stop=position, topics=TOPICS
        )
        for notification in page:
            yield app.mapper.to_domain_event(notification)
        if len(page) < PAGE:
            return
        start = page[-1].id + 1


def _apply(population: Population, event: Any) -> None:
    cases, audits, staff = population.cases, population.audits, population.staff
    key = event.originator_id
    match event:
        case Case.Opened():
            cases[key] = CaseFacts(
                event.case_ref,
                event.team,
                event.allocated_worker,
                event.occurred_on,
                event.district,
            )
        case Case.Transferred():
            cases[key].team, cases[key].worker = event.to_team, event.allocated_worker
            cases[key].district = event.to_district or cases[key].district
        case Case.Reallocated():
            cases[key].worker = event.allocated_worker
        case Case.Closed():
            cases[key].closed_on = event.occurred_on
        case Audit.Scheduled() if event.case_ref is not None:
            audits[key] = AuditFacts(event.case_ref)
        case Audit.Started() if key in audits:
            audits[key].started_on = event.occurred_on
        case Audit.Cancelled() if key in audits:
            audits[key].cancelled = True
        case StaffMember.Joined():
            staff[key] = (event.staff_id, StaffFacts(event.role, event.team))
        case StaffMember.RoleChanged():
            member = staff[key][1]
            member.role, member.team = event.role, event.team
        case StaffMember.Left():
            staff[key][1].left_on = event.occurred_on
