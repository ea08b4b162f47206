"""Staff members: who may act, in which role, team and district, and when."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from ledger.errors import InvalidTransition, InvalidValue, StaffMemberHasLeft
from ledger.events import Attribution, LedgerAggregate, LedgerCreated, LedgerEvent
from ledger.ids import aggregate_id
from ledger.vocabulary import Role


class StaffMember(LedgerAggregate):
    TOPIC = "ledger.staff:StaffMember"
    staff_id: str
    name: str
    role: str
    team: str | None
    district: str | None
    started_on: date
    left_on: date | None
    login: str | None
    # The teams a head of service heads (§3.5), from TeamsHeaded.
    heads: list[str]

    def __init__(self) -> None:
        """State is set by the created event's ``apply``, never by arguments."""

    @staticmethod
    def id_for(staff_id: str) -> UUID:
        return aggregate_id("staff", staff_id)

    @classmethod
    def join(
        cls,
        by: Attribution,
        *,
        staff_id: str,
        name: str,
        role: str,
        team: str | None,
        district: str | None,
    ) -> StaffMember:
        return cls._create(
            cls.Joined,
            id=cls.id_for(staff_id),
            staff_id=staff_id,
            name=name,
            role=role,
            team=team,
            district=district,
            **by.stamp(),
        )

    class Joined(LedgerCreated):
        TOPIC = "ledger.staff:StaffMember.Joined"
        class_version = 1
        staff_id: str
        name: str
        role: str
        team: str | None
        district: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.staff_id = self.staff_id
            aggregate.name = self.name
            aggregate.role = self.role
            aggregate.team = self.team
            aggregate.district = self.district
            aggregate.started_on = self.occurred_on
            aggregate.left_on = None
            aggregate.login = None
            aggregate.heads = []

    def change_role(
        self, by: Attribution, *, role: str, team: str | None, district: str | None
    ) -> None:
        self.check_employed(by.occurred_on)
        self.trigger_event(
            self.RoleChanged, role=role, team=team, district=district, **by.stamp()
        )

    class RoleChanged(LedgerEvent):
        TOPIC = "ledger.staff:StaffMember.RoleChanged"
        class_version = 1
        role: str
        team: str | None
        district: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.role = self.role
            aggregate.team = self.team
            aggregate.district = self.district
            aggregate.heads = []  # a new role ends a headship

    def leave(self, by: Attribution) -> None:
        if self.left_on is not None:
            raise InvalidTransition(
                f"staff member {self.staff_id} already left on {self.left_on}"
            )
        if by.occurred_on < self.started_on:
            raise InvalidTransition(
                f"staff member {self.staff_id} cannot leave on {by.occurred_on}, "
                f"before joining on {self.started_on}"
            )
        self.trigger_event(self.Left, **by.stamp())

    class Left(LedgerEvent):
        TOPIC = "ledger.staff:StaffMember.Left"
        class_version = 1

        def apply(self, aggregate: Any) -> None:
            aggregate.left_on = self.occurred_on

    def head_teams(self, by: Attribution, *, teams: list[str]) -> None:
        """§3.5: a head of service heads teams (their samples, transfer
        audits and moderations); from this day, these in place of any
        before."""
        self.check_employed(by.occurred_on)
        if self.role != Role.HEAD_OF_SERVICE.value:
            raise InvalidValue(
                f"{self.staff_id} is a {self.role}; only a head of service heads teams"
            )
        if not teams:
            raise InvalidValue("name at least one team headed")
        self.trigger_event(self.TeamsHeaded, teams=teams, **by.stamp())

    class TeamsHeaded(LedgerEvent):
        TOPIC = "ledger.staff.member:StaffMember.TeamsHeaded"
        class_version = 1
        teams: list[str]

        def apply(self, aggregate: Any) -> None:
            aggregate.heads = list(self.teams)

    def grant_login(self, by: Attribution, *, login: str) -> None:
        """Map a PostgreSQL login to this staff member: connected as it, they
        act as themselves and nobody else."""
        self.check_employed(by.occurred_on)
        if self.login is not None:
            raise InvalidTransition(
                f"staff member {self.staff_id} already logs in as {self.login}"
            )
        self.trigger_event(self.LoginGranted, login=login, **by.stamp())

    class LoginGranted(LedgerEvent):
        TOPIC = "ledger.staff:StaffMember.LoginGranted"
        class_version = 1
        login: str

        def apply(self, aggregate: Any) -> None:
            aggregate.login = self.login

    def check_employed(self, on: date) -> None:
        if self.left_on is not None and on > self.left_on:
            raise StaffMemberHasLeft(self.staff_id, self.left_on.isoformat())

    def as_dict(self) -> dict[str, Any]:
        return {
            "staff_id": self.staff_id,
            "name": self.name,
            "role": self.role,
            "team": self.team,
            "district": self.district,
            "started_on": self.started_on.isoformat(),
            "left_on": self.left_on.isoformat() if self.left_on else None,
            "login": self.login,
            "heads": list(self.heads),
        }
